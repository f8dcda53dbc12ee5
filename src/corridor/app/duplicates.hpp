#pragma once
// Possible duplicates at import and over the whole store (docs/dedup.md):
// the matcher (core/dedup.hpp) on the store's persons.

#include <corridor/core/date.hpp>
#include <corridor/core/dedup.hpp>
#include <corridor/core/dedup_compare.hpp>
#include <corridor/core/intake.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corridor::app {

inline constexpr std::string_view k_possible_duplicate = "possible-duplicate";
// The seed of every weight estimate: the same store gives the same weights.
inline constexpr std::uint64_t k_dedup_seed = 19;

// The features as the JSON array dedup_pairs.evidence and the API hold:
// [{"name":..,"level":..,"weight":..}] (weights rounded to 0.01).
std::string features_json(const std::vector<core::Feature>& features);

// `corridor duplicates`: every open case's person read (one read
// transaction), weights estimated from them, and the pairs whose score
// reaches min_score, best first, except pairs already decided and pairs of
// different directions. Nothing is written.
struct StorePair {
  std::string ref_a, ref_b;  // ref_a's case was stored first
  core::Comparison comparison;
};
struct StoreDuplicates {
  std::vector<StorePair> pairs;
  core::DedupStats stats;
  std::uint64_t persons = 0;
};
core::Result<StoreDuplicates> find_store_duplicates(store::Database& db, double min_score,
                                                    unsigned threads);

// The import's check (app/import.cpp), in the import's transaction. Not
// thread-safe; one per import.
class ImportDedup {
public:
  // A dry run compares the file's rows with each other only (docs/dedup.md).
  explicit ImportDedup(bool dry_run = false) : m_dry_run(dry_run) {}
  // Before the records are stored: each record whose person probably is
  // an open stored case's, or an earlier row's of the file, gets the flag
  // possible-duplicate naming the other ref and the score (never the other
  // person's data), in its flags and in `flags`; in a dry run, only an
  // earlier row's. Cases of different directions are not duplicates.
  // Weights: the store's last estimate, else estimated from the records and
  // the open stored cases. A store without keys gets them for its open
  // cases first. May run again (a retried transaction): it replaces its
  // own flags.
  core::Result<void> check(store::Database& db, std::vector<core::CaseRecord>& records,
                           const std::vector<core::IntakeRow>& rows,
                           std::vector<core::RowFlag>& flags);
  // After they are stored (ids set): their blocking keys, the pairs found,
  // and the weights if they were estimated here from k_min_estimate
  // persons or more.
  core::Result<void> record(store::Database& db, const std::vector<core::CaseRecord>& records,
                            core::Timestamp now);

private:
  struct Match {
    std::size_t row;          // index into the records
    std::int64_t stored = 0;  // the stored case's id, or 0 for a record
    std::size_t other = 0;    // the other record's index when stored == 0
    std::string other_ref;
    core::Comparison comparison;
  };
  struct Stored {
    std::optional<core::PreparedPerson> person;  // nullopt: not an open case
    std::string direction;
  };
  core::Result<void> prepare_store(store::Database& db);
  core::Result<void> against_store(store::Database& db, std::size_t i,
                                   const core::CaseRecord& record, const core::WeightTable& table,
                                   std::map<std::int64_t, Stored>& seen);

  core::Weights m_weights;
  bool m_estimated = false;
  bool m_dry_run = false;
  bool m_any_keys = false;
  std::vector<core::DedupPerson> m_persons;
  std::vector<std::vector<std::string>> m_keys;
  std::vector<Match> m_matches;
};

}  // namespace corridor::app
