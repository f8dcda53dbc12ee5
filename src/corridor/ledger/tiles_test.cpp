#include <corridor/ledger/tiles.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace corridor::ledger {
namespace {

// The index digits back from a path: the 'x' and '/' removed.
std::uint64_t index_from_path(const std::string& path) {
  std::string digits;
  for (char c : path)
    if (c != 'x' && c != '/') digits += c;
  return std::stoull(digits);
}

TEST(TilePath, WritesIndicesInGroupsOfThree) {
  EXPECT_EQ(tile_index_path(0), "000");
  EXPECT_EQ(tile_index_path(1234067), "x001/x234/067");
  EXPECT_EQ(tile_index_path(1000), "x001/000");
  EXPECT_EQ(tile_index_path(999), "999");
  EXPECT_EQ(tile_index_path(5), "005");
  EXPECT_EQ(tile_index_path(1000000), "x001/x000/000");
}

TEST(TilePath, EveryIndexReadsBack) {
  for (std::uint64_t n :
       {std::uint64_t{0}, std::uint64_t{7}, std::uint64_t{999}, std::uint64_t{1001},
        std::uint64_t{65536}, std::uint64_t{123456789}, std::uint64_t{18446744073709551615u}}) {
    const std::string path = tile_index_path(n);
    EXPECT_EQ(index_from_path(path), n) << path;
    // Every group has three digits, every group but the last an 'x'.
    std::size_t start = 0;
    for (std::size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1)
      EXPECT_EQ(path.substr(start, slash - start).size(), 4u) << path;
    EXPECT_EQ(path.size() - start, 3u) << path;
  }
}

TEST(TilePath, MarksPartialTiles) {
  EXPECT_EQ(tile_path(0, 0, k_tile_width), "tile/0/000");
  EXPECT_EQ(tile_path(0, 0, 5), "tile/0/000.p/5");
  EXPECT_EQ(tile_path(1, 1234067, k_tile_width), "tile/1/x001/x234/067");
  EXPECT_EQ(tile_path(2, 1000, 255), "tile/2/x001/000.p/255");
  EXPECT_EQ(entries_path(0, k_tile_width), "tile/entries/000");
  EXPECT_EQ(entries_path(1234067, 1), "tile/entries/x001/x234/067.p/1");
}

TEST(EntryBundle, PrefixesEachEntryWithItsBigEndianLength) {
  EXPECT_EQ(encode_bundle({"ab", ""}), std::string("\x00\x02"
                                                   "ab"
                                                   "\x00\x00",
                                                   6));
  EXPECT_EQ(encode_bundle({std::string(0x0102, 'x')}).substr(0, 2), "\x01\x02");
  EXPECT_EQ(encode_bundle({}), "");
}

TEST(EntryBundle, RoundTrips) {
  std::vector<std::string> entries = {"", "a", std::string("\0\n\xff", 3),
                                      std::string(k_max_entry_size, 'z')};
  for (int i = 0; i < 200; ++i) entries.push_back("entry " + std::to_string(i));
  auto back = decode_bundle(encode_bundle(entries));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, entries);
}

TEST(EntryBundle, RefusesOversizedEntriesWhenEncoding) {
  EXPECT_THROW(encode_bundle({"ok", std::string(k_max_entry_size + 1, 'z')}), std::length_error);
}

// Every cut that is not at an entry boundary is refused, naming the offset
// of the entry (or length prefix) it cuts short.
TEST(EntryBundle, RejectsTruncatedBundlesNamingTheOffset) {
  const std::vector<std::string> entries = {"first", "", "third entry"};
  const std::string bytes = encode_bundle(entries);
  const std::vector<std::size_t> starts = {0, 7, 9, bytes.size()};
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    auto got = decode_bundle(std::string_view(bytes).substr(0, cut));
    std::size_t entry = 0;
    while (starts[entry + 1] <= cut) ++entry;
    if (cut == starts[entry]) {
      ASSERT_TRUE(got) << cut;
      EXPECT_EQ(*got, std::vector<std::string>(entries.begin(), entries.begin() + entry));
      continue;
    }
    ASSERT_FALSE(got) << cut;
    EXPECT_EQ(got.error().code, core::Errc::bad_input);
    EXPECT_NE(got.error().message.find("byte offset " + std::to_string(starts[entry])),
              std::string::npos)
        << cut << ": " << got.error().message;
  }
}

TEST(EntryBundle, RejectsMoreEntriesThanATileHolds) {
  const std::vector<std::string> full(k_tile_width, "e");
  ASSERT_TRUE(decode_bundle(encode_bundle(full)));
  auto over = full;
  over.push_back("one too many");
  auto got = decode_bundle(encode_bundle(over));
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("byte offset " + std::to_string(k_tile_width * 3)),
            std::string::npos)
      << got.error().message;
}

}  // namespace
}  // namespace corridor::ledger

namespace corridor::ledger {
namespace {

TEST(TilePath, ParsesWhatTilePathWrites) {
  for (std::uint64_t n : {0ull, 7ull, 999ull, 1000ull, 1234067ull, 18446744073709551615ull})
    for (unsigned width : {1u, 17u, 255u, k_tile_width}) {
      auto t = parse_tile_path(tile_path(3, n, width));
      ASSERT_TRUE(t.ok()) << tile_path(3, n, width) << ": " << t.error().message;
      EXPECT_EQ(t->level, 3u);
      EXPECT_EQ(t->n, n);
      EXPECT_EQ(t->width, width);
      auto e = parse_tile_path(entries_path(n, width));
      ASSERT_TRUE(e.ok()) << entries_path(n, width);
      EXPECT_FALSE(e->level.has_value());
      EXPECT_EQ(e->n, n);
      EXPECT_EQ(e->width, width);
    }
}

TEST(TilePath, RefusesMalformedPathsNamingThePart) {
  for (const char* bad :
       {"tiles/0/000", "tile/0", "tile/64/000", "tile/01/000", "tile/0/00", "tile/0/x001",
        "tile/0/001/234", "tile/0/x000/234", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/",
        "tile/entries/abc", "tile/0/x18446744073709551616/000",
        "tile/0/x999/x999/x999/x999/x999/x999/999"}) {
    auto t = parse_tile_path(bad);
    EXPECT_FALSE(t.ok()) << bad;
    if (!t.ok()) {
      EXPECT_NE(t.error().message.find("bad tile path"), std::string::npos) << bad;
    }
  }
}

}  // namespace
}  // namespace corridor::ledger
