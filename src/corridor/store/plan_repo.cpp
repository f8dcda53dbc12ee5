#include <corridor/store/plan_repo.hpp>

#include <corridor/store/rows.hpp>

#include <algorithm>
#include <unordered_set>

namespace corridor::store {

core::Result<std::map<int, std::int64_t>> listed_group_sizes(Database& db, const core::Date& from,
                                                             const core::Date& to,
                                                             std::string_view patient_category) {
  // The lists' entries once (materialized), their groups counted once:
  // linear in the entries, where a subquery per patient would scan its
  // whole list.
  Statement& st = db.prepare(
      "WITH listed AS ("
      " SELECT e.manifest_id AS manifest, c.ref AS ref, c.category AS category,"
      "  c.group_ref AS group_ref"
      " FROM manifests m JOIN manifest_entries e ON e.manifest_id = m.id"
      " JOIN cases c ON c.ref = e.case_ref"
      " WHERE m.current = 1 AND m.direction = 'exit' AND m.date >= ?1 AND m.date <= ?2),"
      " groups AS (SELECT manifest, group_ref, count(*) AS n FROM listed"
      "  WHERE group_ref <> '' GROUP BY manifest, group_ref)"
      " SELECT coalesce(g.n, 0) AS k, count(*) FROM listed p"
      " LEFT JOIN groups g ON g.manifest = p.manifest AND g.group_ref = p.ref"
      " WHERE p.category = ?3 GROUP BY k ORDER BY k");
  st.bind(1, from.to_string()).bind(2, to.to_string()).bind(3, patient_category);
  std::map<int, std::int64_t> out;
  auto r = detail::each_row(st, [&](const Statement& row) {
    out[static_cast<int>(row.column_int64(0))] = row.column_int64(1);
  });
  if (!r) return std::move(r).error();
  return out;
}

namespace {

StoredCase read_outline(const Statement& row) {
  StoredCase sc;
  core::CaseRecord& r = sc.record;
  r.id = row.column_int64(0);
  r.ref = row.column_text(1);
  r.urgency = row.column_text(2);
  r.requested_on = core::parse_date(row.column_text(3));
  r.person.date_of_birth = core::parse_date(row.column_text(4)).value_or(core::Date{});
  r.snapshot = detail::hash_column(row, 5);
  sc.facts.snapshot = r.snapshot;
  sc.facts.snapshot_at = row.column_int64(6);
  r.registered_at = sc.facts.registered_at = row.column_int64(7);
  if (!row.column_is_null(8)) {
    sc.facts.closure = core::Closure{};
    sc.facts.closure->kind =
        core::parse_closure_kind(row.column_text(8)).value_or(core::ClosureKind::withdrawn);
    sc.facts.closure->at = row.column_int64(9);
  }
  if (!row.column_is_null(10)) sc.facts.scheduled_on = core::parse_date(row.column_text(10));
  if (!row.column_is_null(11))
    sc.facts.travel =
        row.column_text(11) == "crossed" ? core::Travel::crossed : core::Travel::turned_back;
  return sc;
}

}  // namespace

namespace {

// A decision as the first pass keeps it: small, so that tens of thousands
// cost little memory; its stage and party are indexes into Names.
struct CompactDecision {
  std::int64_t case_id = 0;
  core::Timestamp at = 0;
  core::Hash256 snapshot{};
  std::uint16_t stage = 0, party = 0;
  core::Outcome outcome = core::Outcome::approve;
};

class Names {
public:
  std::uint16_t index(std::string_view name) {
    for (std::size_t i = 0; i < m_names.size(); ++i)
      if (m_names[i] == name) return static_cast<std::uint16_t>(i);
    m_names.emplace_back(name);
    return static_cast<std::uint16_t>(m_names.size() - 1);
  }
  const std::string& operator[](std::uint16_t i) const { return m_names[i]; }

private:
  std::vector<std::string> m_names;  // a workflow's few stage and party ids
};

}  // namespace

core::Result<void> for_each_case_outline(Database& db, core::Direction direction,
                                         std::string_view category,
                                         const std::function<void(StoredCase&&)>& fn) {
  // The cases' ids from the index alone, then their decisions.
  Statement& ids = db.prepare("SELECT id FROM cases WHERE direction = ? AND category = ?");
  ids.bind(1, core::to_string(direction)).bind(2, category);
  std::unordered_set<std::int64_t> wanted;
  auto listed =
      detail::each_row(ids, [&](const Statement& row) { wanted.insert(row.column_int64(0)); });
  if (!listed) return listed;
  Names names;
  std::vector<CompactDecision> all;
  Statement& ds =
      db.prepare("SELECT case_id, stage, party, outcome, snapshot, at FROM decisions ORDER BY id");
  auto read = detail::each_row(ds, [&](const Statement& row) {
    if (!wanted.count(row.column_int64(0))) return;
    all.push_back({row.column_int64(0), row.column_int64(5), detail::hash_column(row, 4),
                   names.index(row.column_text(1)), names.index(row.column_text(2)),
                   core::parse_outcome(row.column_text(3)).value_or(core::Outcome::approve)});
  });
  if (!read) return read;
  // Table order is log order: sorted by case, each case's stay in commit order.
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return a.case_id < b.case_id; });
  Statement& cs = db.prepare(
      "SELECT c.id, c.ref, c.urgency, c.requested_on, c.date_of_birth, c.snapshot, "
      "c.snapshot_at, c.registered_at, cl.kind, cl.at, c.scheduled_on, c.travel "
      "FROM cases c LEFT JOIN closures cl ON cl.case_id = c.id "
      "WHERE c.direction = ? AND c.category = ? ORDER BY c.id");
  cs.bind(1, core::to_string(direction)).bind(2, category);
  auto next = all.begin();
  return detail::each_row(cs, [&](const Statement& row) {
    StoredCase sc = read_outline(row);
    while (next != all.end() && next->case_id < sc.record.id) ++next;
    for (; next != all.end() && next->case_id == sc.record.id; ++next) {
      core::Decision& d = sc.facts.decisions.emplace_back();
      d.case_ref = sc.record.ref;
      d.stage = names[next->stage];
      d.party = names[next->party];
      d.outcome = next->outcome;
      d.snapshot = next->snapshot;
      d.at = next->at;
    }
    fn(std::move(sc));
  });
}

