#include <corridor/ledger/registration_batch.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace corridor::ledger {
namespace {

core::Hash256 hash_of(int c) {
  core::Hash256 h;
  h.fill(static_cast<std::uint8_t>(c));
  return h;
}

// A public id (32 lowercase hex digits) standing for case n.
std::string id_of(int n) {
  char b[33];
  std::snprintf(b, sizeof b, "%032x", static_cast<unsigned>(n));
  return b;
}

RegistrationRow row(int i) {
  return {id_of(1000 + i), i % 2 ? "companion" : "medical", core::Direction::exit,
          i % 2 ? id_of(999 + i) : "", hash_of(i)};
}

// A batch of n rows as the log holds it: the rows' entries and leaves.
struct Rows {
  std::vector<std::string> entries;
  std::vector<Hash> leaves;
};

Rows rows(int n) {
  Rows out;
  for (int i = 0; i < n; ++i) {
    out.entries.push_back(*format_row(row(i)));
    out.leaves.push_back(leaf_hash(out.entries.back()));
  }
  return out;
}

RegistrationBatch batch_of(const Rows& r) {
  return {"corridor.rafah/log", 1795645442, "pa", "bench", r.entries.size(), batch_root(r.leaves)};
}

TEST(RegistrationBatch, RowHasTheDocumentedForm) {
  EXPECT_EQ(*format_row(row(1)),
            "corridor-registration-row/v2\ncase 000000000000000000000000000003e9\n"
            "category companion\ndirection exit\ngroup 000000000000000000000000000003e8\n"
            "snapshot " +
                core::to_hex(hash_of(1)) + "\n");
  EXPECT_EQ(*format_row(row(0)),
            "corridor-registration-row/v2\ncase 000000000000000000000000000003e8\n"
            "category medical\ndirection exit\nsnapshot " +
                core::to_hex(hash_of(0)) + "\n");
}

TEST(RegistrationBatch, StatementHasTheDocumentedForm) {
  RegistrationBatch b{"corridor.rafah/log", 1795645442, "pa", "bench", 3, hash_of(7)};
  EXPECT_EQ(*format_batch(b),
            "corridor-statement/v2\nlog corridor.rafah/log\n"
            "kind registration-batch\ntime 1795645442\nparty pa\n"
            "officer bench\nrows 3\nroot " +
                core::to_hex(hash_of(7)) + "\n");
  EXPECT_TRUE(is_batch_text(*format_batch(b)));
  b.rows = 0;
  EXPECT_FALSE(format_batch(b).ok());  // a batch registers at least one row
}

TEST(RegistrationBatch, BothFormsRoundTripAndParseStrictly) {
  for (int i = 0; i < 2; ++i) {
    auto text = format_row(row(i));
    ASSERT_TRUE(text.ok());
    EXPECT_TRUE(is_row_entry(*text));
    EXPECT_EQ(*parse_row(*text), row(i));
  }
  const std::string good = *format_row(row(0));
  for (std::string bad : {good.substr(0, good.size() - 1),                    // no final newline
                          good + "extra x\n",                                 // a field too many
                          "corridor-registration-row/v1" + good.substr(28)})  // another version
    EXPECT_FALSE(parse_row(bad).ok()) << bad;
  std::string swapped = good;  // category before case
  swapped.replace(swapped.find("case"), 4, "cas_");
  EXPECT_FALSE(parse_row(swapped).ok());
  RegistrationRow lettered = row(0);
  lettered.snapshot = hash_of(0xab);
  std::string upper = *format_row(lettered);  // the snapshot in upper case
  ASSERT_TRUE(parse_row(upper).ok());
  for (auto p = upper.find("snapshot ") + 9; p < upper.size() - 1; ++p)
    upper[p] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[p])));
  EXPECT_FALSE(parse_row(upper).ok());

  const Rows r = rows(3);
  const std::string text = *format_batch(batch_of(r));
  EXPECT_EQ(*parse_batch(text), batch_of(r));
  std::string leading_zero = text;
  leading_zero.replace(leading_zero.find("rows 3"), 6, "rows 03");
  EXPECT_FALSE(parse_batch(leading_zero).ok());
  // Not a statement of the other kinds, nor parsed by their parser.
  EXPECT_FALSE(parse_statement(text).ok());
  EXPECT_FALSE(is_row_entry(text));
}

