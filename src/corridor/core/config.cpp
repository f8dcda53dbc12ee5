#include <corridor/core/config.hpp>

#include <algorithm>

namespace corridor::core {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// True if `list` is "*" or names `item`. A party absent from `lists` gets
// nothing.
bool listed(const std::map<std::string, std::vector<std::string>>& lists, std::string_view key,
            std::string_view item) {
  auto it = lists.find(std::string(key));
  if (it == lists.end()) return false;
  return contains(it->second, "*") || contains(it->second, item);
}

bool is_visible_field(std::string_view field) {
  const auto& names = visible_field_names();
  return std::find(names.begin(), names.end(), field) != names.end();
}

}  // namespace

std::string_view to_string(Direction d) { return d == Direction::exit ? "exit" : "entry"; }

std::optional<Direction> parse_direction(std::string_view text) {
  if (text == "exit") return Direction::exit;
  if (text == "entry") return Direction::entry;
  return std::nullopt;
}

const std::vector<std::string_view>& visible_field_names() {
  // The case columns of docs/csv.md in intake_columns() order (a test keeps
  // them equal), then the review flags.
  static const std::vector<std::string_view> names{
      "ref",         "direction",   "category",     "urgency", "diagnosis",     "group_ref",
      "national_id", "passport_no", "name_ar",      "name_en", "date_of_birth", "sex",
      "nationality", "phone",       "requested_on", "flags"};
  return names;
}

bool CategoryDef::allows(Direction d) const {
  return std::find(directions.begin(), directions.end(), d) != directions.end();
}

bool StageDef::accepts_reason(std::string_view code) const { return contains(reasons, code); }

const StageDef* WorkflowDef::find_stage(std::string_view id) const {
  for (const auto& s : stages)
    if (s.id == id) return &s;
  return nullptr;
}

const PartyDef* Config::find_party(std::string_view id) const {
  for (const auto& p : parties)
    if (p.id == id) return &p;
  return nullptr;
}

const CategoryDef* Config::find_category(std::string_view id) const {
  for (const auto& c : categories)
    if (c.id == id) return &c;
  return nullptr;
}

const WorkflowDef* Config::workflow_for(Direction d, std::string_view category) const {
  for (const auto& w : workflows)
    if (w.direction == d && w.category == category) return &w;
  return nullptr;
}

std::optional<int> Config::urgency_rank(std::string_view level) const {
  auto it = std::find(urgencies.begin(), urgencies.end(), level);
  if (it == urgencies.end()) return std::nullopt;
  return static_cast<int>(it - urgencies.begin());
}

bool Config::may_close(std::string_view party, std::string_view kind) const {
  auto it = closures.find(std::string(kind));
  return it != closures.end() && contains(it->second, party);
}

bool Config::may_register(std::string_view party, std::string_view category) const {
  return find_category(category) != nullptr && listed(registration, party, category);
}

bool Config::may_see(std::string_view party, std::string_view field) const {
  return is_visible_field(field) && listed(visibility, party, field);
}

}  // namespace corridor::core
