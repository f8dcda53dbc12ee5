#pragma once
// The dashboard's figures kept as the cases change (issue 18, migration
// 11): every change to a case, in the same transaction, takes the case's
// figures away as they were and adds them as they are now. A case's
// figures are those Service::stats used to derive from it at "now"; what
// changes by itself later (an approval expiring, a stage becoming overdue,
// a child turning 18) goes to the timeline at the moment it changes.

#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/stats_repo.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corridor::app::tally {

// A case's figures at one moment: the figure names it counts in, under its
// (direction, category, urgency).
std::vector<std::string> figures_at(const core::Config& config, const core::WorkflowDef& wf,
                                    const store::StoredCase& sc, core::Timestamp now,
                                    const core::Date& today);

// The crossing zone's dates and midnights (ICU), remembered: a batch's
// cases share their days, and people their birthdays.
class ZoneCache {
public:
  explicit ZoneCache(std::string tz) : m_tz(std::move(tz)) {}
  core::Result<core::Date> day_of(core::Timestamp t);
  core::Result<core::Timestamp> midnight(const core::Date& d);

private:
  std::string m_tz;
  std::map<core::Date, core::Timestamp> m_midnights;
  std::optional<core::Date> m_day;  // the last day, [m_start, m_end)
  core::Timestamp m_start = 0;
  core::Timestamp m_end = 0;
};

// Changes to the maintained tables, summed before they are written.
class Changes {
public:
  explicit Changes(const core::Config& config) : m_zone(config.crossing.time_zone) {}
  // Adds (sign +1) or takes away (-1) the figures of a case, given the
  // horizon; `travelled` is the day it crossed or was turned back.
  core::Result<void> add_case(const core::Config& config, const store::StoredCase& sc,
                              std::optional<core::Date> travelled, core::Timestamp horizon,
                              int sign);
  // Writes what was summed, and forgets it.
  core::Result<void> write(store::Database& db);
  // Writes only the per-case rows (stats_waits, stats_decisions).
  core::Result<void> write_rows(store::Database& db);

private:
  ZoneCache m_zone;
  std::map<store::TallyKey, std::int64_t> m_tallies;
  std::map<std::pair<core::Timestamp, store::TallyKey>, std::int64_t> m_timeline;
  std::map<std::pair<core::Date, std::string>, std::int64_t> m_backlog;  // (day, dims key)
  std::map<std::string, store::CaseDims> m_dims;
  struct CaseRows {
    store::CaseDims dims;
    std::vector<store::WaitRow> waits;
    std::vector<store::DecisionWait> decisions;
  };
  std::map<std::int64_t, CaseRows> m_rows;  // by case id: the rows it has now
};

// Moves the horizon to `at` (if later), folding the timeline up to it. An
// older deployment's figures are filled instead (every case, once, from
// the tables as they are): true then.
core::Result<bool> advance(store::Database& db, const core::Config& config, core::Timestamp at);

// Fills an older deployment's figures (migration 11 marked it), in a
// transaction of its own: Service::open does it for a writable store.
// The sums are written every `flush_every` cases (memory stays small).
core::Result<void> fill_if_needed(store::Database& db, const core::Config& config,
                                  std::size_t flush_every = 4096);

// One case changed at `at`: `before` (nullopt for a new case) as it was,
// `after` as it is now. Calls advance(at) first.
core::Result<void> changed(store::Database& db, const core::Config& config,
                           const std::optional<store::StoredCase>& before,
                           const store::StoredCase& after, core::Timestamp at);

// A case as registered, before any decision.
store::StoredCase new_case(core::CaseRecord record);

// New cases registered together at `at` (an import batch), one write.
core::Result<void> registered(store::Database& db, const core::Config& config,
                              const std::vector<store::StoredCase>& cases, core::Timestamp at);

}  // namespace corridor::app::tally
