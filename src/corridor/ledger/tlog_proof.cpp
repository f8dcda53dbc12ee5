#include <corridor/ledger/tlog_proof.hpp>

#include <corridor/ledger/base64.hpp>

#include <charconv>

namespace corridor::ledger {
namespace {

constexpr std::string_view k_header = "c2sp.org/tlog-proof@v1";
constexpr std::size_t k_max_path = 63;

}  // namespace

std::string format_tlog_proof(const TlogProof& p) {
  std::string out(k_header);
  out += "\n";
  if (p.extra) out += "extra " + base64_encode(*p.extra) + "\n";
  out += "index " + std::to_string(p.index) + "\n";
  for (const Hash& h : p.path)
    out += base64_encode({reinterpret_cast<const char*>(h.data()), h.size()}) + "\n";
  return out + "\n" + p.checkpoint;
}

core::Result<TlogProof> parse_tlog_proof(std::string_view text) {
  std::size_t pos = 0;
  int line_no = 0;
  auto fail = [&](const std::string& what) {
    return core::make_error(core::Errc::bad_input,
                            "tlog-proof line " + std::to_string(line_no) + ": " + what);
  };
  auto next = [&]() -> std::optional<std::string_view> {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view l = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    return l;
  };
  auto header = next();
  if (!header || *header != k_header) return fail("expected " + std::string(k_header));
  TlogProof p;
  auto l = next();
  if (l && l->substr(0, 6) == "extra ") {
    auto bytes = base64_decode(l->substr(6));
    if (!bytes) return fail("extra: not base64");
    p.extra = std::move(*bytes);
    l = next();
  }
  if (!l || l->substr(0, 6) != "index ") return fail("expected \"index N\"");
  std::string_view v = l->substr(6);
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), p.index);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || (v.size() > 1 && v[0] == '0'))
    return fail("index: not a decimal number");
  for (;;) {
    l = next();
    if (!l) return fail("no empty line before the checkpoint");
    if (l->empty()) break;
    if (p.path.size() == k_max_path) return fail("more than 63 proof hashes");
    auto bytes = base64_decode(*l);
    if (!bytes || bytes->size() != 32) return fail("not a base64 SHA-256 hash");
    Hash h;
    std::copy(bytes->begin(), bytes->end(), h.begin());
    p.path.push_back(h);
  }
  p.checkpoint = std::string(text.substr(pos));
  if (p.checkpoint.empty()) return fail("no checkpoint");
  return p;
}

}  // namespace corridor::ledger
