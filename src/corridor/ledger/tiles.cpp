#include <corridor/ledger/tiles.hpp>

#include <cassert>
#include <stdexcept>

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
