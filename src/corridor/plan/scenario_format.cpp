// format_scenario (the TOML scenario file with a comment on every key,
// docs/planner.md) and apply_changes (the sliders).

#include <corridor/plan/scenario.hpp>

#include <charconv>
#include <cstdio>
#include <tuple>

namespace corridor::plan {
namespace {

// The shortest text that reads back as exactly `v`, as a TOML float.
std::string num(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, end);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

// A TOML basic string.
std::string str(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// "key = value" padded so that the comments line up.
void line(std::string& out, std::string_view key, const std::string& value,
          std::string_view comment) {
  std::string l = std::string(key) + " = " + value;
  if (!comment.empty()) {
    if (l.size() < 30) l.resize(30, ' ');
    l += "  # ";
    l += comment;
  }
  out += l + "\n";
}

void format_crossing(std::string& out, const CrossingModel& c) {
  out += "\n# The crossing days (exit side: patients and their companions).\n[crossing]\n";
  std::string days = "[";
  for (std::size_t i = 0; i < c.open_weekdays.size(); ++i)
    days += (i ? ", " : "") + str(weekday_name(c.open_weekdays[i]));
  line(out, "open_weekdays", days + "]", "scheduled weekdays (sun mon tue wed thu fri sat)");
  line(out, "suspend_probability", num(c.suspend_probability),
       "a scheduled day is suspended, after an open one (or none)");
  line(out, "suspend_repeat", num(c.suspend_repeat), "... after a suspended one");
  line(out, "patient_places", std::to_string(c.patient_places), "patients a day");
  line(out, "companion_places", std::to_string(c.companion_places), "companions a day");
  line(out, "total_places", std::to_string(c.total_places),
       "travellers a day on the exit side; 0: no total cap");
  line(out, "equal_in_out", c.equal_in_out ? "true" : "false",
       "the in = out rule: no more leave than enter");
  line(out, "entry_per_day", num(c.entry_per_day), "entry travellers arriving a day (mean)");
  line(out, "entry_places", std::to_string(c.entry_places), "entry travellers a day");
  line(out, "standby", std::to_string(c.standby), "patients on the standby list");
  line(out, "no_show", num(c.no_show), "a listed patient does not come");
  line(out, "turn_back", num(c.turn_back), "a patient who came is turned back at the gate");
  std::string pmf = "[";
  for (std::size_t i = 0; i < c.companions.size(); ++i)
    pmf += (i ? ", " : "") + num(c.companions[i]);
  line(out, "companions", pmf + "]", "P(0 companions), P(1), ...; sums to 1");
}

void format_priority(std::string& out, const core::PriorityDef& p) {
  out +=
      "\n# The manifest's priority, as the config's [priority] (docs/policy.md).\n"
      "[priority]\n";
  line(out, "urgency_points", std::to_string(p.urgency_points),
       "per urgency level above the least urgent");
  line(out, "points_per_day", std::to_string(p.points_per_day), "per day waiting");
  line(out, "max_aging_points", std::to_string(p.max_aging_points), "waiting adds at most this");
  line(out, "child_points", std::to_string(p.child_points), "a child");
}

void format_lists(std::string& out, const Scenario& s) {
  out += "\n# One class per urgency level, most urgent first.\n";
  for (const UrgencyClass& c : s.classes) {
    out += "[[class]]\n";
    line(out, "urgency", str(c.urgency), "");
    line(out, "referrals_per_day", num(c.referrals_per_day), "new referrals a day (mean)");
    line(out, "child_share", num(c.child_share), "share of them who are children");
    line(out, "death_hazard", num(c.death_hazard), "a waiting patient dies on a day");
  }
  out += "\n# The workflow's stages in step order; stages of one step run in parallel.\n";
  for (const Stage& st : s.stages) {
    out += "[[stage]]\n";
    line(out, "id", str(st.id), "");
    line(out, "party", str(st.party), "the party that decides");
    line(out, "step", std::to_string(st.step), "");
    line(out, "min_days", std::to_string(st.min_days), "days from entering the step to a decision");
    line(out, "capacity_per_day", num(st.capacity_per_day), "decisions a day (mean)");
    line(out, "approve", num(st.approve), "share of decisions that approve");
    line(out, "deny", num(st.deny), "... that deny; the rest return to the first step");
  }
  if (!s.backlog.empty()) out += "\n# Patients waiting on day 0.\n";
  for (const BacklogEntry& b : s.backlog) {
    out += "[[backlog]]\n";
    line(out, "urgency", str(b.urgency), "");
    line(out, "child", b.child ? "true" : "false", "");
    std::string p = "[";
    for (std::size_t i = 0; i < b.pending.size(); ++i) p += (i ? ", " : "") + str(b.pending[i]);
    line(out, "pending", p + "]", "stages of one step still pending; [] = cleared");
    line(out, "waiting_since", str(b.waiting_since.to_string()), "referred on");
    line(out, "count", std::to_string(b.count), "");
  }
}

void format_calibration(std::string& out, const Scenario& s) {
  if (s.calibration.empty()) return;
  out +=
      "\n# Written by `corridor plan calibrate`: each parameter's sample size and 95%\n"
      "# interval, or assumed = true (a documented default). Ignored by the model.\n"
      "[calibration]\n";
  for (const auto& [key, e] : s.calibration) {
    std::string v = "{ n = " + std::to_string(e.n);
    if (e.low) v += ", low = " + num(*e.low);
    if (e.high) v += ", high = " + num(*e.high);
    if (e.assumed) v += ", assumed = true";
    if (!e.note.empty()) v += ", note = " + str(e.note);
    out += str(key) + " = " + v + " }\n";
  }
}

}  // namespace

std::string format_scenario(const Scenario& s) {
  std::string out = "# A scenario of Corridor's capacity planner (docs/planner.md).\n";
  line(out, "format", "\"corridor-plan-scenario/v1\"", "");
  line(out, "name", str(s.name), "");
  line(out, "start", str(s.start.to_string()), "day 0");
  line(out, "description", str(s.description), "");
  format_crossing(out, s.crossing);
  format_priority(out, s.priority);
  format_lists(out, s);
  format_calibration(out, s);
  return out;
}

namespace {

core::Result<void> check_stage(const Scenario& s, const std::string& what, const std::string& id) {
  for (const Stage& st : s.stages)
    if (st.id == id) return {};
  return core::invalid(what + "." + id, "names no stage of the scenario");
}

}  // namespace

core::Result<Scenario> apply_changes(Scenario s, const Changes& c) {
  CrossingModel& x = s.crossing;
  if (c.patient_places) {
    if (*c.patient_places < 0 || *c.patient_places > k_max_places)
      return core::invalid("patient_places", "must be between 0 and 100000");
    x.patient_places = *c.patient_places;
  }
  if (c.companion_places) {
    if (*c.companion_places < 0 || *c.companion_places > k_max_places)
      return core::invalid("companion_places", "must be between 0 and 100000");
    x.companion_places = *c.companion_places;
  }
  if (c.days_open_per_week) {
    if (*c.days_open_per_week < 1 || *c.days_open_per_week > 7)
      return core::invalid("days_open_per_week", "must be between 1 and 7");
    x.open_weekdays.clear();
    for (int d = 0; d < *c.days_open_per_week; ++d) x.open_weekdays.push_back(d);
  }
  if (c.suspend_probability) {
    if (!(*c.suspend_probability >= 0 && *c.suspend_probability <= 1))
      return core::invalid("suspend_probability", "must be between 0 and 1");
    x.suspend_probability = *c.suspend_probability;
  }
  if (c.equal_in_out) x.equal_in_out = *c.equal_in_out;
  for (const auto& [id, v] : c.min_days) {
    if (auto ok = check_stage(s, "min_days", id); !ok) return std::move(ok).error();
    if (v < 1 || v > k_max_min_days)
      return core::invalid("min_days." + id, "must be between 1 and 3650");
  }
  for (const auto& [id, v] : c.capacity_per_day) {
    if (auto ok = check_stage(s, "capacity_per_day", id); !ok) return std::move(ok).error();
    if (!(v >= 0 && v <= k_max_rate))
      return core::invalid("capacity_per_day." + id, "must be between 0 and 100000");
  }
  for (Stage& st : s.stages) {
    if (auto it = c.min_days.find(st.id); it != c.min_days.end()) st.min_days = it->second;
    if (auto it = c.capacity_per_day.find(st.id); it != c.capacity_per_day.end())
      st.capacity_per_day = it->second;
  }
  return s;
}

bool operator==(const Scenario& a, const Scenario& b) {
  const auto pri = [](const core::PriorityDef& p) {
    return std::tuple(p.urgency_points, p.points_per_day, p.max_aging_points, p.child_points);
  };
  return a.name == b.name && a.start == b.start && a.description == b.description &&
         a.crossing == b.crossing && pri(a.priority) == pri(b.priority) && a.classes == b.classes &&
         a.stages == b.stages && a.backlog == b.backlog && a.calibration == b.calibration;
}

std::string_view weekday_name(int weekday) {
  static constexpr std::string_view k_days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  return weekday >= 0 && weekday < 7 ? k_days[weekday] : std::string_view("?");
}

}  // namespace corridor::plan