core::Result<std::optional<core::Timestamp>> first_registration(Database& db) {
  // Cases are stored in log order: the first by id is the first registered
  // (to the log's clock skew), found without reading the table.
  Statement& st = db.prepare("SELECT registered_at FROM cases ORDER BY id LIMIT 1");
  auto row = detail::first_row<std::optional<core::Timestamp>>(st, [](const Statement& r) {
    return r.column_is_null(0) ? std::nullopt : std::optional(r.column_int64(0));
  });
  if (!row) return std::move(row).error();
  return row->value_or(std::nullopt);
}

core::Result<std::int64_t> registrations(Database& db, core::Direction direction,
                                         core::Timestamp from, core::Timestamp to) {
  Statement& st = db.prepare(
      "SELECT count(*) FROM cases WHERE direction = ? AND registered_at >= ? AND registered_at <= "
      "?");
  st.bind(1, core::to_string(direction)).bind(2, from).bind(3, to);
  auto row =
      detail::first_row<std::int64_t>(st, [](const Statement& r) { return r.column_int64(0); });
  if (!row) return std::move(row).error();
  return row->value_or(0);
}

SmallCache::SmallCache(Database& db, int kib) : m_db(db) {
  Statement& st = db.prepare("PRAGMA cache_size");
  auto before =
      detail::first_row<std::int64_t>(st, [](const Statement& r) { return r.column_int64(0); });
  if (!before || !*before) return;  // unknown: leave the cache alone
  m_before = **before;
  (void)db.exec("PRAGMA cache_size = " + std::to_string(-std::int64_t{kib}));
}

SmallCache::~SmallCache() {
  if (m_before) (void)m_db.exec("PRAGMA cache_size = " + std::to_string(*m_before));
}

}  // namespace corridor::store
