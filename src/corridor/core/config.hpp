#pragma once
// The deployment's configuration: the crossing, its parties, categories,
// urgency levels, workflows and field visibility. The TOML form is
// documented in docs/config.md; config/rafah.toml is the default.
//
// A Config is immutable once parsed and safe to share between threads.

#include <corridor/core/result.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

enum class Direction { exit, entry };

std::string_view to_string(Direction d);
// "exit" or "entry"; nullopt otherwise.
std::optional<Direction> parse_direction(std::string_view text);

struct PartyDef {
  std::string id;    // e.g. "who"
  std::string name;  // display name
};

struct CategoryDef {
  std::string id;  // e.g. "medical"
  std::string name;
  std::vector<Direction> directions;  // directions this category may travel
  bool needs_urgency = false;         // cases carry an urgency level (medical)
  // When set, every case of this category belongs to the group of a case of
  // the named category (companion -> medical): group_ref is required.
  std::optional<std::string> group_of;

  bool allows(Direction d) const;
};

struct StageDef {
  std::string id;                    // e.g. "security"
  std::string party;                 // the party that decides this stage
  int step = 1;                      // stages with the same step run in parallel
  std::vector<std::string> reasons;  // reason codes a deny may carry
  int deadline_hours = 0;            // response deadline once the stage is actionable
  int valid_days = 0;                // approval validity; 0 = until the crossing

  bool accepts_reason(std::string_view code) const;
};

struct WorkflowDef {
  Direction direction = Direction::exit;
  std::string category;
  std::vector<StageDef> stages;  // ordered by step, then by declaration

  const StageDef* find_stage(std::string_view id) const;
};

struct CrossingDef {
  std::string id;
  std::string name;
  std::string time_zone;  // IANA name, e.g. "Asia/Gaza"
  std::vector<Direction> directions;
  int child_age = 18;  // people younger than this are counted as children
};

// Where a party's witness answers C2SP tlog-witness (docs/config.md,
// [[log.witness]]): `corridor serve` pushes each new checkpoint to it.
struct WitnessEndpoint {
  std::string party;
  std::string url;  // http://host[:port][/prefix]
  std::string key;  // its cosignature verifier key (vkey, type 0x04), named "<party>/..."

  bool operator==(const WitnessEndpoint&) const = default;
};

// The deployment's log (docs/log_format.md).
struct LogDef {
  std::string origin;                  // the checkpoints' origin line and the log key's name
  int max_skew_seconds = 300;          // a statement's time may be this far from the store's clock
  std::vector<std::string> witnesses;  // parties whose witness cosignatures count
  int witness_quorum = 0;              // how many of them make a checkpoint "witnessed"
  std::vector<WitnessEndpoint> witness_urls;  // [[log.witness]]: optional, per installation
};

// Places per category for one direction of one crossing day, with an
// optional cap on the direction as a whole. A category not listed gets 0.
struct DirectionCapacity {
  std::map<std::string, int> places;  // category -> travellers
  std::optional<int> total;           // all categories together, if capped

  int of(std::string_view category) const;
  bool operator==(const DirectionCapacity&) const = default;
};

// A crossing day's capacities, per direction.
struct Capacity {
  DirectionCapacity exit;
  DirectionCapacity entry;

  const DirectionCapacity& of(Direction d) const { return d == Direction::exit ? exit : entry; }
  DirectionCapacity& of(Direction d) { return d == Direction::exit ? exit : entry; }
  bool operator==(const Capacity&) const = default;
};

// "exit/medical=50,exit/companion=100,entry/total=50": the form a crossing
// statement carries. Categories in the config's order, then totals.
std::string format_capacity(const Capacity& c);
// bad_input naming the item at fault.
Result<Capacity> parse_capacity(std::string_view text);

// Crossing days (docs/config.md [days], [capacity]).
struct DaysDef {
  std::vector<std::string> open;     // every one of them must sign to open a day
  std::vector<std::string> suspend;  // any one of them may suspend a day
  std::vector<std::string> close;    // any one of them may close a day
  std::string opens_at = "09:00";    // local opening hours, "HH:MM"
  std::string closes_at = "15:00";
  // From this local time the operator may mark a main-list traveller who has
  // not come as a no-show, freeing the place for the standby list; before
  // it, only closing the day does.
  std::string no_show_after = "12:00";
  Capacity capacity;  // the default for a day whose opening sets none
  // Entries equal exits: each direction's list holds as many travellers
  // as the other's could.
  bool equal_in_out = false;
};

// The priority policy (docs/policy.md). A case's score is the sum of its
// terms; higher goes first.
struct PriorityDef {
  int urgency_points = 1000;    // per urgency level above the least urgent
  int points_per_day = 5;       // per day waiting (aging: routine cases still move)
  int max_aging_points = 1500;  // waiting adds at most this much
  int child_points = 100;       // the principal is a child on the crossing day
};

