#include <corridor/ledger/tiles.hpp>

#include <cassert>
#include <cstdint>
#include <stdexcept>
#include <string>

// The format: C2SP tlog-tiles, https://c2sp.org/tlog-tiles.

namespace corridor::ledger {
namespace {

core::Error bundle_error(std::size_t offset, const std::string& what) {
  return core::make_error(core::Errc::bad_input,
                          "entry bundle: " + what + " at byte offset " + std::to_string(offset));
}

std::string three_digits(std::uint64_t group) {
  std::string s = std::to_string(group);
  return std::string(3 - s.size(), '0') + s;
}

std::string width_suffix(unsigned width) {
  assert(width >= 1 && width <= k_tile_width);
  return width == k_tile_width ? "" : ".p/" + std::to_string(width);
}

}  // namespace

std::string tile_index_path(std::uint64_t n) {
  std::string out = three_digits(n % 1000);
  for (n /= 1000; n > 0; n /= 1000) out = "x" + three_digits(n % 1000) + "/" + out;
  return out;
}

std::string tile_path(unsigned level, std::uint64_t n, unsigned width) {
  return "tile/" + std::to_string(level) + "/" + tile_index_path(n) + width_suffix(width);
}

std::string entries_path(std::uint64_t n, unsigned width) {
  return "tile/entries/" + tile_index_path(n) + width_suffix(width);
}

core::Result<TilePath> parse_tile_path(std::string_view path) {
  auto bad = [&](const std::string& why) {
    return core::make_error(core::Errc::bad_input, "bad tile path: " + why);
  };
  if (path.substr(0, 5) != "tile/") return bad("it does not start with tile/");
  path.remove_prefix(5);
  TilePath out;
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return bad("no index");
  const std::string_view head = path.substr(0, slash);
  path.remove_prefix(slash + 1);
  if (head != "entries") {
    if (head.empty() || head.size() > 2 || head.find_first_not_of("0123456789") != head.npos ||
        (head.size() == 2 && head[0] == '0'))
      return bad("level '" + std::string(head) + "' is not a number");
    const unsigned level = static_cast<unsigned>(std::stoi(std::string(head)));
    if (level > 63) return bad("level " + std::string(head) + " is over 63");
    out.level = level;
  }
  if (const auto p = path.find(".p/"); p != std::string_view::npos) {
    const std::string_view w = path.substr(p + 3);
    if (w.empty() || w.size() > 3 || w.find_first_not_of("0123456789") != w.npos || w[0] == '0')
      return bad("width '" + std::string(w) + "' is not 1..255");
    const int width = std::stoi(std::string(w));
    if (width < 1 || width > 255) return bad("width " + std::string(w) + " is not 1..255");
    out.width = static_cast<unsigned>(width);
    path = path.substr(0, p);
  }
  // Groups of three digits; all but the last prefixed with 'x'.
  std::uint64_t n = 0;
  bool first = true;
  while (true) {
    const auto next = path.find('/');
    std::string_view group = path.substr(0, next);
    const bool last = next == std::string_view::npos;
    if (!last) {
      if (group.empty() || group[0] != 'x')
        return bad("group '" + std::string(group) + "' lacks its x");
      group.remove_prefix(1);
    }
    if (group.size() != 3 || group.find_first_not_of("0123456789") != group.npos)
      return bad("group '" + std::string(group) + "' is not three digits");
    const auto v = static_cast<std::uint64_t>(std::stoi(std::string(group)));
    if (first && !last && v == 0) return bad("a leading x000 group");
    if (n > (UINT64_MAX - v) / 1000) return bad("the index is too large");
    n = n * 1000 + v;
    first = false;
    if (last) break;
    path.remove_prefix(next + 1);
  }
  out.n = n;
  return out;
}

std::string encode_bundle(const std::vector<std::string>& entries) {
  std::string out;
  for (const std::string& e : entries) {
    if (e.size() > k_max_entry_size)
      throw std::length_error("encode_bundle: entry of " + std::to_string(e.size()) +
                              " bytes exceeds 65535");
    out += static_cast<char>(e.size() >> 8);
    out += static_cast<char>(e.size() & 0xff);
    out += e;
  }
  return out;
}

core::Result<std::vector<std::string>> decode_bundle(std::string_view bytes) {
  std::vector<std::string> entries;
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    if (entries.size() == k_tile_width)
      return bundle_error(offset, "more than " + std::to_string(k_tile_width) + " entries");
    if (bytes.size() - offset < 2) return bundle_error(offset, "length prefix cut short");
    const std::size_t size = static_cast<std::uint8_t>(bytes[offset]) << 8 |
                             static_cast<std::uint8_t>(bytes[offset + 1]);
    if (bytes.size() - offset - 2 < size)
      return bundle_error(offset, "entry " + std::to_string(entries.size()) + " of " +
                                      std::to_string(size) + " bytes cut short");
    entries.emplace_back(bytes.substr(offset + 2, size));
    offset += 2 + size;
  }
  return entries;
}

}  // namespace corridor::ledger
