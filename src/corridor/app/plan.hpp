#pragma once
// The manifest a day's policy gives, from the store: the cases that could
// travel (core::Candidate), grouped into units, and core::build_manifest
// over them. The operator's `manifest build` and the store's check of a
// manifest statement both call this, at the statement's time, so a manifest
// in the log is exactly what the policy gave when it was signed.

#include <corridor/core/config.hpp>
#include <corridor/core/manifest.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/database.hpp>

#include <string>
#include <vector>

namespace corridor::app {

struct PlannedManifest {
  core::DayPlan plan;
  std::vector<core::Unit> units;  // in principal ref order
  core::Manifest manifest;
  std::vector<std::string> main;     // refs, in travel order
  std::vector<std::string> standby;  // refs, in order

  // The case a Placed or Skipped names.
  const core::Candidate& member(std::uint32_t unit, std::uint32_t member) const;
};

// The day's capacity as its opening set it; the config's if it set none.
core::Result<core::Capacity> day_capacity(const core::Config& config, const store::DayRow& day);

// Where the plan finds the cases that could travel: the stored state's
// index (what every path uses; proportional to the cleared cases), or a
// scan of every case of the direction (the definition, kept for the tests
// and the benchmark's baseline). Both give the same plan
// (demo/manifest_candidates_test.cpp).
enum class CandidateSource { stored_state, scan };

// Plans one direction of `day` as the store stands, deriving each candidate
// at `now`. With [days] equal_in_out, both directions are planned to find the cap.
core::Result<PlannedManifest> plan_manifest(store::Database& db, const core::Config& config,
                                            const store::DayRow& day, core::Direction direction,
                                            core::Timestamp now,
                                            CandidateSource source = CandidateSource::stored_state);

}  // namespace corridor::app
