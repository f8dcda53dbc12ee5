// The gate's tables (docs/crossing.md): check-ins and their outcomes, the
// re-examinations the monitor orders, and the day's report. The days and
// manifests are crossing_repo.cpp's.

#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/rows.hpp>

namespace corridor::store {
namespace {

using core::Result;
using detail::all_rows;
using detail::bytes;
using detail::first_row;
using detail::hash_column;

core::Date date_column(const Statement& st, int col) {
  return core::parse_date(st.column_text(col)).value_or(core::Date{});
}

constexpr std::string_view k_gate_columns =
    "date, case_ref, direction, category, outcome, reason, standby, party, officer, at";

GateEvent read_gate(const Statement& st) {
  GateEvent e;
  e.date = date_column(st, 0);
  e.case_ref = st.column_text(1);
  e.direction = core::parse_direction(st.column_text(2)).value_or(core::Direction::exit);
  e.category = st.column_text(3);
  e.outcome = st.column_text(4);
  e.reason = st.column_text(5);
  e.standby = st.column_int64(6) != 0;
  e.party = st.column_text(7);
  e.officer = st.column_text(8);
  e.at = st.column_int64(9);
  return e;
}

Result<std::vector<GateEvent>> gate_query(Statement& st) {
  return all_rows<GateEvent>(st, read_gate);
}

Reexamination read_reexam(const Statement& st) {
  Reexamination r;
  r.date = date_column(st, 0);
  r.case_ref = st.column_text(1);
  r.ordered_by = st.column_text(2);
  r.ordered_at = st.column_int64(3);
  if (!st.column_is_null(4)) r.recorded_by = std::string(st.column_text(4));
  if (!st.column_is_null(5)) r.recorded_at = st.column_int64(5);
  return r;
}

constexpr std::string_view k_reexam_columns =
    "date, case_ref, ordered_by, ordered_at, recorded_by, recorded_at";

}  // namespace

// --- the gate -----------------------------------------------------------

Result<void> insert_gate_event(Database& db, const GateEvent& e) {
  return db
      .prepare("INSERT INTO gate_events(" + std::string(k_gate_columns) +
               ") VALUES(?,?,?,?,?,?,?,?,?,?)")
      .bind(1, e.date.to_string())
      .bind(2, e.case_ref)
      .bind(3, core::to_string(e.direction))
      .bind(4, e.category)
      .bind(5, e.outcome)
      .bind(6, e.reason)
      .bind(7, std::int64_t{e.standby})
      .bind(8, e.party)
      .bind(9, e.officer)
      .bind(10, e.at)
      .run();
}

Result<std::optional<GateEvent>> gate_event(Database& db, const core::Date& date,
                                            std::string_view ref) {
  Statement& st = db.prepare("SELECT " + std::string(k_gate_columns) +
                             " FROM gate_events WHERE date = ? AND case_ref = ?");
  return first_row<GateEvent>(st.bind(1, date.to_string()).bind(2, ref), read_gate);
}

Result<std::vector<GateEvent>> gate_events(Database& db, const core::Date& date) {
  Statement& st = db.prepare("SELECT " + std::string(k_gate_columns) +
                             " FROM gate_events WHERE date = ? ORDER BY id");
  return gate_query(st.bind(1, date.to_string()));
}

Result<std::vector<GateEvent>> gate_events_since(Database& db, const core::Date& from) {
  Statement& st = db.prepare("SELECT " + std::string(k_gate_columns) +
                             " FROM gate_events WHERE date >= ? ORDER BY date, id");
  return gate_query(st.bind(1, from.to_string()));
}

Result<std::optional<Reexamination>> load_reexamination(Database& db, const core::Date& date,
                                                        std::string_view ref) {
  Statement& st = db.prepare("SELECT " + std::string(k_reexam_columns) +
                             " FROM reexaminations WHERE date = ? AND case_ref = ?");
  return first_row<Reexamination>(st.bind(1, date.to_string()).bind(2, ref), read_reexam);
}

Result<void> insert_reexamination(Database& db, const Reexamination& r) {
  return db
      .prepare("INSERT INTO reexaminations(date, case_ref, ordered_by, ordered_at) VALUES(?,?,?,?)")
      .bind(1, r.date.to_string())
      .bind(2, r.case_ref)
      .bind(3, r.ordered_by)
      .bind(4, r.ordered_at)
      .run();
}

Result<void> record_reexamination(Database& db, const core::Date& date, std::string_view ref,
                                  std::string_view by, core::Timestamp at) {
  return db
      .prepare(
          "UPDATE reexaminations SET recorded_by = ?, recorded_at = ? "
          "WHERE date = ? AND case_ref = ?")
      .bind(1, by)
      .bind(2, at)
      .bind(3, date.to_string())
      .bind(4, ref)
      .run();
}

Result<std::vector<Reexamination>> reexaminations(Database& db, const core::Date& date) {
  Statement& st = db.prepare("SELECT " + std::string(k_reexam_columns) +
                             " FROM reexaminations WHERE date = ? ORDER BY case_ref");
  return all_rows<Reexamination>(st.bind(1, date.to_string()), read_reexam);
}

Result<std::vector<Reexamination>> pending_reexaminations(Database& db, std::string_view ref) {
  Statement& st = db.prepare("SELECT " + std::string(k_reexam_columns) +
                             " FROM reexaminations WHERE case_ref = ? AND recorded_at IS NULL "
                             "ORDER BY date");
  return all_rows<Reexamination>(st.bind(1, ref), read_reexam);
}

// One query over the refs, bound as one JSON array (json_each).
Result<std::vector<Reexamination>> pending_reexaminations(Database& db,
                                                          const std::vector<std::string>& refs) {
  std::string array = "[";
  for (const std::string& ref : refs) {
    if (array.size() > 1) array += ',';
    array += '"';
    for (char ch : ref) {
      if (ch == '"' || ch == '\\') {
        array += '\\';
        array += ch;
      } else if (static_cast<unsigned char>(ch) < 0x20) {
        static const char* hex = "0123456789abcdef";
        array += "\\u00";
        array += hex[(ch >> 4) & 0xf];
        array += hex[ch & 0xf];
      } else {
        array += ch;
      }
    }
    array += '"';
  }
  array += ']';
  Statement& st = db.prepare("SELECT " + std::string(k_reexam_columns) +
                             " FROM reexaminations WHERE recorded_at IS NULL "
                             "AND case_ref IN (SELECT value FROM json_each(?)) "
                             "ORDER BY date, case_ref");
  return all_rows<Reexamination>(st.bind(1, array), read_reexam);
}

Result<std::vector<Reexamination>> pending_reexaminations(Database& db) {
  Statement& st = db.prepare("SELECT " + std::string(k_reexam_columns) +
                             " FROM reexaminations WHERE recorded_at IS NULL "
                             "ORDER BY date, case_ref");
  return all_rows<Reexamination>(st, read_reexam);
}

Result<std::optional<DayReport>> load_day_report(Database& db, const core::Date& date) {
  Statement& st = db.prepare(
      "SELECT hash, party, officer, at, attested_by, attested_at FROM day_reports WHERE date = ?");
  return first_row<DayReport>(st.bind(1, date.to_string()), [&](const Statement& row) {
    DayReport r;
    r.date = date;
    r.hash = hash_column(row, 0);
    r.party = row.column_text(1);
    r.officer = row.column_text(2);
    r.at = row.column_int64(3);
    if (!row.column_is_null(4)) r.attested_by = std::string(row.column_text(4));
    if (!row.column_is_null(5)) r.attested_at = row.column_int64(5);
    return r;
  });
}

Result<void> insert_day_report(Database& db, const DayReport& r) {
  return db.prepare("INSERT INTO day_reports(date, hash, party, officer, at) VALUES(?,?,?,?,?)")
      .bind(1, r.date.to_string())
      .bind_blob(2, bytes(r.hash))
      .bind(3, r.party)
      .bind(4, r.officer)
      .bind(5, r.at)
      .run();
}

Result<void> attest_day_report(Database& db, const core::Date& date, std::string_view by,
                               core::Timestamp at) {
  return db.prepare("UPDATE day_reports SET attested_by = ?, attested_at = ? WHERE date = ?")
      .bind(1, by)
      .bind(2, at)
      .bind(3, date.to_string())
      .run();
}

}  // namespace corridor::store
