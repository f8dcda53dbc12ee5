// parse_scenario and apply_changes: the scenario file of docs/planner.md,
// read with toml++ and checked key by key. Every failure names the key, the
// [[table]] and its index, and the line.

#include <corridor/plan/scenario.hpp>

#include <corridor/core/toml_guard.hpp>
#include <corridor/plan/scenario_fields.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <set>

namespace corridor::plan {
namespace {

using namespace scenario_detail;

void read_crossing(const Fields& root, Scenario& s) {
  if (!root.find("crossing")) root.fail({}, "crossing", "is missing");
  Fields f(*root.find("crossing"), "[crossing]: ", "crossing.",
           {"open_weekdays", "suspend_probability", "suspend_repeat", "patient_places",
            "companion_places", "total_places", "equal_in_out", "entry_per_day", "entry_places",
            "standby", "no_show", "turn_back", "companions"});
  CrossingModel& c = s.crossing;
  std::set<int> days;
  for (const auto& el : f.array("open_weekdays", 7)) {
    const std::string d = f.text_of(el, "open_weekdays", false);
    int day = 0;
    while (day < 7 && weekday_name(day) != d) ++day;
    if (day == 7)
      f.fail(el.source().begin, "open_weekdays", "names no weekday " + quoted(d) + " (sun .. sat)");
    if (!days.insert(day).second)
      f.fail(el.source().begin, "open_weekdays", "lists " + quoted(d) + " twice");
  }
  c.open_weekdays.assign(days.begin(), days.end());
  c.suspend_probability = f.probability_or("suspend_probability", 0);
  c.suspend_repeat = f.probability_or("suspend_repeat", c.suspend_probability);
  c.patient_places = static_cast<int>(f.integer("patient_places", 0, k_max_places));
  c.companion_places = static_cast<int>(f.integer("companion_places", 0, k_max_places));
  c.total_places = static_cast<int>(f.integer_or("total_places", 0, k_max_places, 0));
  c.equal_in_out = f.boolean_or("equal_in_out", false);
  c.entry_per_day = f.number_or("entry_per_day", 0, k_max_rate, 0);
  c.entry_places = static_cast<int>(f.integer_or("entry_places", 0, k_max_places, 0));
  c.standby = static_cast<int>(f.integer_or("standby", 0, k_max_places, 0));
  c.no_show = f.probability_or("no_show", 0);
  c.turn_back = f.probability_or("turn_back", 0);
  c.companions.clear();
  double sum = 0;
  for (const auto& el : f.array("companions", k_max_companions)) {
    c.companions.push_back(f.number_of(el, "companions", 0, 1));
    sum += c.companions.back();
  }
  if (c.companions.empty() || std::abs(sum - 1) > 1e-6)
    f.fail(f.find("companions")->source().begin, "companions",
           "must be probabilities that sum to 1 (got " + number_text(sum) + ")");
}

void read_priority(const Fields& root, Scenario& s) {
  if (!root.find("priority")) return;
  Fields f(*root.find("priority"), "[priority]: ", "priority.",
           {"urgency_points", "points_per_day", "max_aging_points", "child_points"});
  constexpr int k_max = 1'000'000'000;
  core::PriorityDef& p = s.priority;
  p.urgency_points = static_cast<int>(f.integer_or("urgency_points", 0, k_max, p.urgency_points));
  p.points_per_day = static_cast<int>(f.integer_or("points_per_day", 0, k_max, p.points_per_day));
  p.max_aging_points =
      static_cast<int>(f.integer_or("max_aging_points", 0, k_max, p.max_aging_points));
  p.child_points = static_cast<int>(f.integer_or("child_points", 0, k_max, p.child_points));
}

void read_classes(const Fields& root, Scenario& s) {
  const auto list = root.tables("class", k_max_classes);
  if (list.empty()) root.fail({}, "class", "needs at least one [[class]]");
  for (std::size_t i = 0; i < list.size(); ++i) {
    Fields f =
        item(*list[i], "class", i, {"urgency", "referrals_per_day", "child_share", "death_hazard"});
    UrgencyClass c;
    c.urgency = f.text("urgency", true);
    for (const UrgencyClass& o : s.classes)
      if (o.urgency == c.urgency)
        f.fail(f.need("urgency").source().begin, "urgency", "is listed twice");
    c.referrals_per_day = f.number_or("referrals_per_day", 0, k_max_rate, 0);
    c.child_share = f.probability_or("child_share", 0);
    c.death_hazard = f.probability_or("death_hazard", 0);
    s.classes.push_back(std::move(c));
  }
}

void read_stages(const Fields& root, Scenario& s) {
  const auto list = root.tables("stage", k_max_stages);
  if (list.empty()) root.fail({}, "stage", "needs at least one [[stage]]");
  for (std::size_t i = 0; i < list.size(); ++i) {
    Fields f = item(*list[i], "stage", i,
                    {"id", "party", "step", "min_days", "capacity_per_day", "approve", "deny"});
    Stage st;
    st.id = f.text("id", true);
    const Pos at = f.need("id").source().begin;
    for (const Stage& o : s.stages)
      if (o.id == st.id) f.fail(at, "id", "is listed twice");
    st.party = f.text("party", true);
    st.step = static_cast<int>(f.integer("step", 1, k_max_stages));
    if (!s.stages.empty() && st.step < s.stages.back().step)
      f.fail(f.need("step").source().begin, "step", "must not be below the step before it");
    const auto same = std::count_if(s.stages.begin(), s.stages.end(),
                                    [&](const Stage& o) { return o.step == st.step; });
    if (same >= k_max_stages_per_step)
      f.fail(f.need("step").source().begin, "step", "has more than 4 stages");
    st.min_days = static_cast<int>(f.integer("min_days", 1, k_max_min_days));
    st.capacity_per_day = f.number("capacity_per_day", 0, k_max_rate);
    st.approve = f.probability("approve");
    st.deny = f.probability_or("deny", 0);
    if (st.approve + st.deny > 1 + 1e-12)
      f.fail(f.need("approve").source().begin, "approve", "plus 'deny' must be at most 1");
    s.stages.push_back(std::move(st));
  }
}

const Stage* stage_named(const Scenario& s, std::string_view id) {
  for (const Stage& st : s.stages)
    if (st.id == id) return &st;
  return nullptr;
}

void read_backlog_entry(const Fields& f, Scenario& s) {
  BacklogEntry b;
  b.urgency = f.text("urgency", true);
  if (std::none_of(s.classes.begin(), s.classes.end(),
                   [&](const UrgencyClass& c) { return c.urgency == b.urgency; }))
    f.fail(f.need("urgency").source().begin, "urgency", "names no [[class]]");
  b.child = f.boolean_or("child", false);
  int step = 0;
  for (const auto& el : f.array("pending", k_max_stages_per_step)) {
    std::string id = f.text_of(el, "pending", true);
    const Stage* st = stage_named(s, id);
    if (!st) f.fail(el.source().begin, "pending", "names no [[stage]] " + quoted(id));
    if (step != 0 && st->step != step)
      f.fail(el.source().begin, "pending", "must name stages of one step");
    if (std::find(b.pending.begin(), b.pending.end(), id) != b.pending.end())
      f.fail(el.source().begin, "pending", "lists " + quoted(id) + " twice");
    step = st->step;
    b.pending.push_back(std::move(id));
  }
  b.waiting_since = f.date("waiting_since");
  if (b.waiting_since > s.start)
    f.fail(f.need("waiting_since").source().begin, "waiting_since", "must not be after 'start'");
  b.count = f.integer("count", 0, k_max_count);
  s.backlog.push_back(std::move(b));
}

void read_calibration(const Fields& root, Scenario& s) {
  const toml::node* n = root.find("calibration");
  if (!n) return;
  const auto* t = n->as_table();
  if (!t) root.fail(n->source().begin, "calibration", "must be a table");
  if (t->size() > static_cast<std::size_t>(k_max_calibration))
    root.fail(n->source().begin, "calibration", "has more than 10,000 entries");
  for (const auto& [key, value] : *t) {
    const std::string name(key.str());
    Fields f(value, "[calibration] " + quoted(name) + ": ", "calibration." + name + ".",
             {"n", "low", "high", "assumed", "note"});
    Estimate e;
    e.n = f.integer_or("n", 0, std::int64_t{1} << 53, 0);
    if (f.find("low")) e.low = f.number("low", -1e300, 1e300);
    if (f.find("high")) e.high = f.number("high", -1e300, 1e300);
    e.assumed = f.boolean_or("assumed", false);
    e.note = f.text_or("note", "");
    s.calibration.emplace(name, std::move(e));
  }
}

Scenario read(const toml::table& t) {
  Fields root(t, "", "",
              {"format", "name", "start", "description", "crossing", "priority", "class", "stage",
               "backlog", "calibration"});
  if (root.text("format", false) != k_format)
    root.fail(root.need("format").source().begin, "format",
              "must be \"" + std::string(k_format) + "\"");
  Scenario s;
  s.name = root.text("name", false);
  s.start = root.date("start");
  s.description = root.text_or("description", "");
  read_crossing(root, s);
  read_priority(root, s);
  read_classes(root, s);
  double referrals = 0;
  for (const UrgencyClass& c : s.classes) referrals += c.referrals_per_day;
  if (referrals > k_max_referrals_per_day)
    root.fail(root.need("class").source().begin, "class",
              "referrals_per_day add up to more than 10000 a day");
  read_stages(root, s);
  const auto rows = root.tables("backlog", k_max_backlog_rows);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Fields f =
        item(*rows[i], "backlog", i, {"urgency", "child", "pending", "waiting_since", "count"});
    read_backlog_entry(f, s);
    if ((total += s.backlog.back().count) > k_max_count)
      f.fail(f.need("count").source().begin, "count",
             "brings the backlog over " + std::to_string(k_max_count) + " patients");
  }
  read_calibration(root, s);
  return s;
}

}  // namespace

core::Result<Scenario> parse_scenario(std::string_view text, std::string_view source) {
  auto located = [&](Pos at, std::string field, const std::string& message) {
    if (at.line == 0) at = {1, 1};  // the file as a whole
    core::Error e = core::make_error(core::Errc::bad_input,
                                     std::string(source) + ":" + std::to_string(at.line) + ":" +
                                         std::to_string(at.column) + ": " + message);
    e.field = std::move(field);
    return e;
  };
  if (auto bad = core::detail::unsafe_toml_text(text))
    return located(
        {static_cast<toml::source_index>(bad->line), static_cast<toml::source_index>(bad->column)},
        {}, bad->why);
  try {
    const toml::table t = toml::parse(text, source);
    return read(t);
  } catch (const toml::parse_error& e) {
    return located(e.source().begin, {}, std::string(e.description()));
  } catch (const Failure& f) {
    return located(f.at, f.field, f.message);
  }
}

}  // namespace corridor::plan
