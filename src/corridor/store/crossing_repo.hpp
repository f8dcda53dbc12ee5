#pragma once
// Crossing days, manifests and the gate: the SQL of the tables of
// migration 3. Like case_repo, every function runs on the Database it is
// given (the Writer's inside a command, or a reader's) and every failed read
// is Errc::internal, never "not there".

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/days.hpp>
#include <corridor/core/gate.hpp>
#include <corridor/core/result.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corridor::store {

// --- days ---------------------------------------------------------------

// A day's row: core's crossing day (core/days.hpp), which the rules take.
using DayRow = core::CrossingDay;

core::Result<std::optional<DayRow>> load_day(Database& db, const core::Date& date);
core::Result<void> save_day(Database& db, const DayRow& day);
// Days from `from` to `to` (inclusive; either may be open), by date.
core::Result<std::vector<DayRow>> list_days(Database& db, std::optional<core::Date> from,
                                            std::optional<core::Date> to);

struct CrossingEvent {
  core::Date date;
  std::string action;
  std::string party;
  std::string officer;
  std::string reason;
  std::string capacity;
  core::Timestamp at = 0;
};
core::Result<void> insert_crossing_event(Database& db, const CrossingEvent& e);
core::Result<std::vector<CrossingEvent>> crossing_events(Database& db, const core::Date& date);

// --- manifests ----------------------------------------------------------

struct Approval {
  std::string party;
  std::string officer;
  core::Timestamp at = 0;
};

struct ManifestRow {
  std::int64_t id = 0;
  core::Date date;
  core::Direction direction = core::Direction::exit;
  core::Hash256 hash{};
  std::string party;
  std::string officer;
  core::Timestamp at = 0;
  std::vector<std::string> main;
  std::vector<std::string> standby;
  std::vector<Approval> approvals;  // by party

  bool approved_by(std::string_view party) const;
};

// The day's current manifest for a direction, with its entries and
// approvals; nullopt if none was built (or it was voided).
core::Result<std::optional<ManifestRow>> current_manifest(Database& db, const core::Date& date,
                                                          core::Direction direction);
// The last manifest of the day and direction that a newer one replaced
// after at least one approver had approved it (the list the approvers
// approved before a rebuild), with its entries and approvals; nullopt if
// there is none.
core::Result<std::optional<ManifestRow>> replaced_manifest(Database& db, const core::Date& date,
                                                           core::Direction direction);
// Stores `m` as the current manifest of its day and direction, replacing
// the previous one (which stays, not current). Sets m.id.
core::Result<void> insert_manifest(Database& db, ManifestRow& m);
// Every current manifest of the day stops being current (a suspension).
core::Result<void> void_manifests(Database& db, const core::Date& date);
core::Result<void> insert_approval(Database& db, std::int64_t manifest_id, const Approval& a);

// Cases on the day's current manifests (main or standby) whose national ID
// or passport number is `number`: the gate's look-up, one indexed query.
core::Result<std::vector<std::string>> on_lists_by_document(Database& db, const core::Date& date,
                                                            std::string_view number);

// --- the gate -----------------------------------------------------------

// A gate event's row: core's (core/gate.hpp), which the rules take.
using GateEvent = core::GateEvent;

core::Result<void> insert_gate_event(Database& db, const GateEvent& e);
core::Result<std::optional<GateEvent>> gate_event(Database& db, const core::Date& date,
                                                  std::string_view ref);
// The events of a day, or of every day from `from` on, by date then id.
core::Result<std::vector<GateEvent>> gate_events(Database& db, const core::Date& date);
core::Result<std::vector<GateEvent>> gate_events_since(Database& db, const core::Date& from);

struct Reexamination {
  core::Date date;
  std::string case_ref;
  std::string ordered_by;  // party/officer
  core::Timestamp ordered_at = 0;
  std::optional<std::string> recorded_by;
  std::optional<core::Timestamp> recorded_at;
};
core::Result<std::optional<Reexamination>> load_reexamination(Database& db, const core::Date& date,
                                                              std::string_view ref);
core::Result<void> insert_reexamination(Database& db, const Reexamination& r);
core::Result<void> record_reexamination(Database& db, const core::Date& date, std::string_view ref,
                                        std::string_view by, core::Timestamp at);
core::Result<std::vector<Reexamination>> reexaminations(Database& db, const core::Date& date);
// The orders for a case not yet recorded, on any day.
core::Result<std::vector<Reexamination>> pending_reexaminations(Database& db, std::string_view ref);
// The orders not yet recorded, on any day, for any of these cases, by date
// then case.
core::Result<std::vector<Reexamination>> pending_reexaminations(
    Database& db, const std::vector<std::string>& refs);
// Every order not yet recorded, of every case and day, by date then case.
core::Result<std::vector<Reexamination>> pending_reexaminations(Database& db);

struct DayReport {
  core::Date date;
  core::Hash256 hash{};
  std::string party;
  std::string officer;
  core::Timestamp at = 0;
  std::optional<std::string> attested_by;
  std::optional<core::Timestamp> attested_at;
};
core::Result<std::optional<DayReport>> load_day_report(Database& db, const core::Date& date);
core::Result<void> insert_day_report(Database& db, const DayReport& r);
core::Result<void> attest_day_report(Database& db, const core::Date& date, std::string_view by,
                                     core::Timestamp at);

// --- a case's gate facts ------------------------------------------------

// Sets (or clears) the day a case is scheduled on.
core::Result<void> set_scheduled(Database& db, std::int64_t case_id,
                                 std::optional<core::Date> date);
core::Result<void> set_travel(Database& db, std::int64_t case_id, core::Travel travel,
                              const core::Date& date);
// Refs of the cases scheduled on `date`, in ref order.
core::Result<std::vector<std::string>> scheduled_on(Database& db, const core::Date& date);

// Crossed travellers: (travelled_on, requested_on or registration date)
// per case, for the time from referral to crossing.
struct Crossed {
  core::Date on;
  std::string requested_on;  // may be empty
  core::Timestamp registered_at = 0;
};
core::Result<std::vector<Crossed>> crossed_cases(Database& db);

}  // namespace corridor::store
