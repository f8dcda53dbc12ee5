#include <corridor/store/dedup_repo.hpp>
#include <corridor/store/rows.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <utility>

namespace corridor::store {

namespace {

using core::Errc;
using core::make_error;

constexpr std::string_view k_pair_columns =
    "p.case_a, p.case_b, ca.ref, cb.ref, p.score, p.evidence, p.found_at, p.decision, "
    "p.decided_seq, ca.category, cb.category FROM dedup_pairs p JOIN cases ca ON ca.id = p.case_a "
    "JOIN cases cb ON cb.id = p.case_b ";

DedupPair read_pair(const Statement& st) {
  DedupPair p;
  p.case_a = st.column_int64(0);
  p.case_b = st.column_int64(1);
  p.ref_a = std::string(st.column_text(2));
  p.ref_b = std::string(st.column_text(3));
  p.score = st.column_double(4);
  p.evidence = std::string(st.column_text(5));
  p.found_at = st.column_int64(6);
  if (!st.column_is_null(7)) p.decision = std::string(st.column_text(7));
  if (!st.column_is_null(8)) p.decided_seq = st.column_int64(8);
  p.category_a = std::string(st.column_text(9));
  p.category_b = std::string(st.column_text(10));
  return p;
}

core::Result<std::pair<std::int64_t, std::int64_t>> ordered(std::int64_t a, std::int64_t b) {
  if (a == b) return make_error(Errc::bad_input, "a case cannot be paired with itself");
  return std::pair{std::min(a, b), std::max(a, b)};
}

}  // namespace

core::Result<void> put_dedup_keys(Database& db, std::int64_t case_id,
                                  std::span<const std::string> keys) {
  auto del = db.prepare("DELETE FROM dedup_keys WHERE case_id = ?1").bind(1, case_id).run();
  if (!del) return del;
  std::set<std::string_view> unique(keys.begin(), keys.end());
  Statement& ins = db.prepare("INSERT INTO dedup_keys(key, case_id) VALUES(?1, ?2)");
  for (std::string_view key : unique) {
    auto r = ins.bind(1, key).bind(2, case_id).run();
    ins.reset();
    if (!r) return r;
  }
  return {};
}

core::Result<void> delete_dedup_keys(Database& db, std::int64_t case_id) {
  return db.prepare("DELETE FROM dedup_keys WHERE case_id = ?1").bind(1, case_id).run();
}

core::Result<std::vector<std::pair<std::int64_t, std::int64_t>>> decided_dedup_pairs(Database& db) {
  Statement& st = db.prepare(
      "SELECT case_a, case_b FROM dedup_pairs WHERE decision IS NOT NULL ORDER BY case_a, case_b");
  return detail::all_rows<std::pair<std::int64_t, std::int64_t>>(st, [](const Statement& row) {
    return std::pair{row.column_int64(0), row.column_int64(1)};
  });
}

core::Result<std::vector<std::int64_t>> case_ids_by_dedup_key(Database& db, std::string_view key) {
  Statement& st = db.prepare("SELECT case_id FROM dedup_keys WHERE key = ?1 ORDER BY case_id");
  return detail::all_rows<std::int64_t>(st.bind(1, key),
                                        [](const Statement& row) { return row.column_int64(0); });
}

core::Result<void> put_dedup_pair(Database& db, const DedupPair& pair) {
  auto ab = ordered(pair.case_a, pair.case_b);
  if (!ab) return std::move(ab).error();
  Statement& st = db.prepare(
      "INSERT INTO dedup_pairs(case_a, case_b, score, evidence, found_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(case_a, case_b) DO UPDATE SET "
      "score = excluded.score, evidence = excluded.evidence, found_at = excluded.found_at "
      "WHERE decision IS NULL");
  return st.bind(1, ab->first)
      .bind(2, ab->second)
      .bind_double(3, pair.score)
      .bind(4, std::string_view(pair.evidence.empty() ? "[]" : pair.evidence))
      .bind(5, pair.found_at)
      .run();
}

core::Result<std::optional<DedupPair>> find_dedup_pair(Database& db, std::int64_t a,
                                                       std::int64_t b) {
  auto ab = ordered(a, b);
  if (!ab) return std::optional<DedupPair>{};
  Statement& st =
      db.prepare("SELECT " + std::string(k_pair_columns) + "WHERE p.case_a = ?1 AND p.case_b = ?2");
  return detail::first_row<DedupPair>(st.bind(1, ab->first).bind(2, ab->second), read_pair);
}

core::Result<std::vector<DedupPair>> undecided_dedup_pairs(Database& db,
                                                           const std::optional<DedupCursor>& after,
                                                           int limit) {
  // Row-value comparison keeps the order score DESC, case_a, case_b.
  Statement& st =
      db.prepare("SELECT " + std::string(k_pair_columns) +
                 "WHERE p.decision IS NULL AND ca.open = 1 AND cb.open = 1 AND (?1 IS NULL OR "
                 "p.score < ?1 OR (p.score = ?1 AND (p.case_a, p.case_b) > (?2, ?3))) "
                 "ORDER BY p.score DESC, p.case_a, p.case_b LIMIT ?4");
  if (after) {
    st.bind_double(1, after->score).bind(2, after->case_a).bind(3, after->case_b);
  } else {
    st.bind_null(1).bind(2, std::int64_t{0}).bind(3, std::int64_t{0});
  }
  st.bind(4, std::int64_t{std::max(limit, 0)});
  return detail::all_rows<DedupPair>(st, read_pair);
}

core::Result<void> decide_dedup_pair(Database& db, std::int64_t a, std::int64_t b,
                                     std::string_view decision, std::int64_t seq, std::int64_t at) {
  auto ab = ordered(a, b);
  if (!ab) return std::move(ab).error();
  Statement& st = db.prepare(
      "INSERT INTO dedup_pairs(case_a, case_b, score, evidence, found_at, decision, decided_seq) "
      "VALUES(?1, ?2, 0, '[]', ?5, ?3, ?4) ON CONFLICT(case_a, case_b) DO UPDATE SET "
      "decision = excluded.decision, decided_seq = excluded.decided_seq");
  return st.bind(1, ab->first).bind(2, ab->second).bind(3, decision).bind(4, seq).bind(5, at).run();
}

core::Result<std::vector<std::string>> move_group(Database& db, std::string_view from_ref,
                                                  std::string_view to_ref) {
  if (from_ref.empty()) return std::vector<std::string>{};
  Statement& sel =
      db.prepare("SELECT ref FROM cases WHERE group_ref = ?1 AND open = 1 ORDER BY id");
  auto refs = detail::all_rows<std::string>(
      sel.bind(1, from_ref), [](const Statement& row) { return std::string(row.column_text(0)); });
  if (!refs) return std::move(refs).error();
  auto r = db.prepare("UPDATE cases SET group_ref = ?2 WHERE group_ref = ?1 AND open = 1")
               .bind(1, from_ref)
               .bind(2, to_ref)
               .run();
  if (!r) return std::move(r).error();
  return refs;
}

core::Result<void> clear_dedup_decisions(Database& db) {
  return db
      .prepare(
          "UPDATE dedup_pairs SET decision = NULL, decided_seq = NULL "
          "WHERE decision IS NOT NULL")
      .run();
}

core::Result<std::optional<std::string>> load_dedup_weights(Database& db) {
  Statement& st = db.prepare("SELECT weights FROM dedup_weights WHERE id = 1");
  return detail::first_row<std::string>(
      st, [](const Statement& row) { return std::string(row.column_text(0)); });
}

core::Result<void> save_dedup_weights(Database& db, std::string_view weights) {
  Statement& st = db.prepare(
      "INSERT INTO dedup_weights(id, weights) VALUES(1, ?1) "
      "ON CONFLICT(id) DO UPDATE SET weights = excluded.weights");
  return st.bind(1, weights).run();
}

DedupCursor cursor_after(const DedupPair& pair) {
  return DedupCursor{pair.score, pair.case_a, pair.case_b};
}

std::string format_dedup_cursor(const DedupCursor& c) {
  char buf[64];
  auto end = std::to_chars(buf, buf + sizeof buf, c.score).ptr;
  return std::string(buf, end) + ":" + std::to_string(c.case_a) + ":" + std::to_string(c.case_b);
}

std::optional<DedupCursor> parse_dedup_cursor(std::string_view text) {
  DedupCursor c;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  auto r1 = std::from_chars(p, end, c.score);
  if (r1.ec != std::errc{} || r1.ptr == end || *r1.ptr != ':') return std::nullopt;
  // from_chars reads "nan" and "inf" too: no score of a pair is either.
  if (!std::isfinite(c.score)) return std::nullopt;
  auto r2 = std::from_chars(r1.ptr + 1, end, c.case_a);
  if (r2.ec != std::errc{} || r2.ptr == end || *r2.ptr != ':') return std::nullopt;
  auto r3 = std::from_chars(r2.ptr + 1, end, c.case_b);
  if (r3.ec != std::errc{} || r3.ptr != end) return std::nullopt;
  return c;
}

}  // namespace corridor::store
