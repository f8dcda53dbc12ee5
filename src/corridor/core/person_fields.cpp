#include <corridor/core/person_fields.hpp>

#include <corridor/core/national_id.hpp>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace corridor::core {
namespace {

constexpr std::size_t k_max_name = 200;
constexpr std::size_t k_max_passport = 20;
constexpr std::size_t k_max_phone = 32;

Error field_error(std::string_view field, const std::string& what) {
  return invalid(std::string(field), what);
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// Unicode NFC, so that the same name typed two ways (a precomposed letter,
// or a letter and a combining mark) is stored, hashed and compared alike.
// The input is valid UTF-8 (the CSV reader checks it).
Result<std::string> to_nfc(std::string_view field, std::string_view v) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  const icu::StringPiece piece(v.data(), static_cast<std::int32_t>(v.size()));
  // Most names are already NFC: check the UTF-8 as it is, convert only if not.
  if (U_SUCCESS(status) && nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status))
    return std::string(v);
  status = U_ZERO_ERROR;
  icu::UnicodeString normal = nfc->normalize(icu::UnicodeString::fromUTF8(piece), status);
  if (U_FAILURE(status)) return field_error(field, "cannot be normalised (invalid Unicode)");
  std::string out;
  normal.toUTF8String(out);
  return out;
}

Result<void> set_name(std::string& out, std::string_view field, std::string_view v) {
  if (has_control(v)) return field_error(field, "contains a control character");
  if (v.size() > k_max_name)
    return field_error(field, "longer than " + std::to_string(k_max_name) + " bytes");
  auto normal = to_nfc(field, v);
  if (!normal) return std::move(normal).error();
  out = std::move(normal).value();
  return {};
}

Result<void> set_national_id(Person& p, std::string_view v, std::vector<Flag>& flags) {
  if (!v.empty() && (v.size() != 9 ||
                     !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })))
    return field_error("national_id", "must be exactly 9 digits (got " + std::string(v) + ")");
  if (!v.empty() && !national_id_check_digit_ok(v))
    flags.push_back({"id-check-digit", "check digit fails (got " + std::string(v) + ")"});
  p.national_id = v;
  return {};
}

Result<void> set_passport(Person& p, std::string_view v) {
  auto ok = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (v.size() > k_max_passport || !std::all_of(v.begin(), v.end(), ok))
    return field_error("passport_no", "must be up to " + std::to_string(k_max_passport) +
                                          " capital letters and digits (got " + std::string(v) +
                                          ")");
  p.passport_no = v;
  return {};
}

Result<void> set_birth(Person& p, std::string_view v, const Date& today) {
  auto d = parse_date(v);
  if (!d) return field_error("date_of_birth", "not a date YYYY-MM-DD (got " + std::string(v) + ")");
  if (*d > today)
    return field_error("date_of_birth", "is in the future (" + std::string(v) + " is after " +
                                            today.to_string() + ")");
  p.date_of_birth = *d;
  return {};
}

Result<void> set_sex(Person& p, std::string_view v) {
  auto s = parse_sex(v);
  if (!s) return field_error("sex", "must be M or F (got " + std::string(v) + ")");
  p.sex = *s;
  return {};
}

Result<void> set_nationality(Person& p, std::string_view v) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (!v.empty() && (v.size() != 3 || !std::all_of(v.begin(), v.end(), upper)))
    return field_error("nationality",
                       "must be a 3-letter ISO 3166 code such as PSE (got " + std::string(v) + ")");
  p.nationality = v;
  return {};
}

Result<void> set_phone(Person& p, std::string_view v) {
  auto ok = [](char c) {
    return (c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '-' || c == '(' || c == ')';
  };
  if (v.size() > k_max_phone || !std::all_of(v.begin(), v.end(), ok))
    return field_error("phone", "must be digits, spaces and + - ( ) only, up to " +
                                    std::to_string(k_max_phone) + " characters");
  p.phone = v;
  return {};
}

}  // namespace

const std::vector<std::string_view>& person_fields() {
  static const std::vector<std::string_view> k_fields = {"national_id", "passport_no",   "name_ar",
                                                         "name_en",     "date_of_birth", "sex",
                                                         "nationality", "phone"};
  return k_fields;
}

std::string person_field(const Person& p, std::string_view f) {
  if (f == "national_id") return p.national_id;
  if (f == "passport_no") return p.passport_no;
  if (f == "name_ar") return p.name_ar;
  if (f == "name_en") return p.name_en;
  if (f == "date_of_birth") return p.date_of_birth.to_string();
  if (f == "sex") return std::string(to_string(p.sex));
  if (f == "nationality") return p.nationality;
  if (f == "phone") return p.phone;
  return {};
}

Result<void> set_person_field(Person& p, std::string_view field, std::string_view value,
                              const Date& today, std::vector<Flag>& flags) {
  const std::string_view v = trim(value);
  if (field == "national_id") return set_national_id(p, v, flags);
  if (field == "passport_no") return set_passport(p, v);
  if (field == "name_ar") return set_name(p.name_ar, field, v);
  if (field == "name_en") return set_name(p.name_en, field, v);
  if (field == "date_of_birth") return set_birth(p, v, today);
  if (field == "sex") return set_sex(p, v);
  if (field == "nationality") return set_nationality(p, v);
  if (field == "phone") return set_phone(p, v);
  return invalid(std::string(field),
                 "not an identity field (one of national_id, passport_no, name_ar, name_en, "
                 "date_of_birth, sex, nationality, phone)");
}

Result<void> check_person_complete(const Person& p) {
  if (p.name_ar.empty() && p.name_en.empty())
    return field_error("name_ar",
                       "a name is required in Arabic or Latin script (name_ar or name_en)");
  if (p.national_id.empty() && p.passport_no.empty())
    return field_error("national_id", "a national_id or a passport_no is required");
  return {};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace corridor::core
