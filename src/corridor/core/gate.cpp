#include <corridor/core/gate.hpp>

#include <corridor/core/lists.hpp>
#include <corridor/core/national_id.hpp>

#include <algorithm>
#include <set>

namespace corridor::core {
namespace {

std::string state_name(CaseState s) { return std::string(to_string(s)); }

Result<GateDecision> check_no_show(const CheckIn& step, const AtGate& at) {
  if (*at.standby) return refuse("not-on-manifest", "a standby traveller cannot be a no-show");
  if (!step.reason.empty())
    return refuse("turn-back-reason", "a no-show carries no reason", "reason");
  if (at.state != CaseState::scheduled)
    return refuse("not-cleared",
                  "case " + at.ref + " is " + state_name(at.state) + ", not scheduled");
  return GateDecision{false, std::nullopt};
}

// A standby traveller goes only into a place freed in their category, and
// a standby companion only with their patient, never instead of them.
Result<void> check_standby(const AtGate& at) {
  if (at.places.used >= at.places.freed)
    return refuse("no-free-place", "no place is free for a standby " + at.category +
                                       " traveller (" + std::to_string(at.places.freed) +
                                       " no-shows, " + std::to_string(at.places.used) +
                                       " taken from standby)");
  if (!at.group_ref.empty() && at.lead_outcome.value_or("") != "crossed")
    return refuse("no-free-place", "standby companion " + at.ref + " goes only with " +
                                       at.group_ref + ", who has not crossed today");
  return {};
}

Result<GateDecision> check_passage(const Config& config, const CheckIn& step, const AtGate& at) {
  const bool standby = *at.standby;
  // A standby traveller may already be on a later day's list: going today
  // frees that place.
  const CaseState want = standby ? CaseState::cleared : CaseState::scheduled;
  if (at.state != want && !(standby && at.state == CaseState::scheduled))
    return refuse("not-cleared",
                  "case " + at.ref + " is " + state_name(at.state) + ", not " + state_name(want));
  if (standby)
    if (auto r = check_standby(at); !r) return std::move(r).error();
  if (step.outcome == "turned-back") {
    if (!contains(config.manifest.turn_back_reasons, step.reason))
      return refuse("turn-back-reason",
                    "'" + step.reason + "' is not a turn-back reason (the config lists: " +
                        listed(config.manifest.turn_back_reasons) + ")",
                    "reason");
    return GateDecision{standby, Travel::turned_back};
  }
  if (!step.reason.empty())
    return refuse("turn-back-reason", "a crossing carries no reason", "reason");
  // An order holds until recorded, on whatever day the traveller comes.
  if (at.reexamination_ordered_on)
    return refuse("reexamination-pending",
                  config.manifest.monitor + " ordered a re-examination of case " + at.ref + " on " +
                      at.reexamination_ordered_on->to_string() + " that is not recorded yet");
  return GateDecision{standby, Travel::crossed};
}

}  // namespace

Result<void> check_document_number(std::string_view number) {
  const bool nine_digits =
      number.size() == 9 &&
      std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!nine_digits || national_id_check_digit_ok(number)) return {};
  return refuse("check-digit",
                "the check digit of national ID " + std::string(number) + " is wrong (found " +
                    number.back() + ", the first 8 digits give " +
                    national_id_check_digit(number.substr(0, 8)) + ")",
                "document", Errc::bad_input);
}

Result<void> check_gate_day(const Config& config, std::string_view party, const Date& day,
                            const Date& today, const std::optional<CrossingDay>& stored) {
  if (party != config.manifest.operator_party)
    return refuse("gate-party", "the gate is run by " + config.manifest.operator_party + ", not " +
                                    std::string(party));
  if (today != day)
    return refuse("not-today", "check-in for " + day.to_string() +
                                   " happens on that day (today is " + today.to_string() + ")");
  return check_day_open(stored, day);
}

std::vector<std::string> absent_from_gate(const std::vector<std::string>& main,
                                          const std::vector<GateEvent>& events) {
  std::set<std::string> here;  // main-list travellers with an event today
  for (const GateEvent& e : events)
    if (!e.standby) here.insert(e.case_ref);
  std::vector<std::string> out;
  for (const std::string& ref : main)
    if (!here.count(ref)) out.push_back(ref);
  return out;
}

FreePlaces free_places(const std::vector<GateEvent>& events, Direction direction,
                       std::string_view category, int gone_earlier) {
  FreePlaces out;
  out.freed = gone_earlier;
  for (const GateEvent& e : events) {
    if (e.direction != direction || e.category != category) continue;
    if (e.outcome == "no-show" && !e.standby) ++out.freed;
    if (e.outcome != "no-show" && e.standby) ++out.used;
  }
  return out;
}

Result<GateDecision> check_checkin(const Config& config, const CheckIn& step, const AtGate& at) {
  if (!at.standby)
    return refuse("not-on-manifest",
                  "case " + at.ref + " is not on the manifest of " + step.day.to_string());
  for (const std::string& p : config.manifest.approvers)
    if (!contains(at.approved_by, p))
      return refuse("manifest-not-approved",
                    "the manifest of " + step.day.to_string() + " awaits the approval of " + p);
  if (at.recorded)
    return refuse("already-checked-in",
                  "case " + at.ref + " is already recorded as " + *at.recorded + " today");
  if (step.snapshot != at.snapshot)
    return refuse(
        "stale-snapshot",
        "case " + at.ref + "'s identity has changed since; check against the current record");
  if (step.outcome != "no-show") return check_passage(config, step, at);
  auto decided = check_no_show(step, at);
  if (decided && step.at < at.no_show_from)
    return refuse("too-early", "a traveller may be marked a no-show from " +
                                   config.days.no_show_after +
                                   "; before, only closing the day does");
  return decided;
}

Result<void> check_reexamination(const Config& config, std::string_view party,
                                 std::string_view step, const std::string& ref, const Date& day,
                                 const ReexaminationFacts& facts) {
  const std::string& monitor = config.manifest.monitor;
  if (step == "ordered") {
    if (party != monitor)
      return refuse("reexamination-party",
                    "only the monitor (" + monitor + ") orders a re-examination");
    if (!facts.on_list)
      return refuse("not-on-manifest",
                    "case " + ref + " is not on the manifest of " + day.to_string());
    if (facts.recorded)
      return refuse("already-checked-in",
                    "case " + ref + " is already recorded as " + *facts.recorded);
    if (facts.order_recorded)
      return refuse("already-ordered", "a re-examination of case " + ref +
                                           " was already ordered for " + day.to_string());
    return {};
  }
  // The party whose crossing it holds cannot lift it: the monitor records.
  if (party != monitor)
    return refuse("reexamination-party",
                  "a re-examination is recorded by the monitor (" + monitor + ")");
  if (!facts.order_recorded || *facts.order_recorded)
    return refuse("no-reexamination",
                  "no re-examination of case " + ref + " is waiting on " + day.to_string());
  return {};
}

}  // namespace corridor::core
