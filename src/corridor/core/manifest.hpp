#pragma once
// The priority policy and the manifest builder: who travels on a crossing
// day, in what order, and why everyone else does not. Pure and
// deterministic: the same units, config and day always give the same
// manifest (docs/policy.md).
//
// The builder works on travel units: a principal (a patient, or a traveller
// on their own) with the companions of their group. A unit's priority is
// its principal's. Units are taken greedily in priority order; a unit that
// does not fit what is left of the quotas is skipped with its reason and
// the next is tried, so no lower-priority unit is ever chosen while a
// higher-priority one that fits is left out.
//
// Everything here is a pure function of its arguments: thread-safe, no
// clock, no randomness. Refs are assumed unique within one build.
//
// The rules live in manifest_policy.{hpp,cpp}; manifest.cpp is the scan
// engine that decides only the order in which units meet them.

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// One case as the builder sees it.
struct Candidate {
  std::string ref;
  std::string category;
  std::string urgency;  // the principal's level; empty for categories without one
  Date waiting_since;   // the referral date (requested_on), else the registration date
  Date date_of_birth;
  // Cleared now (every stage approved on the current snapshot).
  bool cleared = false;
  // The earliest expiry of its approvals; nullopt if none expires.
  std::optional<Timestamp> valid_until;
  // The first stage whose approval expires at valid_until (for the reason).
  std::string expiring_stage;
  // Already on the manifest of another day that is still to come. The
  // builder ignores it when it is the plan's own day (a rebuild).
  std::optional<Date> scheduled_on;
};

struct Unit {
  Candidate principal;
  std::vector<Candidate> companions;  // in ref order; the list keeps this order
};

// The terms of a principal's score, for `corridor case` and the manifest.
struct Priority {
  int urgency = 0;  // urgency_points × levels above the least urgent
  int waiting = 0;  // min(points_per_day × days_waiting, max_aging_points)
  int child = 0;    // child_points if a child on the day
  int days_waiting = 0;
  int total() const { return urgency + waiting + child; }
};

// The score of `principal` on `day`. The urgency term counts only for a
// category with needs_urgency and a level the config knows (else 0); days
// waiting are never negative; a child is younger than crossing.child_age on
// `day`. Never fails.
Priority priority_of(const Config& config, const Candidate& principal, Date day);

// Orders principals: higher total first, then longer waiting (earlier
// waiting_since), then ref (ascending). A strict weak order; the one order
// every manifest and every explanation uses.
bool higher_priority(const Priority& a, const Candidate& ca, const Priority& b,
                     const Candidate& cb);

// What the builder is asked to fill.
struct DayPlan {
  Date day;
  Direction direction = Direction::exit;
  DirectionCapacity capacity;
  // Approvals must still count at this instant (the day's closing time).
  Timestamp closes_at = 0;
  // In = out: the main list may hold at most this many travellers.
  std::optional<int> max_travellers;
};

// The first three are about one person: for a principal, the unit does not
// compete; for a companion, the group goes without them. The rest are about
// a whole unit and sit on its principal's entry.
// When several hold, scheduled_elsewhere wins over not_cleared, which wins
// over approval_expires (docs/policy.md).
enum class SkipReason : std::uint8_t {
  not_cleared,            // not every stage approved
  approval_expires,       // an approval expires before the day closes
  scheduled_elsewhere,    // already on another day's manifest
  companion_not_cleared,  // the patient lacks the cleared companions the config requires
  quota_full,             // the quota of one of the group's categories is used up (or is 0)
  total_full,             // the direction's total is used up
  group_too_large,        // places are left, but fewer than the group needs
  equal_in_out,           // only the in = out cap (max_travellers) stops the group
};
std::string_view to_string(SkipReason r);  // "quota-full", "group-too-large", ...

// A traveller on the list: unit and member index into the builder's input
// (member 0 is the principal, k > 0 is companions[k-1]).
struct Placed {
  std::uint32_t unit = 0;
  std::uint32_t member = 0;
};

