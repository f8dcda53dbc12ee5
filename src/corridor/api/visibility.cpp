#include <corridor/api/visibility.hpp>

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

}  // namespace

json visible_case(const core::Config& config, const json& full, const Viewer& viewer,
                  std::vector<std::string>* withheld) {
  auto may = [&](std::string_view field) {
    return viewer.break_glass || config.may_see(viewer.party, field);
  };
  auto hide = [&](std::string name) {
    if (withheld) withheld->push_back(std::move(name));
  };
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
      for (json d : value) {
        if (d.contains("note") && !may("diagnosis")) {
          d.erase("note");
          notes_hidden = true;
        }
        decisions.push_back(std::move(d));
      }
      if (notes_hidden) hide("decision notes");
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

}  // namespace corridor::api
