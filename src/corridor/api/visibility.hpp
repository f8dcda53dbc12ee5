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
//   - a deny or turn-back reason chosen from a list (a stage's reasons, the
//     gate's turn-back reasons) that holds a code of [reasons] medical: only
//     to a party that sees medical fields (core::Config::sees_medical) or
//     that gave it; anyone else gets "withheld" in its place. The whole list
//     is withheld, so that "withheld" cannot name the list's medical code.
// Break-glass lets everything through; the read is logged as such.
//
// Figures follow the same rules: no count broken down by a field a party
// may not see reaches it (visible_stats), and a list may not be filtered
// by such a field (hidden_filter): the total would tell.

#include <corridor/core/config.hpp>
#include <corridor/ledger/statement.hpp>

#include <nlohmann/json.hpp>

#include <optional>
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

// The day's report (api::report_json): the turn-back reasons, or
// "withheld" for each (the operator gave them).
nlohmann::json visible_report(const core::Config& config, nlohmann::json report,
                              const Viewer& viewer);

// The gate's day list (api::gate_day_json): each direction's list as
// visible_manifest shows it, and each turn-back reason as visible_report
// shows it (the code, or "withheld").
nlohmann::json visible_gate_day(const core::Config& config, nlohmann::json day,
                                const Viewer& viewer);

// The figures (api::to_json(app::Stats)) without the breakdowns by a field
// the party may not see (each named in "withheld"), and each refusal whose
// reason is withheld counted as "STAGE:withheld".
nlohmann::json visible_stats(const core::Config& config, nlohmann::json stats,
                             const Viewer& viewer);

// A plan's answer (POST /api/v1/plan: {"scenario", "controls", "result"})
// for a party that may not see urgency (sees_plan_detail false), when the
// scenario was calibrated
// from the deployment: the calibrated scenario (its backlog and its counts
// by urgency) and every figure of the result broken down by urgency are
// withheld (each named in "withheld"; "urgencies" becomes []). Small counts
// by urgency, beside the party's own queue or a public closure, would tell
// a person's urgency. A scenario the party sent itself is its own: nothing
// is withheld then (`calibrated` false).
nlohmann::json visible_plan(const core::Config& config, nlohmann::json answer, const Viewer& viewer,
                            bool calibrated);

// Whether the party may see a calibrated scenario's detail: urgency, child
// flags (from date_of_birth) and weeks of referral (requested_on). One that
// may not is calibrated with every urgency in one class
// (plan::CalibrateOptions::pool_urgency), and visible_plan withholds the rest.
bool sees_plan_detail(const core::Config& config, const Viewer& viewer);

// The first of the request's query parameters that filters or sorts by a
// field the party may not see ("urgency", "sort=urgency"), if any: such a
// request is refused.
std::optional<std::string> hidden_filter(
    const core::Config& config, const std::vector<std::pair<std::string, std::string>>& query,
    const Viewer& viewer);

// The fields a search may look a case up by for this party: of ref,
// national_id, passport_no, name_ar and name_en, those it may see. A case
// is never found by a field the party may not see, so a hostile party
// cannot probe whether a number it may not see is registered.
std::vector<std::string> searchable_fields(const core::Config& config, const Viewer& viewer);

// A statement's body with every reason the party may not see replaced by
// "withheld" (no signature lines), or nullopt if it carries none: a proof
// then carries this text and the entry's leaf hash instead of the note.
std::optional<std::string> withheld_statement(const core::Config& config,
                                              ledger::Statement statement, const Viewer& viewer);

}  // namespace corridor::api
