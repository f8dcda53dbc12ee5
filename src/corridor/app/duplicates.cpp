// `corridor duplicates`: the matcher over every open case of the store.

#include <corridor/app/duplicates.hpp>

#include <corridor/store/dedup_persons.hpp>
#include <corridor/store/projection_repo.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

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
  auto read = store::in_read_transaction(db, [&]() -> core::Result<void> {
    return store::for_each_open_person(
        db, [&](std::int64_t, core::DedupPerson&& p) { persons.push_back(std::move(p)); });
  });
  if (!read) return std::move(read).error();
  const core::Weights weights = core::estimate_weights(persons, k_dedup_seed, threads);
  StoreDuplicates out;
  out.persons = persons.size();
  // In id order, so a < b is the order of registration.
  for (core::CandidatePair& c :
       core::find_duplicates(persons, weights, min_score, &out.stats, threads))
    out.pairs.push_back({persons[c.a].ref, persons[c.b].ref, std::move(c.comparison)});
  return out;
}

}  // namespace corridor::app