TEST(RegistrationBatch, RootIsTheRfc6962TreeOfTheRows) {
  const Rows r = rows(3);
  const Hash expected = node_hash(node_hash(r.leaves[0], r.leaves[1]), r.leaves[2]);
  EXPECT_EQ(batch_root(r.leaves), expected);
  const Rows big = rows(13);
  for (std::uint64_t i = 0; i < 13; ++i) {
    auto path = batch_path(big.leaves, i);
    EXPECT_TRUE(verify_inclusion(big.leaves[i], i, 13, path, batch_root(big.leaves)).ok()) << i;
    EXPECT_FALSE(
        verify_inclusion(big.leaves[(i + 1) % 13], i, 13, path, batch_root(big.leaves)).ok());
  }
}

// Walks a log of one batch statement at entry 5 and then `entries`; the
// first error, if any.
core::Result<void> walk(const RegistrationBatch& b, const std::vector<std::string>& entries,
                        bool end_of_log = true) {
  BatchWalk w;
  if (auto o = w.open(5, b); !o) return o;
  std::uint64_t idx = 6;
  for (const std::string& e : entries) {
    if (is_row_entry(e)) {
      auto r = w.row(idx, e, leaf_hash(e));
      if (!r) return std::move(r).error();
    } else if (auto o = w.other(idx); !o) {
      return o;
    }
    ++idx;
  }
  return end_of_log ? w.finish() : core::Result<void>();
}

TEST(RegistrationBatch, TheWalkAcceptsTheRowsAsSigned) {
  const Rows r = rows(5);
  auto all = r.entries;
  EXPECT_TRUE(walk(batch_of(r), all).ok());
  all.push_back("a statement after the rows");
  EXPECT_TRUE(walk(batch_of(r), all).ok());
}

TEST(RegistrationBatch, TheWalkCatchesAChangedRow) {
  const Rows r = rows(5);
  auto changed = r.entries;
  RegistrationRow other = row(2);
  other.category = "student";
  changed[2] = *format_row(other);
  auto w = walk(batch_of(r), changed);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("do not hash to the root"), std::string::npos);
}

TEST(RegistrationBatch, TheWalkCatchesADroppedRow) {
  const Rows r = rows(5);
  auto dropped = r.entries;
  dropped.erase(dropped.begin() + 1);
  EXPECT_FALSE(walk(batch_of(r), dropped).ok());  // the log ends with a row missing
  dropped.push_back("the next statement");
  auto w = walk(batch_of(r), dropped);  // another entry where the fifth row should be
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("only 4 follow"), std::string::npos);
}

TEST(RegistrationBatch, TheWalkCatchesAnAddedRow) {
  const Rows r = rows(5);
  auto added = r.entries;
  added.push_back(*format_row(row(9)));  // after the last
  auto w = walk(batch_of(r), added);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("outside the rows"), std::string::npos);
  auto inserted = r.entries;  // in the middle: the last one falls outside
  inserted.insert(inserted.begin() + 2, *format_row(row(9)));
  EXPECT_FALSE(walk(batch_of(r), inserted).ok());
  // One more row claimed in place of the others: the root differs.
  auto replaced = r.entries;
  replaced[4] = *format_row(row(9));
  EXPECT_FALSE(walk(batch_of(r), replaced).ok());
}

TEST(RegistrationBatch, TheWalkCatchesReorderedRows) {
  const Rows r = rows(5);
  auto swapped = r.entries;
  std::swap(swapped[0], swapped[3]);
  auto w = walk(batch_of(r), swapped);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("do not hash to the root"), std::string::npos);
}

TEST(RegistrationBatch, ARowOutsideABatchIsRefused) {
  BatchWalk w;
  const std::string e = *format_row(row(0));
  EXPECT_FALSE(w.row(3, e, leaf_hash(e)).ok());
  // Nor may a batch open while another still expects rows.
  const Rows r = rows(2);
  ASSERT_TRUE(w.open(4, batch_of(r)).ok());
  EXPECT_FALSE(w.open(5, batch_of(r)).ok());
}

}  // namespace
}  // namespace corridor::ledger