// Manifests and the gate.
struct ManifestDef {
  std::string operator_party;          // builds manifests, runs the gate ("pa")
  std::vector<std::string> approvers;  // must all approve a manifest
  std::string monitor;                 // orders re-examinations, attests days ("eubam")
  int standby = 10;                    // groups on the standby list per direction
  int min_companions = 0;              // cleared companions every patient needs
  int min_companions_child = 1;        // ... and a child patient
  std::vector<std::string> turn_back_reasons{"other"};  // reason codes at the gate
};

// Status for families (POST /api/v1/public/inquiry; docs/config.md).
struct InquiryDef {
  // The request must carry "code", the inquiry code printed on the referral
  // slip (docs/api.md says how it is made). Rafah: false.
  bool code_required = false;
};

// Every field of a person's case that a party may be allowed to see.
// The names match the CSV columns (docs/csv.md), plus "flags".
const std::vector<std::string_view>& visible_field_names();

// The fields an amendment may change: the person fields (identity and
// phone) and the medical summary (urgency, diagnosis). A subset of
// visible_field_names().
const std::vector<std::string_view>& amendable_field_names();

// One [[amend]] table: which fields a party may amend, and on which cases
// (docs/config.md). Every field is one the party may see.
struct AmendDef {
  std::string party;
  std::vector<std::string> fields;  // from amendable_field_names()
  bool registered_only = false;     // cases = "registered": only cases the party registered
};

struct Config {
  std::string source;  // where it was read from, for messages
  CrossingDef crossing;
  LogDef log;
  DaysDef days;
  PriorityDef priority;
  ManifestDef manifest;
  std::vector<PartyDef> parties;
  std::vector<CategoryDef> categories;
  std::vector<std::string> urgencies;  // most urgent first
  std::vector<WorkflowDef> workflows;
  // closure kind ("withdrawn", "deceased") -> parties that may record it
  std::map<std::string, std::vector<std::string>> closures;
  // party -> categories it may register ("*" = all)
  std::map<std::string, std::vector<std::string>> registration;
  // party -> fields it may see ("*" = all); see visible_field_names()
  std::map<std::string, std::vector<std::string>> visibility;
  // Who may amend which fields ([[amend]]); a party no entry names amends
  // nothing.
  std::vector<AmendDef> amend;
  // [reasons] medical: the deny and turn-back reason codes that say
  // something about a person's health (docs/config.md).
  std::vector<std::string> medical_reasons;
  // [reasons] public: the reason codes and closure kinds the public log
  // shows in clear. Every other one is sealed: the log holds only a salted
  // hash of it, the code stays in the private tables (docs/log_format.md,
  // "Sealed reasons"). None listed: every reason is sealed.
  std::vector<std::string> public_reasons;
  InquiryDef inquiry;  // [inquiry]

  const PartyDef* find_party(std::string_view id) const;
  const CategoryDef* find_category(std::string_view id) const;
  const WorkflowDef* workflow_for(Direction d, std::string_view category) const;
  // 0 for the most urgent level; nullopt if unknown.
  std::optional<int> urgency_rank(std::string_view level) const;
  bool may_close(std::string_view party, std::string_view kind) const;
  bool may_register(std::string_view party, std::string_view category) const;
  bool may_see(std::string_view party, std::string_view field) const;
  // True if an [[amend]] entry lets `party` amend `field` of a case that
  // `registered_by` (a party id) registered.
  bool may_amend(std::string_view party, std::string_view field,
                 std::string_view registered_by) const;
  // True if some entry lets `party` amend `field` on some case.
  bool may_amend_some(std::string_view party, std::string_view field) const;
  // A party's view "includes medical fields" when it may see `diagnosis`.
  bool sees_medical(std::string_view party) const;
  bool is_medical_reason(std::string_view code) const;
  bool is_public_reason(std::string_view code) const;
  // Whether `viewer` may see the reason code `code` given by `signer` (the
  // party that signed the statement carrying it): any reason not listed in
  // [reasons] medical; a medical one if the viewer sees medical fields or
  // gave the reason itself. "" for neither (an admin) sees no medical one.
  bool may_see_reason(std::string_view viewer, std::string_view signer,
                      std::string_view code) const;
};

// What a withheld reason code is replaced with, so counts stay whole.
inline constexpr std::string_view k_withheld_reason = "withheld";

// Parses and checks a TOML configuration. `source_name` is used in messages.
// On failure returns Errc::bad_input with a message of the form
// "SOURCE:LINE:COLUMN: what is wrong" (an unknown party in a stage, a
// duplicate id, a category with no workflow, an unknown key, ...).
Result<Config> parse_config(std::string_view toml_text, std::string_view source_name);

}  // namespace corridor::core
