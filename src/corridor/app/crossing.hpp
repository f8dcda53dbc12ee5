#pragma once
// What the crossing's use cases take and give (Service::change_crossing,
// build_manifest, checkin, close_day, ...; docs/crossing.md). Plain data:
// the CLI and the HTTP API format it.

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/manifest.hpp>
#include <corridor/core/mrz.hpp>
#include <corridor/core/workflow.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corridor::app {

struct CrossingChange {
  std::string action;  // open | suspend | close
  core::Date from;
  std::optional<core::Date> until;
  std::string reason;  // public: it goes into the log as written
  // open: the day's capacities; the config's if unset.
  std::optional<core::Capacity> capacity;
};

struct CrossingEventInfo {
  std::string action;
  std::string party;
  std::string officer;
  std::string reason;
  core::Timestamp at = 0;
};

struct DayInfo {
  core::Date date;
  std::string status;                  // pending | open | suspended | closed
  std::vector<std::string> signed_by;  // openings that count
  std::vector<std::string> awaiting;   // parties whose opening is missing
  core::Capacity capacity;
  std::string reason;
  bool gate_closed = false;
  std::vector<CrossingEventInfo> events;  // every change, in order
};

// One traveller on a manifest. Names and the ID's last 4 digits are filled
// only by Service::manifest (the published list).
struct ManifestLine {
  int order = 0;  // 1-based; standby entries follow the main list
  bool standby = false;
  std::string ref;
  std::string group_ref;
  std::string category;
  std::string name_en;
  std::string name_ar;
  std::string id_last4;
  core::Priority priority;  // of the group's principal
};

// An eligible case that is not on the main list, or a companion left
// behind, and why (core::SkipReason).
struct NotChosen {
  std::string ref;
  std::string category;
  std::string reason;  // "quota-full", ...
  std::string detail;
  core::Priority priority;
  bool on_standby = false;
};

// A list a rebuild replaced after approvers had approved it: refs only.
struct ReplacedList {
  core::Hash256 hash{};
  std::vector<std::string> approved_by;
  std::vector<std::string> main;
  std::vector<std::string> standby;
};

struct ManifestReport {
  core::Date date;
  core::Direction direction = core::Direction::exit;
  core::DirectionCapacity capacity;
  std::optional<int> max_travellers;  // the in = out cap
  std::map<std::string, int> counts;  // main list, per category
  std::vector<ManifestLine> lines;    // main, then standby
  std::vector<NotChosen> not_chosen;  // build only
  std::vector<std::string> approved_by;
  std::vector<std::string> awaiting;  // approvers still missing
  core::Hash256 hash{};               // of its statement: what approvals name
  std::uint64_t index = 0;            // its log entry (build)
  // manifest() only: the list approvers approved before the last rebuild.
  std::optional<ReplacedList> replaced;
};

// Where a listed traveller stands at the gate on a day.
struct GateStatus {
  std::string ref;
  std::string status = "pending";  // pending | crossed | turned-back | no-show
  std::string reason;              // turned-back: a turn-back reason code
  // Went through the gate on another day (from that day's standby list).
  bool another_day = false;
  // "" | ordered | recorded: this day's order; else "ordered" when an
  // order from any other day is not yet recorded (it blocks "crossed").
  std::string reexamination;
  std::optional<core::Date> ordered_on;  // the order's day, when there is one
};

// The gate's day list: both directions' published lists (nullopt: none
// built) and each listed traveller's status, by ref.
struct GateDayList {
  core::Date date;
  std::string day_status;  // the crossing day's: open, suspended, closed, ...
  bool closed = false;     // the gate closed the day (its report is signed)
  std::optional<ManifestReport> exit;
  std::optional<ManifestReport> entry;
  std::map<std::string, GateStatus> status;
};

struct CheckinRequest {
  CheckinRequest() = default;
  // By the ID (or passport) number typed in.
  CheckinRequest(core::Date day, std::optional<std::string> number = std::nullopt)
      : date(day), national_id(std::move(number)) {}

  core::Date date;
  std::optional<std::string> national_id;   // the ID typed in, or
  std::optional<std::string> mrz;           // the MRZ read from the document
  std::optional<std::string> name;          // with --id: the name on the document
  std::optional<core::Date> date_of_birth;  // with --id: the date of birth
  std::string outcome = "crossed";          // crossed | turned-back
  std::string reason;                       // turned-back: a reason code
};

// The traveller a presented document names, checked against the approval.
struct Traveller {
  std::string ref;
  core::Hash256 snapshot{};
  core::Direction direction = core::Direction::exit;
  std::string category;
};

struct CheckinReport {
  std::string ref;
  core::Direction direction = core::Direction::exit;
  std::string category;
  std::string outcome;
  bool standby = false;
  core::CaseState state = core::CaseState::cleared;
  std::uint64_t index = 0;
};

struct DayReportInfo {
  core::Date date;
  core::Capacity crossed;                                        // per direction and category
  std::vector<std::pair<std::string, std::string>> turned_back;  // ref, reason
  std::vector<std::string> no_show;
  std::string reported_by;  // party/officer
  core::Timestamp reported_at = 0;
  std::optional<std::string> attested_by;
  std::optional<core::Timestamp> attested_at;
  core::Hash256 hash{};
  // Recounted from the log's own statements (not the case tables): the
  // differences, empty when the report agrees with the log.
  std::vector<std::string> log_differences;
  std::uint64_t index = 0;  // the entry just added (close-day, attest)
};

}  // namespace corridor::app
