// The import's possible-duplicate check (docs/csv.md "Flags", docs/dedup.md).

#include <corridor/app/duplicates.hpp>

#include <corridor/core/dedup_compare.hpp>
#include <corridor/store/dedup_persons.hpp>
#include <corridor/store/dedup_repo.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

namespace corridor::app {
namespace {

core::Flag duplicate_flag(std::string_view other_ref, double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", score);
  return {std::string(k_possible_duplicate),
          "may be the same person as " + std::string(other_ref) + " (score " + buf + ")"};
}

void drop_own_flags(std::vector<core::Flag>& flags) {
  std::erase_if(flags, [](const core::Flag& f) { return f.code == k_possible_duplicate; });
}

}  // namespace

// The weights: the store's last estimate; else estimated from the file's
// persons and the store's open ones, and kept only when they are at least
// core::k_min_estimate (fewer give the defaults, whose lambda suits only
// so few). A store whose cases have no keys yet (older than the check) gets
// them here, in the import's transaction.
core::Result<void> ImportDedup::prepare_store(store::Database& db) {
  auto stored = store::load_dedup_weights(db);
  if (!stored) return std::move(stored).error();
  auto parsed = *stored ? core::Weights::from_json(**stored)
                        : core::Result<core::Weights>(core::make_error(core::Errc::not_found, ""));
  auto any = store::any_dedup_keys(db);
  if (!any) return std::move(any).error();
  m_any_keys = *any;
  if (parsed && m_any_keys) {
    m_weights = *parsed;
    m_estimated = false;
    return {};
  }
  std::vector<store::OpenPerson> open;
  auto each =
      store::for_each_open_person(db, [&](store::OpenPerson&& o) { open.push_back(std::move(o)); });
  if (!each) return each;
  std::vector<core::DedupPerson> all = m_persons;
  for (store::OpenPerson& o : open) {
    if (!m_any_keys)
      if (auto k = store::put_dedup_keys(db, o.id, core::blocking_keys(o.person)); !k) return k;
    all.push_back(std::move(o.person));
  }
  m_any_keys = !open.empty();
  m_estimated = !parsed && all.size() >= core::k_min_estimate;
  m_weights = parsed ? *parsed : core::estimate_weights(all, k_dedup_seed, 2);
  return {};
}

core::Result<void> ImportDedup::check(store::Database& db, std::vector<core::CaseRecord>& records,
                                      const std::vector<core::IntakeRow>& rows,
                                      std::vector<core::RowFlag>& flags) {
  std::erase_if(flags, [](const core::RowFlag& f) { return f.flag.code == k_possible_duplicate; });
  m_persons.clear();
  m_keys.clear();
  m_matches.clear();
  for (core::CaseRecord& r : records) {
    drop_own_flags(r.flags);
    m_persons.push_back(core::dedup_person(r));
    m_keys.push_back(core::blocking_keys(m_persons.back()));
  }
  if (auto p = prepare_store(db); !p) return p;
  // Within the file: the later row is flagged, naming the earlier. An exit
  // and an entry case may be one person's: not duplicates.
  for (core::CandidatePair& c :
       core::find_duplicates(m_persons, m_weights, core::k_default_min_score, nullptr, 2)) {
    if (records[c.a].direction != records[c.b].direction) continue;
    const bool a_first = rows[c.a].row < rows[c.b].row;
    const std::size_t later = a_first ? c.b : c.a, earlier = a_first ? c.a : c.b;
    m_matches.push_back({later, 0, earlier, records[earlier].ref, std::move(c.comparison)});
  }
  // A dry run names no stored case: it is rolled back and leaves no trace,
  // so it must not tell whether a guessed person has an open case.
  if (m_any_keys && !m_dry_run) {
    const core::WeightTable table(m_weights);
    std::map<std::int64_t, Stored> seen;
    for (std::size_t i = 0; i < records.size(); ++i)
      if (auto s = against_store(db, i, records[i], table, seen); !s) return s;
  }
  for (const Match& m : m_matches) {
    core::Flag f = duplicate_flag(m.other_ref, m.comparison.score);
    flags.push_back({rows[m.row].row, records[m.row].ref, f});
    records[m.row].flags.push_back(std::move(f));
  }
  std::stable_sort(flags.begin(), flags.end(),
                   [](const core::RowFlag& a, const core::RowFlag& b) { return a.row < b.row; });
  return {};
}

// The open stored cases that share a blocking key with record i. A key
// shared by more than core::k_max_block cases is passed over, as in
// find_duplicates. Each record and stored person is prepared once.
core::Result<void> ImportDedup::against_store(store::Database& db, std::size_t i,
                                              const core::CaseRecord& record,
                                              const core::WeightTable& table,
                                              std::map<std::int64_t, Stored>& seen) {
  std::set<std::int64_t> ids;
  for (const std::string& key : m_keys[i]) {
    auto found = store::case_ids_by_dedup_key(db, key);
    if (!found) return std::move(found).error();
    if (found->size() <= core::k_max_block) ids.insert(found->begin(), found->end());
  }
  if (ids.empty()) return {};
  const core::PreparedPerson self = core::prepare(m_persons[i]);
  for (std::int64_t id : ids) {
    auto it = seen.find(id);
    if (it == seen.end()) {
      auto other = store::open_person(db, id);
      if (!other) return std::move(other).error();
      Stored s;
      if (*other) s.person = core::prepare((*other)->person);
      if (*other) s.direction = std::move((*other)->direction);
      it = seen.emplace(id, std::move(s)).first;
    }
    if (!it->second.person || it->second.direction != core::to_string(record.direction)) continue;
    core::Comparison c = core::comparison_of(core::gamma_of(self, *it->second.person), table);
    if (c.score >= core::k_default_min_score)
      m_matches.push_back({i, id, 0, it->second.person->ref, std::move(c)});
  }
  return {};
}

core::Result<void> ImportDedup::record(store::Database& db,
                                       const std::vector<core::CaseRecord>& records,
                                       core::Timestamp now) {
  for (std::size_t i = 0; i < records.size(); ++i)
    if (auto k = store::put_dedup_keys(db, records[i].id, m_keys[i]); !k) return k;
  for (const Match& m : m_matches) {
    const std::int64_t self = records[m.row].id;
    const std::int64_t other = m.stored != 0 ? m.stored : records[m.other].id;
    store::DedupPair pair;
    pair.case_a = std::min(self, other);
    pair.case_b = std::max(self, other);
    pair.score = m.comparison.score;
    pair.evidence = features_json(m.comparison.features);
    pair.found_at = now;
    if (auto p = store::put_dedup_pair(db, pair); !p) return p;
  }
  if (m_estimated)
    if (auto s = store::save_dedup_weights(db, m_weights.to_json()); !s) return s;
  return {};
}

}  // namespace corridor::app
