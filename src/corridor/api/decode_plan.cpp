// POST /api/v1/plan's body (decode.hpp, PlanBody; docs/api.md, "Planning"):
// read by the same rules as every other body (decode_impl.hpp), with the
// limits that bound one plan's CPU.

#include <corridor/api/decode.hpp>

#include <corridor/api/decode_impl.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>

namespace corridor::api {

using namespace decode_detail;

namespace {

using core::Result;
using nlohmann::json;

constexpr std::size_t k_max_stage_changes = 64;  // members of set.min_days, set.capacity_per_day

// A whole number within [lo, hi].
Result<std::int64_t> whole(const json& v, const std::string& field, std::int64_t lo,
                           std::int64_t hi) {
  const std::string range =
      "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!v.is_number_integer()) return bad(field, "not " + range);
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
    return bad(field, "not " + range);
  const std::int64_t n = v.get<std::int64_t>();
  if (n < lo || n > hi) return bad(field, "not " + range);
  return n;
}

Result<double> number(const json& v, const std::string& field) {
  if (!v.is_number() || !std::isfinite(v.get<double>())) return bad(field, "not a number");
  return v.get<double>();
}

// An int of a change: its range is apply_changes's to check.
Result<int> int_of(const json& v, const std::string& field) {
  auto n = whole(v, field, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
  if (!n) return std::move(n).error();
  return static_cast<int>(*n);
}

// {"STAGE": value, ...}: one value per stage id.
template <class T, class Read>
Result<std::map<std::string, T>> per_stage(const json& v, const std::string& field, Read read) {
  if (!v.is_object()) return bad(field, "not an object of stage ids");
  if (v.size() > k_max_stage_changes)
    return bad(field, "more than " + std::to_string(k_max_stage_changes) + " stages");
  std::map<std::string, T> out;
  for (const auto& [id, value] : v.items()) {
    if (id.empty() || id.size() > 64 || id.find_first_of(": ") != std::string::npos)
      return bad(field, "a stage id is empty, long, or holds a colon or a space");
    auto r = read(value, field + "." + id);
    if (!r) return std::move(r).error();
    out.emplace(id, *r);
  }
  return out;
}

Result<void> change(plan::Changes& c, const std::string& key, const json& v) {
  const std::string field = "set." + key;
  auto assign = [](auto& slot, auto r) -> Result<void> {
    if (!r) return std::move(r).error();
    slot = std::move(r).value();
    return {};
  };
  if (key == "patient_places") return assign(c.patient_places, int_of(v, field));
  if (key == "companion_places") return assign(c.companion_places, int_of(v, field));
  if (key == "days_open_per_week") return assign(c.days_open_per_week, int_of(v, field));
  if (key == "suspend_probability") return assign(c.suspend_probability, number(v, field));
  if (key == "equal_in_out") {
    if (!v.is_boolean()) return bad(field, "not true or false");
    c.equal_in_out = v.get<bool>();
    return {};
  }
  if (key == "min_days") return assign(c.min_days, per_stage<int>(v, field, int_of));
  if (key == "capacity_per_day")
    return assign(c.capacity_per_day, per_stage<double>(v, field, number));
  return bad(field,
             "unknown member (expected one of: patient_places, companion_places, "
             "days_open_per_week, suspend_probability, equal_in_out, min_days, capacity_per_day)");
}

Result<plan::Changes> changes_of(const json& v) {
  if (!v.is_object()) return bad("set", "not an object");
  plan::Changes c;
  for (const auto& [key, value] : v.items()) {
    if (key.empty() || key.size() > 64 || key.find_first_of(": ") != std::string::npos)
      return bad("set", "a member's name is empty, long, or holds a colon or a space");
    if (auto r = change(c, key, value); !r) return std::move(r).error();
  }
  return c;
}

Result<void> sizes(const json& j, PlanBody& p) {
  if (auto it = j.find("runs"); it != j.end()) {
    auto n = whole(*it, "runs", 1, k_plan_max_runs);
    if (!n) return std::move(n).error();
    p.runs = static_cast<int>(*n);
  }
  if (auto it = j.find("days"); it != j.end()) {
    auto n = whole(*it, "days", 1, k_plan_max_days);
    if (!n) return std::move(n).error();
    p.days = static_cast<int>(*n);
  }
  if (static_cast<std::int64_t>(p.runs) * p.days > k_plan_max_run_days)
    return bad("runs", "runs x days is " + std::to_string(std::int64_t{p.runs} * p.days) +
                           ", above " + std::to_string(k_plan_max_run_days) +
                           " (fewer runs, or fewer days)");
  if (auto it = j.find("seed"); it != j.end()) {
    if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<std::int64_t>() >= 0))
      return bad("seed", "not a whole number from 0 to 18446744073709551615");
    p.seed = it->get<std::uint64_t>();
  }
  return {};
}

}  // namespace

Result<PlanBody> decode_plan(std::string_view body) {
  auto j = object(body, {"scenario", "since", "set", "runs", "days", "seed"});
  if (!j) return std::move(j).error();
  PlanBody p;
  // null is absent, as for every optional string member.
  if (auto it = j->find("scenario"); it != j->end() && !it->is_null()) {
    auto s = text(*j, "scenario", true, k_plan_max_scenario);
    if (!s) return std::move(s).error();
    p.scenario = std::move(s).value();
  }
  if (auto it = j->find("since"); it != j->end() && !it->is_null()) {
    if (p.scenario) return bad("since", "only with a calibration (leave out the scenario)");
    auto d = date(*j, "since");
    if (!d) return std::move(d).error();
    p.since = *d;
  }
  if (auto it = j->find("set"); it != j->end()) {
    auto c = changes_of(*it);
    if (!c) return std::move(c).error();
    p.set = std::move(c).value();
  }
  if (auto r = sizes(*j, p); !r) return std::move(r).error();
  return p;
}

}  // namespace corridor::api
