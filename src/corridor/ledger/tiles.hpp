#pragma once
// C2SP tlog-tiles paths and entry bundles, tile height 8 (256 hashes a
// tile).
//
//   tile/<L>/<N>[.p/<W>]        hashes of level-8L nodes N*256 ... (32 bytes each)
//   tile/entries/<N>[.p/<W>]    entries N*256 ..., each uint16 big-endian length || bytes
//
// N is written in groups of three digits, every group but the last
// prefixed with 'x': 1234067 -> x001/x234/067. W (1..255) marks a partial
// tile; a full one has no .p/ part.

#include <corridor/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

constexpr unsigned k_tile_height = 8;
constexpr unsigned k_tile_width = 1u << k_tile_height;  // 256

// "x001/x234/067" for 1234067, "000" for 0.
std::string tile_index_path(std::uint64_t n);
// width = k_tile_width for a full tile; 1..255 for a partial one. A width
// of 0 or above k_tile_width is the caller's bug (asserted).
std::string tile_path(unsigned level, std::uint64_t n, unsigned width);
std::string entries_path(std::uint64_t n, unsigned width);

// A tile path parsed back ("tile/0/x001/234.p/7", "tile/entries/000"),
// as a tile server reads a request. level is nullopt for an entry bundle.
struct TilePath {
  std::optional<unsigned> level;
  std::uint64_t n = 0;
  unsigned width = k_tile_width;
};
// bad_input naming the part that is wrong: the prefix, a level above 63, a
// group that is not three digits, an 'x' on the last group, a leading
// "x000" group, a width of 0 or over 255, or an index over 2^64.
core::Result<TilePath> parse_tile_path(std::string_view path);

// The largest entry a bundle can hold (its length is a uint16).
constexpr std::size_t k_max_entry_size = 0xffff;

// The entries, each as uint16 big-endian length || bytes. Callers check
// sizes first: an entry over k_max_entry_size bytes throws
// std::length_error (a bug, not an input error).
std::string encode_bundle(const std::vector<std::string>& entries);
// bad_input naming the byte offset on a truncated or oversized bundle (a
// length prefix or an entry cut short, or more than k_tile_width entries).
core::Result<std::vector<std::string>> decode_bundle(std::string_view bytes);

}  // namespace corridor::ledger
