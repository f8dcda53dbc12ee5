#pragma once
// A planning scenario (docs/planner.md): what the capacity planner's model
// (engine.hpp) simulates, read from and written to the TOML scenario file.
// Pure: no I/O, no clock.

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::plan {

// Limits of a scenario, so that a hostile file cannot exhaust memory or time.
inline constexpr int k_max_classes = 16;
inline constexpr int k_max_stages = 16;
inline constexpr int k_max_stages_per_step = 4;
inline constexpr int k_max_backlog_rows = 100'000;
inline constexpr std::int64_t k_max_count = 10'000'000;  // a backlog row, and all rows together
// New referrals a day, all classes together: with k_max_count and the
// longest horizon (3,650 days) every count the engine keeps fits 32 bits.
inline constexpr double k_max_referrals_per_day = 10'000;
inline constexpr int k_max_companions = 16;    // entries of the companions pmf
inline constexpr int k_max_places = 100'000;   // places of a day, standby
inline constexpr double k_max_rate = 100'000;  // referrals, decisions, entries a day
inline constexpr int k_max_min_days = 3650;
inline constexpr int k_max_calibration = 10'000;  // entries of [calibration]

// One calibrated parameter (`plan calibrate`): read back, ignored by the model.
struct Estimate {
  std::int64_t n = 0;               // sample size
  std::optional<double> low, high;  // interval (95%)
  bool assumed = false;             // too little data: a documented default
  std::string note;
  bool operator==(const Estimate&) const = default;
};

// An urgency level of the config, most urgent first.
struct UrgencyClass {
  std::string urgency;
  double referrals_per_day = 0;  // mean new referrals a day (Poisson)
  double child_share = 0;        // probability that a new referral is a child
  double death_hazard = 0;       // probability that a waiting patient dies on a day
  bool operator==(const UrgencyClass&) const = default;
};

// A party's stage of the workflow: stages of one step run in parallel.
struct Stage {
  std::string id;
  std::string party;
  int step = 1;
  int min_days = 1;             // ready for a decision this many days after entering the step
  double capacity_per_day = 0;  // mean decisions a day (Poisson)
  double approve = 1;
  double deny = 0;  // return = 1 - approve - deny
  bool operator==(const Stage&) const = default;
};

// Patients waiting on day 0, `count` alike.
struct BacklogEntry {
  std::string urgency;
  bool child = false;
  std::vector<std::string> pending;  // stages of one step still pending; empty = cleared
  core::Date waiting_since;
  std::int64_t count = 0;
  bool operator==(const BacklogEntry&) const = default;
};

// The crossing days (exit side: patients and their companions).
struct CrossingModel {
  std::vector<int> open_weekdays;  // 0 = Sunday .. 6 = Saturday, ascending, unique
  double suspend_probability = 0;  // a scheduled day after an open (or no) scheduled day
  double suspend_repeat = 0;       // a scheduled day after a suspended one
  int patient_places = 50, companion_places = 100, total_places = 0, entry_places = 50;
  bool equal_in_out = false;
  double entry_per_day = 0;
  int standby = 10;
  double no_show = 0, turn_back = 0;
  std::vector<double> companions{1.0};  // P(0 companions), P(1), ...
  bool operator==(const CrossingModel&) const = default;
};

struct Scenario {
  std::string name;
  core::Date start;  // day 0
  std::string description;
  CrossingModel crossing;
  core::PriorityDef priority;
  std::vector<UrgencyClass> classes;  // most urgent first
  std::vector<Stage> stages;          // step order
  std::vector<BacklogEntry> backlog;
  std::map<std::string, Estimate> calibration;
};

bool operator==(const Scenario& a, const Scenario& b);

// The scenario of a TOML file (docs/planner.md, "The scenario file").
// `source` names the file in messages. Fails with Errc::bad_input and a
// message "SOURCE:LINE:COLUMN: [[stage]] 2: 'approve' must be ..." naming the
// key (and the [[table]] and its 1-based index) for malformed TOML, an
// unknown or missing key, a wrong type, a number out of range, or a limit
// above exceeded. Error::field is the key as "stage[2].approve".
core::Result<Scenario> parse_scenario(std::string_view toml, std::string_view source);

// The TOML form, with comments that explain each key: parse(format(s)) == s
// for every scenario parse_scenario returns.
std::string format_scenario(const Scenario& s);

// Slider changes (the web page, POST /api/v1/plan "set", `plan run --set`).
struct Changes {
  std::optional<int> patient_places, companion_places;
  std::optional<int> days_open_per_week;  // 1..7: the first N of sun..sat
  std::optional<double> suspend_probability;
  std::optional<bool> equal_in_out;
  std::map<std::string, int> min_days;             // stage id -> min_days
  std::map<std::string, double> capacity_per_day;  // stage id -> capacity
};

// `s` with `c` applied. Fails with Errc::bad_input naming the field
// ("min_days.security", "patient_places") for an unknown stage id or a
// value outside the range parse_scenario allows.
core::Result<Scenario> apply_changes(Scenario s, const Changes& c);

// The weekday names of open_weekdays: "sun" .. "sat".
std::string_view weekday_name(int weekday);

}  // namespace corridor::plan
