#include <corridor/store/stats_repo.hpp>

#include <corridor/store/rows.hpp>

#include <limits>

namespace corridor::store {

using core::Result;
using detail::all_rows;
using detail::each_row;
using detail::first_row;

namespace {

TallyKey key_at(const Statement& row, int col) {
  return TallyKey{std::string(row.column_text(col)), std::string(row.column_text(col + 1)),
                  std::string(row.column_text(col + 2)), std::string(row.column_text(col + 3))};
}

CaseDims dims_at(const Statement& row, int col) {
  return CaseDims{std::string(row.column_text(col)), std::string(row.column_text(col + 1)),
                  std::string(row.column_text(col + 2))};
}

Statement& bind_key(Statement& st, int first, const TallyKey& k) {
  return st.bind(first, k.direction)
      .bind(first + 1, k.category)
      .bind(first + 2, k.urgency)
      .bind(first + 3, k.figure);
}

// `?n IS NULL OR column = ?n` for the three dimensions from `first`.
Statement& bind_filter(Statement& st, int first, const DimsFilter& f) {
  auto one = [&](int i, const std::optional<std::string>& v) {
    if (v)
      st.bind(i, *v);
    else
      st.bind_null(i);
  };
  one(first, f.direction);
  one(first + 1, f.category);
  one(first + 2, f.urgency);
  return st;
}

constexpr std::string_view k_filter =
    "(?1 IS NULL OR direction = ?1) AND (?2 IS NULL OR category = ?2) AND "
    "(?3 IS NULL OR urgency = ?3)";

}  // namespace

Result<Horizon> stats_horizon(Database& db) {
  Statement& st = db.prepare("SELECT at FROM stats_horizon WHERE id = 1");
  auto row = first_row<std::optional<core::Timestamp>>(st, [](const Statement& r) {
    return r.column_is_null(0) ? std::nullopt : std::optional(r.column_int64(0));
  });
  if (!row) return std::move(row).error();
  if (!*row) return Horizon{};
  if (!**row) return Horizon{std::nullopt, false};
  return Horizon{**row, true};
}

Result<void> set_stats_horizon(Database& db, core::Timestamp at) {
  return db
      .prepare(
          "INSERT INTO stats_horizon(id, at) VALUES(1, ?) ON CONFLICT(id) DO UPDATE SET at = "
          "excluded.at")
      .bind(1, at)
      .run();
}

Result<void> add_tally(Database& db, const TallyKey& key, std::int64_t n) {
  Statement& up = db.prepare(
      "INSERT INTO stats_tallies(direction, category, urgency, figure, n) VALUES(?,?,?,?,?) "
      "ON CONFLICT DO UPDATE SET n = n + excluded.n");
  if (auto r = bind_key(up, 1, key).bind(5, n).run(); !r) return r;
  Statement& del = db.prepare(
      "DELETE FROM stats_tallies WHERE direction = ? AND category = ? AND urgency = ? AND "
      "figure = ? AND n = 0");
  return bind_key(del, 1, key).run();
}

Result<void> add_timeline(Database& db, core::Timestamp at, const TallyKey& key, std::int64_t n) {
  Statement& up = db.prepare(
      "INSERT INTO stats_timeline(at, direction, category, urgency, figure, n) "
      "VALUES(?,?,?,?,?,?) ON CONFLICT DO UPDATE SET n = n + excluded.n");
  if (auto r = bind_key(up.bind(1, at), 2, key).bind(6, n).run(); !r) return r;
  Statement& del = db.prepare(
      "DELETE FROM stats_timeline WHERE at = ? AND direction = ? AND category = ? AND "
      "urgency = ? AND figure = ? AND n = 0");
  return bind_key(del.bind(1, at), 2, key).run();
}

Result<void> add_backlog(Database& db, const core::Date& day, const CaseDims& d, std::int64_t n) {
  Statement& up = db.prepare(
      "INSERT INTO stats_backlog(day, direction, category, urgency, n) VALUES(?,?,?,?,?) "
      "ON CONFLICT DO UPDATE SET n = n + excluded.n");
  const std::string date = day.to_string();
  if (auto r = up.bind(1, date)
                   .bind(2, d.direction)
                   .bind(3, d.category)
                   .bind(4, d.urgency)
                   .bind(5, n)
                   .run();
      !r)
    return r;
  Statement& del = db.prepare(
      "DELETE FROM stats_backlog WHERE day = ? AND direction = ? AND category = ? AND "
      "urgency = ? AND n = 0");
  return del.bind(1, date).bind(2, d.direction).bind(3, d.category).bind(4, d.urgency).run();
}

Result<void> fold_timeline(Database& db, core::Timestamp at) {
  auto due = timeline(db, std::numeric_limits<core::Timestamp>::min(), at);
  if (!due) return std::move(due).error();
  for (const TallyRow& row : *due)
    if (auto r = add_tally(db, row.key, row.n); !r) return r;
  return db.prepare("DELETE FROM stats_timeline WHERE at <= ?").bind(1, at).run();
}

Result<void> set_waits(Database& db, std::int64_t case_id, const CaseDims& d,
                       const std::vector<WaitRow>& rows) {
  if (auto r = db.prepare("DELETE FROM stats_waits WHERE case_id = ?").bind(1, case_id).run(); !r)
    return r;
  const std::string sql(
      "INSERT INTO stats_waits(case_id, seq, stage, party, direction, category, urgency, since, "
      "from_at, to_at) VALUES(?,?,?,?,?,?,?,?,?,?)");
  std::int64_t seq = 0;
  for (const WaitRow& w : rows) {
    Statement& ins = db.prepare(sql);  // reset for each row
    ins.bind(1, case_id).bind(2, seq++).bind(3, w.stage).bind(4, w.party).bind(5, d.direction);
    ins.bind(6, d.category)
        .bind(7, d.urgency)
        .bind(8, w.since)
        .bind(9, w.from_at)
        .bind(10, w.to_at);
    if (auto r = ins.run(); !r) return r;
  }
  return {};
}

Result<void> set_decision_waits(Database& db, std::int64_t case_id, const CaseDims& d,
                                const std::vector<DecisionWait>& rows) {
  if (auto r = db.prepare("DELETE FROM stats_decisions WHERE case_id = ?").bind(1, case_id).run();
      !r)
    return r;
  const std::string sql(
      "INSERT INTO stats_decisions(case_id, seq, at, stage, party, direction, category, urgency, "
      "seconds) VALUES(?,?,?,?,?,?,?,?,?)");
  std::int64_t seq = 0;
  for (const DecisionWait& w : rows) {
    Statement& ins = db.prepare(sql);  // reset for each row
    ins.bind(1, case_id).bind(2, seq++).bind(3, w.at).bind(4, w.stage).bind(5, w.party);
    ins.bind(6, d.direction).bind(7, d.category).bind(8, d.urgency).bind(9, w.seconds);
    if (auto r = ins.run(); !r) return r;
  }
  return {};
}

Result<std::optional<core::Date>> travelled_on(Database& db, std::int64_t case_id) {
  Statement& st = db.prepare("SELECT travelled_on FROM cases WHERE id = ?");
  auto row = first_row<std::optional<core::Date>>(
      st.bind(1, case_id), [](const Statement& r) { return core::parse_date(r.column_text(0)); });
  if (!row) return std::move(row).error();
  return row->value_or(std::nullopt);
}

Result<std::vector<TallyRow>> tallies(Database& db) {
  Statement& st = db.prepare("SELECT direction, category, urgency, figure, n FROM stats_tallies");
  return all_rows<TallyRow>(st, [](const Statement& r) {
    return TallyRow{key_at(r, 0), r.column_int64(4)};
  });
}

Result<std::vector<TallyRow>> timeline(Database& db, core::Timestamp after, core::Timestamp upto) {
  Statement& st = db.prepare(
      "SELECT direction, category, urgency, figure, n FROM stats_timeline WHERE at > ? AND "
      "at <= ? ORDER BY at");
  return all_rows<TallyRow>(st.bind(1, after).bind(2, upto), [](const Statement& r) {
    return TallyRow{key_at(r, 0), r.column_int64(4)};
  });
}

Result<std::vector<BacklogRow>> backlog_changes(Database& db) {
  Statement& st =
      db.prepare("SELECT day, direction, category, urgency, n FROM stats_backlog ORDER BY day");
  return all_rows<BacklogRow>(st, [](const Statement& r) {
    return BacklogRow{core::parse_date(r.column_text(0)).value_or(core::Date{}), dims_at(r, 1),
                      r.column_int64(4)};
  });
}

Result<std::optional<core::Timestamp>> oldest_wait(Database& db, const std::string& stage,
                                                   const std::string& party, const DimsFilter& f,
                                                   core::Timestamp now) {
  Statement& st = db.prepare("SELECT since FROM stats_waits WHERE " + std::string(k_filter) +
                             " AND stage = ?4 AND party = ?5 AND from_at <= ?6 AND to_at > ?6 "
                             "ORDER BY since LIMIT 1");
  bind_filter(st, 1, f).bind(4, stage).bind(5, party).bind(6, now);
  return first_row<core::Timestamp>(st, [](const Statement& r) { return r.column_int64(0); });
}

Result<std::vector<DecisionWaitRow>> decision_waits(Database& db, core::Timestamp from,
                                                    core::Timestamp to) {
  Statement& st = db.prepare(
      "SELECT at, stage, party, seconds, direction, category, urgency FROM stats_decisions "
      "WHERE at >= ? AND at < ?");
  return all_rows<DecisionWaitRow>(st.bind(1, from).bind(2, to), [](const Statement& r) {
    return DecisionWaitRow{DecisionWait{r.column_int64(0), std::string(r.column_text(1)),
                                        std::string(r.column_text(2)), r.column_int64(3)},
                           dims_at(r, 4)};
  });
}

Result<std::optional<core::Timestamp>> first_registered(Database& db, const CaseDims& d) {
  Statement& st = db.prepare(
      "SELECT min(registered_at) FROM cases WHERE direction = ? AND category = ? AND urgency = ?");
  st.bind(1, d.direction).bind(2, d.category).bind(3, d.urgency);
  auto row = first_row<std::optional<core::Timestamp>>(st, [](const Statement& r) {
    return r.column_is_null(0) ? std::nullopt : std::optional(r.column_int64(0));
  });
  if (!row) return std::move(row).error();
  return row->value_or(std::nullopt);
}

Result<std::vector<std::pair<std::string, CaseDims>>> deaths(Database& db) {
  Statement& st = db.prepare(
      "SELECT k.on_date, c.direction, c.category, c.urgency FROM closures k JOIN cases c ON "
      "c.id = k.case_id WHERE k.kind = 'deceased'");
  return all_rows<std::pair<std::string, CaseDims>>(st, [](const Statement& r) {
    return std::pair{std::string(r.column_text(0)), dims_at(r, 1)};
  });
}

Result<std::vector<std::pair<std::string, GateCase>>> gate_cases(Database& db) {
  Statement& st = db.prepare(
      "SELECT c.ref, c.direction, c.category, c.urgency, c.requested_on, c.registered_at FROM "
      "cases c WHERE c.ref IN (SELECT case_ref FROM gate_events)");
  return all_rows<std::pair<std::string, GateCase>>(st, [](const Statement& r) {
    return std::pair{
        std::string(r.column_text(0)),
        GateCase{dims_at(r, 1), core::parse_date(r.column_text(4)), r.column_int64(5)}};
  });
}

}  // namespace corridor::store
