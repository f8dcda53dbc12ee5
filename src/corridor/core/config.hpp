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

// The deployment's log (docs/log_format.md).
struct LogDef {
  std::string origin;                  // the checkpoints' origin line and the log key's name
  int max_skew_seconds = 300;          // a statement's time may be this far from the store's clock
  std::vector<std::string> witnesses;  // parties whose witness cosignatures count
  int witness_quorum = 0;              // how many of them make a checkpoint "witnessed"
};

// Every field of a person's case that a party may be allowed to see.
// The names match the CSV columns (docs/csv.md), plus "flags".
const std::vector<std::string_view>& visible_field_names();

struct Config {
  std::string source;  // where it was read from, for messages
  CrossingDef crossing;
  LogDef log;
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

  const PartyDef* find_party(std::string_view id) const;
  const CategoryDef* find_category(std::string_view id) const;
  const WorkflowDef* workflow_for(Direction d, std::string_view category) const;
  // 0 for the most urgent level; nullopt if unknown.
  std::optional<int> urgency_rank(std::string_view level) const;
  bool may_close(std::string_view party, std::string_view kind) const;
  bool may_register(std::string_view party, std::string_view category) const;
  bool may_see(std::string_view party, std::string_view field) const;
};

// Parses and checks a TOML configuration. `source_name` is used in messages.
// On failure returns Errc::bad_input with a message of the form
// "SOURCE:LINE:COLUMN: what is wrong" (an unknown party in a stage, a
// duplicate id, a category with no workflow, an unknown key, ...).
Result<Config> parse_config(std::string_view toml_text, std::string_view source_name);

}  // namespace corridor::core
