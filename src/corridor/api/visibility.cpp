#include <corridor/api/visibility.hpp>

#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>

#include <algorithm>
#include <array>

namespace corridor::api {
namespace {

using nlohmann::json;

// Members every party working a case sees: no personal data.
constexpr std::array k_workflow_members{
    std::string_view("ref"),      std::string_view("direction"),
    std::string_view("category"), std::string_view("state"),
    std::string_view("stages"),   std::string_view("companions"),
    std::string_view("snapshot"), std::string_view("registered_at"),
    std::string_view("closure"),  std::string_view("scheduled_on")};

// Members kept when the party may see the field of the same name.
constexpr std::array k_field_members{std::string_view("urgency"), std::string_view("diagnosis"),
                                     std::string_view("group_ref"),
                                     std::string_view("requested_on"), std::string_view("flags")};

bool listed(std::string_view name, const auto& list) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Reasons are withheld by list, not one by one: if "withheld" stood only
// for the medical codes, it would name the one medical code of a list (at
// Rafah's gate, too-ill-to-travel). So a party sees a reason only if it may
// see every code of the list it was chosen from: a stage's reasons, or the
// gate's turn-back reasons.
bool may_see_list(const core::Config& config, const Viewer& viewer, std::string_view signer,
                  const std::vector<std::string>& list) {
  return viewer.break_glass || std::all_of(list.begin(), list.end(), [&](const std::string& code) {
           return config.may_see_reason(viewer.party, signer, code);
         });
}

// A decision's reason at stage `stage`: the stage's list in the case's
// workflow if known, else every stage of that id (each with its party).
bool may_see_stage_reason(const core::Config& config, const Viewer& viewer,
                          const core::WorkflowDef* workflow, std::string_view stage,
                          std::string_view code) {
  if (viewer.break_glass) return true;
  bool any = false;
  for (const core::WorkflowDef& w : config.workflows) {
    if (workflow && &w != workflow) continue;
    for (const core::StageDef& s : w.stages) {
      if (s.id != stage) continue;
      any = true;
      if (!may_see_list(config, viewer, s.party, s.reasons)) return false;
    }
  }
  return any || config.may_see_reason(viewer.party, "", code);
}

bool may_see_turn_back(const core::Config& config, const Viewer& viewer) {
  return may_see_list(config, viewer, config.manifest.operator_party,
                      config.manifest.turn_back_reasons);
}

// Figures and the fields they are broken down by: a member is dropped
// unless the party may see every field named.
struct Breakdown {
  const char* group;   // a member of the figures ("waiting")
  const char* member;  // ... and its member dropped
  std::array<const char*, 2> fields;
};
constexpr std::array k_breakdowns{
    Breakdown{"waiting", "by_urgency", {"urgency", nullptr}},
    // Deaths by urgency: counts over the range only, never by date.
    Breakdown{"deceased", "by_urgency", {"urgency", nullptr}},
    Breakdown{"waiting", "children_by_urgency", {"urgency", "date_of_birth"}},
    Breakdown{"waiting", "children", {"date_of_birth", nullptr}},
    Breakdown{"waiting", "children_by_category", {"date_of_birth", nullptr}},
    // From the requested date (the referral) to the crossing.
    Breakdown{"crossings", "days_to_cross", {"requested_on", nullptr}},
};

// Query parameters that filter by a field.
constexpr std::array k_filters{std::pair{std::string_view("urgency"), "urgency"}};

}  // namespace

json visible_case(const core::Config& config, const json& full, const Viewer& viewer,
                  std::vector<std::string>* withheld) {
  auto may = [&](std::string_view field) {
    return viewer.break_glass || config.may_see(viewer.party, field);
  };
  auto hide = [&](std::string name) {
    if (withheld) withheld->push_back(std::move(name));
  };
  const core::WorkflowDef* workflow = nullptr;
  if (full.contains("direction") && full.contains("category"))
    if (auto d = core::parse_direction(full["direction"].get<std::string>()))
      workflow = config.workflow_for(*d, full["category"].get<std::string>());
  json out = json::object();
  for (const auto& [key, value] : full.items()) {
    if (listed(key, k_workflow_members)) {
      out[key] = value;
    } else if (listed(key, k_field_members)) {
      may(key) ? void(out[key] = value) : hide(key);
    } else if (key == "person") {
      json person = json::object();
      for (const auto& [field, v] : value.items())
        may(field) ? void(person[field] = v) : hide(field);
      out[key] = std::move(person);
    } else if (key == "child") {
      may("date_of_birth") ? void(out[key] = value) : hide(key);
    } else if (key == "priority") {
      may("urgency") ? void(out[key] = value) : hide(key);
    } else if (key == "decisions") {
      json decisions = json::array();
      bool notes_hidden = false;
      bool reasons_hidden = false;
      for (json d : value) {
        if (d.contains("note") && !may("diagnosis")) {
          d.erase("note");
          notes_hidden = true;
        }
        if (d.contains("reason") &&
            !may_see_stage_reason(config, viewer, workflow, d.value("stage", ""),
                                  d["reason"].get<std::string>())) {
          d["reason"] = core::k_withheld_reason;
          reasons_hidden = true;
        }
        decisions.push_back(std::move(d));
      }
      if (notes_hidden) hide("decision notes");
      if (reasons_hidden) hide("decision reasons");
      out[key] = std::move(decisions);
    } else {
      hide(key);  // not yet decided who sees it: nobody
    }
  }
  return out;
}

json visible_summary(const core::Config& config, json summary, const Viewer& viewer) {
  if (viewer.break_glass) return summary;
  auto may = [&](std::string_view field) { return config.may_see(viewer.party, field); };
  for (const char* field : {"urgency", "group_ref", "requested_on"})
    if (!may(field)) summary.erase(field);
  if (!may("date_of_birth")) summary.erase("child");
  if (!may("flags")) summary.erase("flagged");
  return summary;
}

json visible_manifest(const core::Config& config, json manifest, const Viewer& viewer) {
  if (viewer.break_glass || config.may_see(viewer.party, "urgency")) return manifest;
  for (const char* list : {"travellers", "not_chosen"})
    if (manifest.contains(list))
      for (json& line : manifest[list]) line.erase("priority");
  return manifest;
}

json visible_report(const core::Config& config, json report, const Viewer& viewer) {
  if (report.contains("turned_back") && !may_see_turn_back(config, viewer))
    for (json& t : report["turned_back"])
      if (t.contains("reason")) t["reason"] = core::k_withheld_reason;
  return report;
}

json visible_gate_day(const core::Config& config, json day, const Viewer& viewer) {
  const bool reasons = may_see_turn_back(config, viewer);
  for (auto& [direction, list] : day["manifests"].items()) {
    if (list.is_null()) continue;
    list = visible_manifest(config, std::move(list), viewer);
    if (!reasons)
      for (json& line : list["travellers"])
        if (line.contains("reason")) line["reason"] = core::k_withheld_reason;
  }
  return day;
}

bool sees_plan_detail(const core::Config& config, const Viewer& viewer) {
  return viewer.break_glass || (config.may_see(viewer.party, "urgency") &&
                                config.may_see(viewer.party, "date_of_birth") &&
                                config.may_see(viewer.party, "requested_on"));
}

json visible_plan(const core::Config& config, json answer, const Viewer& viewer, bool calibrated) {
  json withheld = json::array();
  if (calibrated && !sees_plan_detail(config, viewer)) {
    answer["scenario"] = nullptr;
    withheld.push_back("scenario");
    json& r = answer["result"];
    r["urgencies"] = json::array();
    if (r.contains("backlog")) r["backlog"].erase("by_urgency");
    if (r.contains("deaths")) r["deaths"].erase("by_urgency");
    r.erase("wait_days");
    if (r.contains("clear_days")) {
      json all = r["clear_days"].value("all", json());
      r["clear_days"] = json::object();
      if (!all.is_null()) r["clear_days"]["all"] = std::move(all);
    }
    for (const char* name :
         {"backlog.by_urgency", "clear_days (by urgency)", "deaths.by_urgency", "wait_days"})
      withheld.push_back(name);
  }
  answer["withheld"] = std::move(withheld);
  return answer;
}

json visible_stats(const core::Config& config, json stats, const Viewer& viewer) {
  json withheld = json::array();
  for (const Breakdown& b : k_breakdowns) {
    if (!stats.contains(b.group) || !stats[b.group].contains(b.member)) continue;
    const bool may =
        viewer.break_glass || std::all_of(b.fields.begin(), b.fields.end(), [&](const char* f) {
          return !f || config.may_see(viewer.party, f);
        });
    if (may) continue;
    stats[b.group].erase(b.member);
    withheld.push_back(std::string(b.group) + "." + b.member);
  }
  if (stats.contains("denied") && stats["denied"].contains("by_reason")) {
    json counted = json::object();
    bool hidden = false;
    for (const auto& [key, n] : stats["denied"]["by_reason"].items()) {
      const auto colon = key.find(':');
      const std::string stage = key.substr(0, colon);
      const std::string reason = colon == std::string::npos ? "" : key.substr(colon + 1);
      std::string shown = key;
      if (!may_see_stage_reason(config, viewer, nullptr, stage, reason)) {
        shown = stage + ":" + std::string(core::k_withheld_reason);
        hidden = true;
      }
      counted[shown] = counted.value(shown, 0) + n.get<std::int64_t>();
    }
    stats["denied"]["by_reason"] = std::move(counted);
    if (hidden) withheld.push_back("denied.by_reason");
  }
  stats["withheld"] = std::move(withheld);
  return stats;
}

std::optional<std::string> hidden_filter(
    const core::Config& config, const std::vector<std::pair<std::string, std::string>>& query,
    const Viewer& viewer) {
  if (viewer.break_glass) return std::nullopt;
  for (const auto& [name, value] : query) {
    for (const auto& [param, field] : k_filters)
      if (name == param && !config.may_see(viewer.party, field)) return std::string(field);
    // An order by a field tells it as a filter would.
    if (name == "sort" && value == "urgency" && !config.may_see(viewer.party, "urgency"))
      return std::string("urgency");
  }
  return std::nullopt;
}

std::vector<std::string> searchable_fields(const core::Config& config, const Viewer& viewer) {
  std::vector<std::string> out;
  for (const char* field : {"ref", "national_id", "passport_no", "name_ar", "name_en"})
    if (viewer.break_glass || config.may_see(viewer.party, field)) out.emplace_back(field);
  return out;
}

std::optional<std::string> withheld_statement(const core::Config& config, ledger::Statement st,
                                              const Viewer& viewer) {
  bool hidden = false;
  // A sealed reason (docs/log_format.md) is a salted hash in the public log
  // already: it shows nothing, so the statement stays whole and signed.
  auto withhold = [&](std::string& reason) {
    if (reason.empty() || ledger::parse_sealed(reason)) return;
    reason = core::k_withheld_reason;
    hidden = true;
  };
  if (auto* d = st.as<ledger::Decision>();
      d && !d->reason.empty() &&
      !may_see_stage_reason(config, viewer, nullptr, d->stage, d->reason))
    withhold(d->reason);
  if (!may_see_turn_back(config, viewer)) {
    if (auto* g = st.as<ledger::GateEvent>()) withhold(g->reason);
    if (auto* r = st.as<ledger::DayReport>())
      for (ledger::TurnBack& t : r->turned_back) withhold(t.reason);
  }
  if (!hidden) return std::nullopt;
  auto text = ledger::format_statement(st);
  if (!text) return std::string("withheld: ") + text.error().message;
  return std::move(text).value();
}

}  // namespace corridor::api
