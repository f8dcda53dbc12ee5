#include <corridor/ledger/base64.hpp>
#include <corridor/ledger/witness_request.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

namespace corridor::ledger {
namespace {

core::Error bad(std::size_t line, const std::string& what) {
  return core::make_error(core::Errc::bad_input,
                          "add-checkpoint request: line " + std::to_string(line) + ": " + what);
}

}  // namespace

core::Result<WitnessRequest> parse_witness_request(std::string_view body) {
  WitnessRequest r;
  std::size_t pos = 0;
  std::size_t number = 0;
  auto next = [&]() -> std::optional<std::string_view> {
    const auto nl = body.find('\n', pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view l = body.substr(pos, nl - pos);
    pos = nl + 1;
    ++number;
    return l;
  };
  auto first = next();
  if (!first) return bad(1, "no \"old SIZE\" line ending in a newline");
  if (first->substr(0, 4) != "old ") return bad(1, "the first line must be \"old SIZE\"");
  const std::string_view digits = first->substr(4);
  const bool leading_zero = digits.size() > 1 && digits[0] == '0';
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), r.old_size);
  if (digits.empty() || leading_zero || ec != std::errc() || end != digits.data() + digits.size() ||
      r.old_size > static_cast<std::uint64_t>(INT64_MAX))
    return bad(1, "the old size is not a decimal size without leading zeroes");
  for (;;) {
    auto l = next();
    if (!l) return bad(number + 1, "no empty line before the checkpoint");
    if (l->empty()) break;
    if (r.proof.size() == k_max_witness_proof_lines)
      return bad(number, "more than 63 consistency proof lines");
    auto bytes = base64_decode(*l);
    if (!bytes || bytes->size() != 32)
      return bad(number, "a consistency proof line is not the base64 of a 32-byte hash");
    Hash h;
    std::copy(bytes->begin(), bytes->end(), h.begin());
    r.proof.push_back(h);
  }
  if (pos == body.size()) return bad(number + 1, "no checkpoint after the empty line");
  r.checkpoint = std::string(body.substr(pos));
  return r;
}

std::string format_witness_request(std::uint64_t old_size, const std::vector<Hash>& proof,
                                   std::string_view checkpoint) {
  std::string body = "old " + std::to_string(old_size) + "\n";
  for (const Hash& h : proof)
    body += base64_encode({reinterpret_cast<const char*>(h.data()), h.size()}) + "\n";
  return body + "\n" + std::string(checkpoint);
}

}  // namespace corridor::ledger
