// parse_scenario and apply_changes: the scenario file of docs/planner.md,
// read with toml++ and checked key by key. Every failure names the key, the
// [[table]] and its index, and the line.

#include <corridor/plan/scenario.hpp>

#include <corridor/plan/toml_guard.hpp>

// The fuzz target turns toml++ 3.3's debug assertions off (fuzz/CMakeLists):
// some fire on malformed keys that its parser then reports as errors, as
// release builds do.
#ifdef CORRIDOR_TOML_ASSERT_OFF
#define TOML_ASSERT(expr) static_cast<void>(0)
#endif
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <set>

namespace corridor::plan {
namespace {

using Pos = toml::source_position;

// A failed check: thrown by the readers, caught by parse_scenario.
struct Failure {
  Pos at;
  std::string field;
  std::string message;
};

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

constexpr std::string_view k_format = "corridor-plan-scenario/v1";

bool is_code(std::string_view s) {
  return !s.empty() && s.size() <= 64 && s[0] != '-' && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string number_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

// One TOML table being read: its name in messages ("[[stage]] 2: "), its
// field prefix ("stage[2]."), and the keys it knows (others are refused).
class Fields {
public:
  Fields(const toml::node& node, std::string label, std::string prefix,
         std::initializer_list<std::string_view> known)
      : m_label(std::move(label)), m_prefix(std::move(prefix)) {
    m_table = node.as_table();
    if (!m_table) fail(node.source().begin, m_prefix, "must be a table");
    for (const auto& [key, value] : *m_table)
      if (std::find(known.begin(), known.end(), key.str()) == known.end())
        fail(key.source().begin, std::string(key.str()), "unknown key");
  }

  [[noreturn]] void fail(Pos at, std::string_view key, std::string_view why) const {
    const std::string field = m_prefix + std::string(key);
    throw Failure{at, field, m_label + quoted(key) + " " + std::string(why)};
  }

  const toml::node* find(std::string_view key) const { return m_table->get(key); }
  const toml::node& need(std::string_view key) const {
    const toml::node* n = find(key);
    if (!n) fail(m_table->source().begin, key, "is missing");
    return *n;
  }

  std::string text(std::string_view key, bool code) const {
    const toml::node& n = need(key);
    return text_of(n, key, code);
  }
  std::string text_or(std::string_view key, std::string fallback) const {
    return find(key) ? text_of(*find(key), key, false) : fallback;
  }
  std::string text_of(const toml::node& n, std::string_view key, bool code) const {
    const auto* s = n.as_string();
    if (!s) fail(n.source().begin, key, "must be a string");
    if (code && !is_code(s->get()))
      fail(n.source().begin, key,
           "must be 1 to 64 lowercase letters, digits and '-' (got " + quoted(s->get()) + ")");
    if (s->get().size() > 10'000) fail(n.source().begin, key, "is longer than 10,000 bytes");
    return s->get();
  }

  std::int64_t integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
    const toml::node& n = need(key);
    const auto* v = n.as_integer();
    if (!v) fail(n.source().begin, key, "must be an integer");
    if (v->get() < lo || v->get() > hi)
      fail(n.source().begin, key,
           "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + " (got " +
               std::to_string(v->get()) + ")");
    return v->get();
  }
  std::int64_t integer_or(std::string_view key, std::int64_t lo, std::int64_t hi,
                          std::int64_t fallback) const {
    return find(key) ? integer(key, lo, hi) : fallback;
  }

  double number_of(const toml::node& n, std::string_view key, double lo, double hi) const {
    double v = 0;
    if (const auto* f = n.as_floating_point())
      v = f->get();
    else if (const auto* i = n.as_integer())
      v = static_cast<double>(i->get());
    else
      fail(n.source().begin, key, "must be a number");
    if (!(v >= lo && v <= hi))
      fail(n.source().begin, key,
           "must be between " + number_text(lo) + " and " + number_text(hi) + " (got " +
               number_text(v) + ")");
    return v;
  }
  double number(std::string_view key, double lo, double hi) const {
    return number_of(need(key), key, lo, hi);
  }
  double number_or(std::string_view key, double lo, double hi, double fallback) const {
    return find(key) ? number(key, lo, hi) : fallback;
  }
  double probability(std::string_view key) const { return number(key, 0, 1); }
  double probability_or(std::string_view key, double fallback) const {
    return number_or(key, 0, 1, fallback);
  }

  bool boolean_or(std::string_view key, bool fallback) const {
    const toml::node* n = find(key);
    if (!n) return fallback;
    if (!n->is_boolean()) fail(n->source().begin, key, "must be true or false");
    return n->as_boolean()->get();
  }

  const toml::array& array(std::string_view key, std::size_t max) const {
    const toml::node& n = need(key);
    const auto* a = n.as_array();
    if (!a) fail(n.source().begin, key, "must be an array");
    if (a->size() > max)
      fail(n.source().begin, key, "has more than " + std::to_string(max) + " entries");
    return *a;
  }

  core::Date date(std::string_view key) const {
    const toml::node& n = need(key);
    if (const auto* d = n.as_date()) {
      core::Date out{d->get().year, d->get().month, d->get().day};
      if (auto ok = core::parse_date(out.to_string()); ok && *ok == out) return out;
    } else if (const auto* s = n.as_string()) {
      if (auto d2 = core::parse_date(s->get())) return *d2;
    }
    fail(n.source().begin, key, "must be a date \"YYYY-MM-DD\"");
  }

  // The tables of [[key]], at most `max`.
  std::vector<const toml::node*> tables(std::string_view key, std::size_t max) const {
    std::vector<const toml::node*> out;
    const toml::node* n = find(key);
    if (!n) return out;
    const auto* list = n->as_array();
    if (!list || !list->is_array_of_tables())
      fail(n->source().begin, key, "must be an array of tables ([[" + std::string(key) + "]])");
    if (list->size() > max)
      fail(n->source().begin, key, "has more than " + std::to_string(max) + " tables");
    for (const auto& el : *list) out.push_back(&el);
    return out;
  }

  const toml::table& table() const { return *m_table; }
  const std::string& label() const { return m_label; }

private:
  const toml::table* m_table = nullptr;
  std::string m_label;
  std::string m_prefix;
};

// "[[stage]] 2: " and "stage[2]." for the 0-based index i.
Fields item(const toml::node& n, std::string_view what, std::size_t i,
            std::initializer_list<std::string_view> known) {
  const std::string k = std::to_string(i + 1);
  return Fields(n, "[[" + std::string(what) + "]] " + k + ": ", std::string(what) + "[" + k + "].",
                known);
}

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
  if (auto bad = detail::unsafe_toml_text(text))
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
