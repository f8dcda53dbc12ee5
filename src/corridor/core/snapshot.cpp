#include <corridor/core/snapshot.hpp>

#include <algorithm>

#include <sodium.h>

namespace corridor::core {
namespace {

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.push_back('=');
  out.append(value);
  out.push_back('\n');
}

}  // namespace

const std::vector<std::string_view>& snapshot_fields() {
  static const std::vector<std::string_view> k_fields = {
      "national_id", "passport_no", "name_ar", "name_en", "date_of_birth", "sex", "nationality"};
  return k_fields;
}

std::string canonical_snapshot(const Person& p, std::string_view salt) {
  std::string out;
  out.reserve(192);
  out.append("corridor-snapshot-v1\n");
  append_field(out, "salt",
               to_hex(reinterpret_cast<const std::uint8_t*>(salt.data()), salt.size()));
  append_field(out, "national_id", p.national_id);
  append_field(out, "passport_no", p.passport_no);
  append_field(out, "name_ar", p.name_ar);
  append_field(out, "name_en", p.name_en);
  append_field(out, "date_of_birth", p.date_of_birth.to_string());
  append_field(out, "sex", to_string(p.sex));
  append_field(out, "nationality", p.nationality);
  return out;
}

Hash256 snapshot_hash(const Person& person, std::string_view salt) {
  const std::string bytes = canonical_snapshot(person, salt);
  Hash256 h{};
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return h;
}

namespace {

Hash256 sha256_of(std::string_view a, std::string_view b, std::string_view c = {}) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  for (std::string_view part : {a, b, c})
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  Hash256 h{};
  crypto_hash_sha256_final(&st, h.data());
  return h;
}

}  // namespace

Hash256 case_key(std::string_view salt) { return sha256_of("corridor-case-key/v1\n", salt); }

std::string public_id(const Hash256& key, std::string_view ref) {
  const Hash256 h =
      sha256_of("corridor-case-id/v1\n",
                std::string_view(reinterpret_cast<const char*>(key.data()), key.size()), ref);
  return to_hex(h.data(), 16);
}

bool is_public_id(std::string_view text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace corridor::core
