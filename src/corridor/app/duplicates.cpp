// `corridor duplicates`: the matcher over every open case of the store.

#include <corridor/app/duplicates.hpp>

#include <corridor/store/dedup_persons.hpp>
#include <corridor/store/dedup_repo.hpp>
#include <corridor/store/projection_repo.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

namespace corridor::app {

std::string features_json(const std::vector<core::Feature>& features) {
  nlohmann::json out = nlohmann::json::array();
  for (const core::Feature& f : features)
    out.push_back(
        {{"name", f.name}, {"level", f.level}, {"weight", std::round(f.weight * 100) / 100}});
  return out.dump();
}

core::Result<StoreDuplicates> find_store_duplicates(store::Database& db, double min_score,
                                                    unsigned threads) {
  std::vector<core::DedupPerson> persons;
  std::vector<std::int64_t> ids;
  std::vector<std::string> directions;
  std::set<std::pair<std::int64_t, std::int64_t>> decided;
  auto read = store::in_read_transaction(db, [&]() -> core::Result<void> {
    auto each = store::for_each_open_person(db, [&](store::OpenPerson&& o) {
      ids.push_back(o.id);
      directions.push_back(std::move(o.direction));
      persons.push_back(std::move(o.person));
    });
    if (!each) return each;
    auto pairs = store::decided_dedup_pairs(db);
    if (!pairs) return std::move(pairs).error();
    decided.insert(pairs->begin(), pairs->end());
    return {};
  });
  if (!read) return std::move(read).error();
  const core::Weights weights = core::estimate_weights(persons, k_dedup_seed, threads);
  StoreDuplicates out;
  out.persons = persons.size();
  // In id order, so a < b is the order of registration. A decided pair is
  // never proposed again; an exit and an entry case may be one person's.
  for (core::CandidatePair& c :
       core::find_duplicates(persons, weights, min_score, &out.stats, threads)) {
    const auto [lo, hi] = std::minmax(ids[c.a], ids[c.b]);
    if (directions[c.a] != directions[c.b] || decided.contains({lo, hi})) continue;
    out.pairs.push_back({persons[c.a].ref, persons[c.b].ref, std::move(c.comparison)});
  }
  return out;
}

}  // namespace corridor::app
