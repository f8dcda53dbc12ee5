#include <corridor/store/inquiry_repo.hpp>

#include <corridor/store/rows.hpp>

namespace corridor::store {

using core::Result;
using detail::blob_string;
using detail::bytes;
using detail::first_row;
using detail::hash_column;

Result<std::optional<std::string>> inquiry_key(Database& db) {
  Statement& st = db.prepare("SELECT key FROM inquiry_key WHERE id = 1");
  return first_row<std::string>(st, [](const Statement& s) { return blob_string(s, 0); });
}

Result<void> insert_inquiry_key(Database& db, std::string_view key) {
  Statement& st = db.prepare("INSERT OR IGNORE INTO inquiry_key(id, key) VALUES(1, ?)");
  return st.bind_blob(1, bytes(key)).run();
}

Result<std::optional<InquiryLimitRow>> find_inquiry_limit(Database& db,
                                                          const core::Hash256& ref_key) {
  Statement& st = db.prepare(
      "SELECT ref_key, failures, last_failure, locked_until FROM inquiry_limits "
      "WHERE ref_key = ?");
  return first_row<InquiryLimitRow>(st.bind_blob(1, bytes(ref_key)), [](const Statement& s) {
    return InquiryLimitRow{hash_column(s, 0), s.column_int64(1), s.column_int64(2),
                           s.column_int64(3)};
  });
}

Result<void> save_inquiry_limit(Database& db, const InquiryLimitRow& row) {
  Statement& st = db.prepare(
      "INSERT OR REPLACE INTO inquiry_limits(ref_key, failures, last_failure, locked_until) "
      "VALUES(?,?,?,?)");
  return st.bind_blob(1, bytes(row.ref_key))
      .bind(2, row.failures)
      .bind(3, row.last_failure)
      .bind(4, row.locked_until)
      .run();
}

Result<void> clear_inquiry_limit(Database& db, const core::Hash256& ref_key) {
  Statement& st = db.prepare("DELETE FROM inquiry_limits WHERE ref_key = ?");
  return st.bind_blob(1, bytes(ref_key)).run();
}

Result<std::optional<std::string>> date_of_birth_of(Database& db, std::string_view ref) {
  Statement& st = db.prepare("SELECT date_of_birth FROM cases WHERE ref = ?");
  return first_row<std::string>(st.bind(1, ref),
                                [](const Statement& s) { return std::string(s.column_text(0)); });
}

Result<std::vector<ClearedRow>> cleared_rows(Database& db, core::Direction direction,
                                             std::string_view category, core::Timestamp now) {
  Statement& st = db.prepare(
      "SELECT ref, urgency, requested_on, registered_at, date_of_birth, state_until FROM cases "
      "WHERE direction = ? AND category = ? AND state = 'cleared' "
      "AND (state_until IS NULL OR state_until > ?)");
  return detail::all_rows<ClearedRow>(
      st.bind(1, core::to_string(direction)).bind(2, category).bind(3, now),
      [](const Statement& s) {
        return ClearedRow{
            std::string(s.column_text(0)),
            std::string(s.column_text(1)),
            core::parse_date(s.column_text(2)),
            s.column_int64(3),
            core::parse_date(s.column_text(4)).value_or(core::Date{}),
            s.column_is_null(5) ? std::nullopt : std::optional<core::Timestamp>(s.column_int64(5))};
      });
}

}  // namespace corridor::store
