#pragma once
// The rules of crossing days (docs/crossing.md): who may open, suspend and
// close a day, for which dates, with which capacities, and what each change
// makes of a day. Pure: the day as the store holds it and "today" (the
// crossing zone's date at the statement's time) are arguments.

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// A crossing day as the projection holds it (the store's row).
struct CrossingDay {
  Date date;
  std::string status = "pending";      // pending | open | suspended | closed
  std::vector<std::string> signed_by;  // parties whose opening counts, sorted
  std::string capacity;                // format_capacity of the opening
  std::string reason;                  // of the last change
  bool gate_closed = false;            // the operator closed the day (its report)
};

enum class DayAction { open, suspend, close };
std::string_view to_string(DayAction a);
std::optional<DayAction> parse_day_action(std::string_view text);

// One change to a run of crossing days, as its statement says it.
struct DayChange {
  DayAction action = DayAction::open;
  std::string party;
  Date from;
  Date until;                        // inclusive; == from for one day
  std::optional<Capacity> capacity;  // as the statement carries it: only an opening sets it
  std::string reason;
};

// At most this many days in one change.
inline constexpr std::int64_t k_max_days_per_change = 366;

// Checks a change before any day is touched: the party may make it (config
// [days]), it starts today or later, it covers at most
// k_max_days_per_change days, and an opening states capacities the config
// can carry (known categories, each in a direction it travels) while no
// other change states any. Returns the capacities in their canonical form
// ("" unless an opening). Rules: "crossing-party", "day-past", "day-range",
// "bad-capacity".
Result<std::string> check_day_change(const Config& config, const DayChange& change,
                                     const Date& today);

// The capacities a statement states, checked against the config:
// "bad-capacity" for an unknown category, or a category in a direction it
// does not travel.
Result<void> check_capacity(const Config& config, const Capacity& capacity);

// What one change makes of one of its days.
struct DayChanged {
  CrossingDay day;
  // The day's lists and schedule no longer count: everyone scheduled on it
  // goes back to the queue (a suspension, a closure, or an opening with
  // other capacities than those already signed).
  bool unschedule = false;
};

// Applies a change checked by check_day_change to one day (`current` is the
// stored day, nullopt if never changed; `capacity` the canonical form
// check_day_change returned). Every opener signs the same capacities: an
// opening with others starts the signatures again; the day is open once
// every party of [days] open has signed. Rules: "day-closed" (its report
// closed it at the gate), "already-signed".
Result<DayChanged> change_day(const Config& config, const std::optional<CrossingDay>& current,
                              const Date& date, const DayChange& change,
                              const std::string& capacity);

// Checks that a day is open for manifests and the gate: "day-not-open" if
// it was never opened or is not open now, "day-closed" once its report
// closed it.
Result<void> check_day_open(const std::optional<CrossingDay>& day, const Date& date);

}  // namespace corridor::core
