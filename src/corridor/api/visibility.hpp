#pragma once
// What of a person's record each party sees: the one place that decides it.
// Every endpoint that returns personal data passes it through here, and the
// tests check every party against every such endpoint.
//
// The config's [visibility] lists, per party, the fields it may see
// (core::visible_field_names(): the CSV columns plus "flags"). The JSON is
// built by allow-list: a member is kept only if a rule below lets it
// through, so a field added to the case later stays hidden until someone
// decides who may see it.
//   - person.*, urgency, diagnosis, group_ref, requested_on, flags: by name;
//   - child (derived from the date of birth): with date_of_birth;
//   - priority (its terms include urgency points): with urgency;
//   - decision notes (free text, may be medical): with diagnosis;
//   - ref, direction, category, state, stages, decisions without notes,
//     companions' refs, snapshot, registration time, closure, schedule:
//     workflow facts every party that works the case needs.
// Break-glass lets everything through; the read is logged as such.

#include <corridor/core/config.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace corridor::api {

struct Viewer {
  std::string party;
  bool break_glass = false;
};

// `full` is api::to_json(CaseDetail). `withheld` (if given) receives the
// field names removed, so a client can say what it does not show.
nlohmann::json visible_case(const core::Config& config, const nlohmann::json& full,
                            const Viewer& viewer, std::vector<std::string>* withheld = nullptr);

// A case summary (api::to_json(CaseSummary)): urgency, group_ref and
// requested_on by name, child with date_of_birth, flagged with flags.
nlohmann::json visible_summary(const core::Config& config, nlohmann::json summary,
                               const Viewer& viewer);

// A manifest (api::manifest_json): each line's priority terms only for
// those who may see urgency. The published names and ID last 4 digits are
// the list every party works from.
nlohmann::json visible_manifest(const core::Config& config, nlohmann::json manifest,
                                const Viewer& viewer);

}  // namespace corridor::api
