#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/rows.hpp>

#include <algorithm>

namespace corridor::store {
namespace {

using core::Result;
using detail::all_rows;
using detail::bytes;
using detail::each_row;
using detail::first_row;
using detail::hash_column;

core::Date date_column(const Statement& st, int col) {
  return core::parse_date(st.column_text(col)).value_or(core::Date{});
}

std::vector<std::string> split_list(std::string_view v) {
  std::vector<std::string> out;
  while (!v.empty()) {
    auto comma = v.find(',');
    out.emplace_back(v.substr(0, comma));
    v.remove_prefix(comma == std::string_view::npos ? v.size() : comma + 1);
  }
  return out;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

DayRow read_day(const Statement& st) {
  return DayRow{date_column(st, 0),
                std::string(st.column_text(1)),
                split_list(st.column_text(2)),
                std::string(st.column_text(3)),
                std::string(st.column_text(4)),
                st.column_int64(5) != 0};
}

constexpr std::string_view k_day_columns = "date, status, signed, capacity, reason, gate_closed";

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

bool ManifestRow::approved_by(std::string_view party) const {
  return std::any_of(approvals.begin(), approvals.end(),
                     [&](const Approval& a) { return a.party == party; });
}

// --- days ---------------------------------------------------------------

Result<std::optional<DayRow>> load_day(Database& db, const core::Date& date) {
  Statement& st = db.prepare("SELECT " + std::string(k_day_columns) + " FROM days WHERE date = ?");
  return first_row<DayRow>(st.bind(1, date.to_string()), read_day);
}

Result<void> save_day(Database& db, const DayRow& d) {
  return db
      .prepare(
          "INSERT OR REPLACE INTO days(date, status, signed, capacity, reason, gate_closed) "
          "VALUES(?,?,?,?,?,?)")
      .bind(1, d.date.to_string())
      .bind(2, d.status)
      .bind(3, join_list(d.signed_by))
      .bind(4, d.capacity)
      .bind(5, d.reason)
      .bind(6, std::int64_t{d.gate_closed})
      .run();
}

Result<std::vector<DayRow>> list_days(Database& db, std::optional<core::Date> from,
                                      std::optional<core::Date> to) {
  Statement& st = db.prepare("SELECT " + std::string(k_day_columns) +
                             " FROM days WHERE date >= ?1 AND date <= ?2 ORDER BY date");
  st.bind(1, from ? from->to_string() : std::string("0000-00-00"))
      .bind(2, to ? to->to_string() : std::string("9999-99-99"));
  return all_rows<DayRow>(st, read_day);
}

Result<void> insert_crossing_event(Database& db, const CrossingEvent& e) {
  return db
      .prepare(
          "INSERT INTO crossing_events(date, action, party, officer, reason, capacity, at) "
          "VALUES(?,?,?,?,?,?,?)")
      .bind(1, e.date.to_string())
      .bind(2, e.action)
      .bind(3, e.party)
      .bind(4, e.officer)
      .bind(5, e.reason)
      .bind(6, e.capacity)
      .bind(7, e.at)
      .run();
}

Result<std::vector<CrossingEvent>> crossing_events(Database& db, const core::Date& date) {
  Statement& st = db.prepare(
      "SELECT date, action, party, officer, reason, capacity, at FROM crossing_events "
      "WHERE date = ? ORDER BY id");
  return all_rows<CrossingEvent>(st.bind(1, date.to_string()), [](const Statement& row) {
    return CrossingEvent{date_column(row, 0),
                         std::string(row.column_text(1)),
                         std::string(row.column_text(2)),
                         std::string(row.column_text(3)),
                         std::string(row.column_text(4)),
                         std::string(row.column_text(5)),
                         row.column_int64(6)};
  });
}

// --- manifests ----------------------------------------------------------

namespace {

// The manifest `st` selects (id, hash, party, officer, at), with its
// entries and approvals.
Result<std::optional<ManifestRow>> manifest_of(Database& db, Statement& st, const core::Date& date,
                                               core::Direction direction) {
  auto found = first_row<ManifestRow>(st, [&](const Statement& row) {
    ManifestRow m;
    m.id = row.column_int64(0);
    m.date = date;
    m.direction = direction;
    m.hash = hash_column(row, 1);
    m.party = row.column_text(2);
    m.officer = row.column_text(3);
    m.at = row.column_int64(4);
    return m;
  });
  if (!found || !*found) return found;
  ManifestRow& m = **found;
  Statement& es = db.prepare(
      "SELECT case_ref, standby FROM manifest_entries WHERE manifest_id = ? ORDER BY position");
  auto entries = each_row(es.bind(1, m.id), [&](const Statement& row) {
    (row.column_int64(1) ? m.standby : m.main).emplace_back(row.column_text(0));
  });
  if (!entries) return std::move(entries).error();
  Statement& as = db.prepare(
      "SELECT party, officer, at FROM manifest_approvals WHERE manifest_id = ? ORDER BY party");
  auto approvals = each_row(as.bind(1, m.id), [&](const Statement& row) {
    m.approvals.push_back(Approval{std::string(row.column_text(0)), std::string(row.column_text(1)),
                                   row.column_int64(2)});
  });
  if (!approvals) return std::move(approvals).error();
  return found;
}

}  // namespace

Result<std::optional<ManifestRow>> current_manifest(Database& db, const core::Date& date,
                                                    core::Direction direction) {
  Statement& st = db.prepare(
      "SELECT id, hash, party, officer, at FROM manifests "
      "WHERE date = ? AND direction = ? AND current = 1");
  st.bind(1, date.to_string()).bind(2, core::to_string(direction));
  return manifest_of(db, st, date, direction);
}

Result<std::optional<ManifestRow>> replaced_manifest(Database& db, const core::Date& date,
                                                     core::Direction direction) {
  Statement& st = db.prepare(
      "SELECT id, hash, party, officer, at FROM manifests "
      "WHERE date = ?1 AND direction = ?2 AND current = 0 "
      "AND EXISTS(SELECT 1 FROM manifest_approvals a WHERE a.manifest_id = manifests.id) "
      "AND id < (SELECT id FROM manifests WHERE date = ?1 AND direction = ?2 AND current = 1) "
      "ORDER BY id DESC LIMIT 1");
  st.bind(1, date.to_string()).bind(2, core::to_string(direction));
  return manifest_of(db, st, date, direction);
}

Result<void> insert_manifest(Database& db, ManifestRow& m) {
  auto voided =
      db.prepare(
            "UPDATE manifests SET current = 0 WHERE date = ? AND direction = ? AND current = 1")
          .bind(1, m.date.to_string())
          .bind(2, core::to_string(m.direction))
          .run();
  if (!voided) return voided;
  auto ins = db.prepare(
                   "INSERT INTO manifests(date, direction, hash, party, officer, at, current) "
                   "VALUES(?,?,?,?,?,?,1)")
                 .bind(1, m.date.to_string())
                 .bind(2, core::to_string(m.direction))
                 .bind_blob(3, bytes(m.hash))
                 .bind(4, m.party)
                 .bind(5, m.officer)
                 .bind(6, m.at)
                 .run();
  if (!ins) return ins;
  m.id = db.last_insert_rowid();
  std::int64_t position = 0;
  for (int standby = 0; standby < 2; ++standby)
    for (const std::string& ref : standby ? m.standby : m.main) {
      // prepare() hands back the cached statement reset for a new run.
      auto r = db.prepare(
                     "INSERT INTO manifest_entries(manifest_id, position, case_ref, standby) "
                     "VALUES(?,?,?,?)")
                   .bind(1, m.id)
                   .bind(2, ++position)
                   .bind(3, ref)
                   .bind(4, std::int64_t{standby})
                   .run();
      if (!r) return r;
    }
  return {};
}

Result<void> void_manifests(Database& db, const core::Date& date) {
  return db.prepare("UPDATE manifests SET current = 0 WHERE date = ? AND current = 1")
      .bind(1, date.to_string())
      .run();
}

Result<void> insert_approval(Database& db, std::int64_t manifest_id, const Approval& a) {
  return db
      .prepare("INSERT INTO manifest_approvals(manifest_id, party, officer, at) VALUES(?,?,?,?)")
      .bind(1, manifest_id)
      .bind(2, a.party)
      .bind(3, a.officer)
      .bind(4, a.at)
      .run();
}

Result<std::vector<std::string>> on_lists_by_document(Database& db, const core::Date& date,
                                                      std::string_view number) {
  Statement& st = db.prepare(
      "SELECT c.ref FROM manifests m JOIN manifest_entries e ON e.manifest_id = m.id "
      "JOIN cases c ON c.ref = e.case_ref "
      "WHERE m.date = ?1 AND m.current = 1 AND (c.national_id = ?2 OR c.passport_no = ?2) "
      "ORDER BY m.id, e.position");
  return all_rows<std::string>(
      st.bind(1, date.to_string()).bind(2, number),
      [](const Statement& row) { return std::string(row.column_text(0)); });
}

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

// --- a case's gate facts ------------------------------------------------

Result<void> set_scheduled(Database& db, std::int64_t case_id, std::optional<core::Date> date) {
  Statement& st = db.prepare("UPDATE cases SET scheduled_on = ? WHERE id = ?");
  if (date)
    st.bind(1, date->to_string());
  else
    st.bind_null(1);
  return st.bind(2, case_id).run();
}

Result<void> set_travel(Database& db, std::int64_t case_id, core::Travel travel,
                        const core::Date& date) {
  return db
      .prepare("UPDATE cases SET travel = ?, travelled_on = ?, scheduled_on = NULL WHERE id = ?")
      .bind(1, travel == core::Travel::crossed ? "crossed" : "turned-back")
      .bind(2, date.to_string())
      .bind(3, case_id)
      .run();
}

Result<std::vector<std::string>> scheduled_on(Database& db, const core::Date& date) {
  Statement& st = db.prepare("SELECT ref FROM cases WHERE scheduled_on = ? ORDER BY ref");
  return all_rows<std::string>(st.bind(1, date.to_string()), [](const Statement& row) {
    return std::string(row.column_text(0));
  });
}

Result<std::vector<Crossed>> crossed_cases(Database& db) {
  Statement& st = db.prepare(
      "SELECT travelled_on, requested_on, registered_at FROM cases WHERE travel = 'crossed' "
      "ORDER BY travelled_on, id");
  return all_rows<Crossed>(st, [](const Statement& row) {
    return Crossed{date_column(row, 0), std::string(row.column_text(1)), row.column_int64(2)};
  });
}

}  // namespace corridor::store
