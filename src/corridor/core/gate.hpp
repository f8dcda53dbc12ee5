#pragma once
// The rules of the gate (docs/crossing.md): check-ins, no-shows, standby
// places and re-examinations. Pure: what the store knows of the day and of
// the traveller is an argument, loaded by app/.

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/days.hpp>
#include <corridor/core/result.hpp>
#include <corridor/core/workflow.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// One traveller's outcome at the gate on a day (the store's row).
struct GateEvent {
  Date date;
  std::string case_ref;
  Direction direction = Direction::exit;
  std::string category;
  std::string outcome;  // crossed | turned-back | no-show
  std::string reason;
  bool standby = false;  // came from the standby list
  std::string party;
  std::string officer;
  Timestamp at = 0;
};

// Checks a number typed in at the gate that matched no one on the day's
// lists: a number of exactly 9 digits is read as a national ID, whose last
// digit is its check digit (core/national_id.hpp), so a typo is told as
// such rather than as a traveller not on the list; anything else (a
// passport number, which starts with a letter) has no digit to check. (A
// registered ID may fail its digit: it is flagged at import, not refused,
// so the check comes after the look-up.) Rule: "check-digit" (field
// "document"), naming the digit found and the one the first 8 give.
Result<void> check_document_number(std::string_view number);

// Checks a gate statement's day before its traveller is looked up: the
// operator runs the gate, on the day itself, and the day is open. Rules:
// "gate-party", "not-today", then check_day_open's "day-not-open",
// "day-closed".
Result<void> check_gate_day(const Config& config, std::string_view party, const Date& day,
                            const Date& today, const std::optional<CrossingDay>& stored);

// What a gate statement says of its traveller.
struct CheckIn {
  Date day;
  std::string outcome;  // crossed | turned-back | no-show
  std::string reason;   // turned-back: a code of [gate] turn_back_reasons
  Hash256 snapshot{};   // the identity the officer checked
  Timestamp at = 0;
};

// Places on the day's standby list for one direction and category.
struct FreePlaces {
  int freed = 0;  // main-list no-shows, and main-list travellers gone on an earlier day
  int used = 0;   // taken by standby travellers already
};

// The main-list refs with no main-list event on the day (the app looks up
// which of them went through the gate on an earlier day).
std::vector<std::string> absent_from_gate(const std::vector<std::string>& main,
                                          const std::vector<GateEvent>& events);
// The places the day's events free and use in `category` and `direction`;
// `gone_earlier`: absent main-list travellers of the category who went on
// an earlier day (from that day's standby list).
FreePlaces free_places(const std::vector<GateEvent>& events, Direction direction,
                       std::string_view category, int gone_earlier);

// What the store knows of the traveller a gate statement names.
struct AtGate {
  std::string ref;
  std::string group_ref;  // a companion's patient, "" for a principal
  Direction direction = Direction::exit;
  std::string category;
  Hash256 snapshot{};  // the case's current snapshot
  CaseState state = CaseState::registered;
  // On the day's manifest of the direction: the main list (false) or the
  // standby list (true); nullopt if on neither.
  std::optional<bool> standby;
  std::vector<std::string> approved_by;  // parties that approved that manifest
  std::optional<std::string> recorded;   // the outcome already recorded today
  // no-show: the instant of the day's [days] no_show_after.
  Timestamp no_show_from = 0;
  // crossed: the day of the first re-examination ordered and not recorded.
  std::optional<Date> reexamination_ordered_on;
  // standby: the places of the category, and the outcome of the
  // traveller's patient today (companions).
  FreePlaces places;
  std::optional<std::string> lead_outcome;
};

// What a check-in decides.
struct GateDecision {
  bool standby = false;
  std::optional<Travel> travel;  // nullopt for a no-show: back to the queue
};

// Checks a gate statement against its traveller. Rules, in order:
// "not-on-manifest", "manifest-not-approved" (an approver of the config is
// missing), "already-checked-in", "stale-snapshot"; a no-show:
// "not-on-manifest" (a standby traveller), "turn-back-reason" (it carries
// a reason), "not-cleared" (not scheduled), "too-early" (before
// no_show_from); a passage: "not-cleared" (a main-list traveller not
// scheduled, a standby one neither cleared nor scheduled), "no-free-place"
// (a standby traveller with no place freed in the category, or a standby
// companion whose patient has not crossed today), "turn-back-reason" (a
// turn-back with a reason the config does not list, a crossing with any),
// "reexamination-pending" (crossing while an order waits).
Result<GateDecision> check_checkin(const Config& config, const CheckIn& step, const AtGate& at);

// What the store knows for a re-examination step of a case on a day.
struct ReexaminationFacts {
  bool on_list = false;                 // on the day's manifest of its direction
  std::optional<std::string> recorded;  // its gate outcome today
  // The day's re-examination of the case: nullopt if none was ordered,
  // else whether it is recorded.
  std::optional<bool> order_recorded;
};

// Checks a re-examination step ("ordered" or "recorded"): only the monitor
// orders and records one; an order names a traveller on the day's list who
// has not been through the gate, once; a record names a waiting order.
// Rules: "reexamination-party", "not-on-manifest", "already-checked-in",
// "already-ordered", "no-reexamination".
Result<void> check_reexamination(const Config& config, std::string_view party,
                                 std::string_view step, const std::string& ref, const Date& day,
                                 const ReexaminationFacts& facts);

}  // namespace corridor::core
