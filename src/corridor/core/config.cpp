#include <corridor/core/config.hpp>

#include <corridor/core/lists.hpp>

#include <algorithm>

namespace corridor::core {
namespace {

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

const std::vector<std::string_view>& amendable_field_names() {
  // The person fields in person_fields() order (the order an amendment
  // statement lists them in), then the medical summary.
  static const std::vector<std::string_view> names{
      "national_id", "passport_no", "name_ar", "name_en", "date_of_birth",
      "sex",         "nationality", "phone",   "urgency", "diagnosis"};
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

int DirectionCapacity::of(std::string_view category) const {
  auto it = places.find(std::string(category));
  return it == places.end() ? 0 : it->second;
}

std::string format_capacity(const Capacity& c) {
  std::string out;
  auto item = [&](std::string_view dir, std::string_view key, int n) {
    if (!out.empty()) out += ',';
    out.append(dir).append("/").append(key).append("=").append(std::to_string(n));
  };
  for (Direction d : {Direction::exit, Direction::entry}) {
    const DirectionCapacity& dc = c.of(d);
    for (const auto& [cat, n] : dc.places) item(to_string(d), cat, n);
    if (dc.total) item(to_string(d), "total", *dc.total);
  }
  return out;
}

Result<Capacity> parse_capacity(std::string_view text) {
  Capacity c;
  if (text.empty()) return c;
  std::size_t start = 0;
  int index = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    std::string_view item = text.substr(start, comma - start);
    ++index;
    auto bad = [&](const std::string& why) {
      return make_error(Errc::bad_input, "capacity item " + std::to_string(index) + " ('" +
                                             std::string(item) + "'): " + why);
    };
    auto slash = item.find('/');
    auto eq = item.find('=');
    if (slash == std::string_view::npos || eq == std::string_view::npos || eq < slash)
      return bad("expected DIRECTION/CATEGORY=PLACES");
    auto d = parse_direction(item.substr(0, slash));
    if (!d) return bad("the direction must be exit or entry");
    std::string key(item.substr(slash + 1, eq - slash - 1));
    std::string_view num = item.substr(eq + 1);
    if (key.empty()) return bad("no category");
    if (num.empty() || num.size() > 6 || (num.size() > 1 && num[0] == '0') ||
        !std::all_of(num.begin(), num.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return bad("places must be a whole number from 0 to 999999");
    const int n = std::stoi(std::string(num));
    DirectionCapacity& dc = c.of(*d);
    if (key == "total") {
      if (dc.total) return bad("the total is given twice");
      dc.total = n;
    } else if (!dc.places.emplace(key, n).second) {
      return bad("the category is given twice");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return c;
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

bool Config::may_amend(std::string_view party, std::string_view field,
                       std::string_view registered_by) const {
  return std::any_of(amend.begin(), amend.end(), [&](const AmendDef& a) {
    return a.party == party && contains(a.fields, field) &&
           (!a.registered_only || registered_by == party);
  });
}

bool Config::may_amend_some(std::string_view party, std::string_view field) const {
  return may_amend(party, field, party);
}

bool Config::sees_medical(std::string_view party) const { return may_see(party, "diagnosis"); }

bool Config::is_public_reason(std::string_view code) const {
  return contains(public_reasons, code);
}

bool Config::is_medical_reason(std::string_view code) const {
  return contains(medical_reasons, code);
}

bool Config::may_see_reason(std::string_view viewer, std::string_view signer,
                            std::string_view code) const {
  if (!is_medical_reason(code)) return true;
  return !viewer.empty() && (viewer == signer || sees_medical(viewer));
}

}  // namespace corridor::core
