// Crossing days and manifests (docs/crossing.md); the gate's tables are
// gate_repo.cpp's.

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
