#pragma once
// The dashboard's maintained figures (migration 11, app/stats_tally.cpp):
// counts by (direction, category, urgency, figure), what changes by itself
// at a later moment (stats_timeline), the backlog's changes per day, when
// stages became decidable and how long each decision took.

#include <corridor/core/case.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corridor::store {

struct TallyKey {
  std::string direction;
  std::string category;
  std::string urgency;
  std::string figure;
  auto operator<=>(const TallyKey&) const = default;
};

struct TallyRow {
  TallyKey key;
  std::int64_t n = 0;
};

// A stage decidable (not returned) over [from_at, to_at), since `since`.
struct WaitRow {
  std::string stage;
  std::string party;
  core::Timestamp since = 0;
  core::Timestamp from_at = 0;
  core::Timestamp to_at = 0;
};

// One decision: its time and the seconds its stage had been decidable.
struct DecisionWait {
  core::Timestamp at = 0;
  std::string stage;
  std::string party;
  std::int64_t seconds = 0;
};

struct CaseDims {
  std::string direction;
  std::string category;
  std::string urgency;
};

// The horizon: nullopt before the first case; `filled` false while an older
// deployment's figures wait for app::tally::fill.
struct Horizon {
  std::optional<core::Timestamp> at;
  bool filled = true;
};
core::Result<Horizon> stats_horizon(Database& db);
core::Result<void> set_stats_horizon(Database& db, core::Timestamp at);

// Adds n (may be negative) to a count; a count reaching 0 is deleted.
core::Result<void> add_tally(Database& db, const TallyKey& key, std::int64_t n);
core::Result<void> add_timeline(Database& db, core::Timestamp at, const TallyKey& key,
                                std::int64_t n);
core::Result<void> add_backlog(Database& db, const core::Date& day, const CaseDims& dims,
                               std::int64_t n);
// Moves the timeline's entries up to `at` into the tallies.
core::Result<void> fold_timeline(Database& db, core::Timestamp at);

core::Result<void> set_waits(Database& db, std::int64_t case_id, const CaseDims& dims,
                             const std::vector<WaitRow>& rows);
core::Result<void> set_decision_waits(Database& db, std::int64_t case_id, const CaseDims& dims,
                                      const std::vector<DecisionWait>& rows);
// The day a case crossed or was turned back (cases.travelled_on).
core::Result<std::optional<core::Date>> travelled_on(Database& db, std::int64_t case_id);

// Reads.
core::Result<std::vector<TallyRow>> tallies(Database& db);
// The timeline's entries over (after, upto].
core::Result<std::vector<TallyRow>> timeline(Database& db, core::Timestamp after,
                                             core::Timestamp upto);
struct BacklogRow {
  core::Date day;
  CaseDims dims;
  std::int64_t n = 0;
};
core::Result<std::vector<BacklogRow>> backlog_changes(Database& db);
// The least `since` of a stage decidable at `now`, under the filter
// (an empty optional: any).
struct DimsFilter {
  std::optional<std::string> direction;
  std::optional<std::string> category;
  std::optional<std::string> urgency;
};
core::Result<std::optional<core::Timestamp>> oldest_wait(Database& db, const std::string& stage,
                                                         const std::string& party,
                                                         const DimsFilter& f, core::Timestamp now);
struct DecisionWaitRow {
  DecisionWait wait;
  CaseDims dims;
};
core::Result<std::vector<DecisionWaitRow>> decision_waits(Database& db, core::Timestamp from,
                                                          core::Timestamp to);
// The first registration of a case of these dims (cases_first: one look-up).
core::Result<std::optional<core::Timestamp>> first_registered(Database& db, const CaseDims& d);
// Every death: (closure's local date, the case's dims).
core::Result<std::vector<std::pair<std::string, CaseDims>>> deaths(Database& db);
// Every gate event's case: ref -> dims, requested_on, registered_at.
struct GateCase {
  CaseDims dims;
  std::optional<core::Date> requested_on;
  core::Timestamp registered_at = 0;
};
core::Result<std::vector<std::pair<std::string, GateCase>>> gate_cases(Database& db);

}  // namespace corridor::store