// A principal not on the main list, or a companion who cannot travel, with
// why. The reason is the explanation; skip_detail() adds figures. 16
// bytes: a large input has an entry for nearly every unit, and fresh
// memory for them is most of what the builder costs.
struct Skipped {
  std::uint32_t unit = 0;
  std::uint32_t member = 0;
  SkipReason reason = SkipReason::quota_full;
  // Index into Manifest::details of what the selection saw when it
  // examined the unit ("the group needs 3 places, companion has 1 left");
  // 0 (the empty string) for everything else.
  std::uint32_t detail = 0;
};

struct Manifest {
  std::vector<Placed> main;     // in travel order; a unit's members together, principal first
  std::vector<Placed> standby;  // the next units in the same order, for no-shows
  // One entry per principal not on the main list, and one per ineligible
  // companion of a unit on the main or the standby list; nobody twice. In
  // three runs: principals ineligible on their own (input order), what the
  // selection examined (priority order), units it never reached (input
  // order).
  std::vector<Skipped> skipped;
  std::vector<std::string> details{std::string()};  // Skipped::detail indexes it
  std::vector<Priority> priority;                   // per input unit, eligible or not
  // Travellers on the main list per category: every category of the config
  // that travels in the plan's direction (0 if none), and any other with
  // travellers.
  std::map<std::string, int> counts;
  int travellers() const { return static_cast<int>(main.size()); }
};

// The figures behind a skip, in words (no personal data): the selection's
// record for an examined unit ("medical: 50 of 50 places used"), the
// other day's date for scheduled_elsewhere, the stage and dates for
// approval_expires; empty for not_cleared and for units never reached.
std::string skip_detail(const Manifest& manifest, const DayPlan& plan,
                        const std::vector<Unit>& units, const Skipped& skipped);

// Fills one direction of a day (rules in docs/policy.md). Units whose
// principal is not eligible (not cleared, expiring, scheduled elsewhere)
// are skipped with their reason; so are the companions of a listed unit who
// cannot travel. A principal whose category takes companions (another
// category's group_of names it) needs manifest.min_companions eligible ones,
// a child manifest.min_companions_child, else the unit is
// companion_not_cleared. A unit travels with all its eligible companions, or
// not at all. The standby list holds the next config.manifest.standby units
// in the same order that are ready to travel but were not chosen, whatever
// places the main list has used; a unit that could not fit even an empty
// day (a category with no places, a group larger than the capacity) is no
// use as standby and is never on it. A category the config does not define
// has no places.
//
// Units are examined in priority order only until the places and the
// standby list are full (a few hundred at Rafah's capacities); the rest are
// never sorted. A unit never reached is skipped for what stops it against
// the places left, judged from its principal: quota_full, total_full (or,
// when only the in = out cap is used up, what its group meets). Its
// companions are not looked at, so a child without a cleared companion far
// down the order shows quota_full, not companion_not_cleared.
//
// Cost: one pass over the units and one over those not chosen, on two
// threads from 65,536 units (one helper thread, joined before returning; if
// none can start, all on the caller's); bench/bench_manifest measures it.
// Throws only std::bad_alloc.
Manifest build_manifest(const Config& config, const DayPlan& plan, const std::vector<Unit>& units);

// The in = out cap for a day: both directions' lists built with
// max_travellers = n hold the same number of travellers, n. Starts from the
// smaller of the two uncapped lists and, since groups may leave a list
// short of a cap, builds both again and lowers n to the smaller count until
// they agree (n only decreases, so it ends; 0 at worst). The plans' own
// max_travellers are ignored.
int equal_in_out_cap(const Config& config, DayPlan exit_plan, const std::vector<Unit>& exit_units,
                     DayPlan entry_plan, const std::vector<Unit>& entry_units);

}  // namespace corridor::core
