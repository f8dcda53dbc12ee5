#include <corridor/core/days.hpp>

#include <corridor/core/lists.hpp>

#include <algorithm>

namespace corridor::core {
namespace {

const std::vector<std::string>& who_may(const Config& config, DayAction a) {
  switch (a) {
    case DayAction::open:
      return config.days.open;
    case DayAction::suspend:
      return config.days.suspend;
    case DayAction::close:
      break;
  }
  return config.days.close;
}

}  // namespace

std::string_view to_string(DayAction a) {
  switch (a) {
    case DayAction::open:
      return "open";
    case DayAction::suspend:
      return "suspend";
    case DayAction::close:
      break;
  }
  return "close";
}

std::optional<DayAction> parse_day_action(std::string_view text) {
  for (DayAction a : {DayAction::open, DayAction::suspend, DayAction::close})
    if (text == to_string(a)) return a;
  return std::nullopt;
}

Result<void> check_capacity(const Config& config, const Capacity& capacity) {
  for (Direction d : {Direction::exit, Direction::entry})
    for (const auto& [cat, n] : capacity.of(d).places) {
      const CategoryDef* c = config.find_category(cat);
      if (!c) return refuse("bad-capacity", "no category " + cat, "capacity");
      if (!c->allows(d))
        return refuse("bad-capacity",
                      "category " + cat + " does not travel " + std::string(to_string(d)),
                      "capacity");
    }
  return {};
}

Result<std::string> check_day_change(const Config& config, const DayChange& c, const Date& today) {
  const std::string action(to_string(c.action));
  const auto& who = who_may(config, c.action);
  if (!contains(who, c.party))
    return refuse("crossing-party", c.party + " may not " + action +
                                        " a crossing day (the config allows: " + listed(who) + ")");
  if (c.from < today)
    return refuse("day-past",
                  c.from.to_string() + " is in the past (today is " + today.to_string() + ")",
                  "date");
  if (c.until.days_since_epoch() - c.from.days_since_epoch() >= k_max_days_per_change)
    return refuse("day-range",
                  "one change covers at most " + std::to_string(k_max_days_per_change) + " days",
                  "until");
  if (c.action != DayAction::open) {
    if (c.capacity) return refuse("bad-capacity", "only an opening sets capacities", "capacity");
    return std::string();
  }
  // The statement carries the capacities, so a replay never depends on the
  // config of the day it runs.
  if (!c.capacity)
    return refuse("bad-capacity", "an opening states the day's capacities", "capacity");
  if (auto r = check_capacity(config, *c.capacity); !r) return std::move(r).error();
  return format_capacity(*c.capacity);
}

Result<DayChanged> change_day(const Config& config, const std::optional<CrossingDay>& current,
                              const Date& date, const DayChange& c, const std::string& capacity) {
  DayChanged out;
  if (current) {
    out.day = *current;
  } else {
    out.day.date = date;
  }
  CrossingDay& day = out.day;
  if (day.gate_closed)
    return refuse("day-closed", date.to_string() + " was already closed at the gate");
  if (c.action == DayAction::open) {
    // Lists built for other capacities no longer count.
    if (day.capacity != capacity || (day.status != "open" && day.status != "pending")) {
      day.signed_by.clear();
      out.unschedule = true;
    }
    if (contains(day.signed_by, c.party))
      return refuse("already-signed",
                    c.party + " has already opened " + date.to_string() + " with these capacities");
    day.signed_by.push_back(c.party);
    std::sort(day.signed_by.begin(), day.signed_by.end());
    day.capacity = capacity;
    const bool all = std::all_of(config.days.open.begin(), config.days.open.end(),
                                 [&](const std::string& p) { return contains(day.signed_by, p); });
    day.status = all ? "open" : "pending";
  } else {
    day.status = c.action == DayAction::suspend ? "suspended" : "closed";
    day.signed_by.clear();
    out.unschedule = true;
  }
  day.reason = c.reason;
  return out;
}

Result<void> check_day_open(const std::optional<CrossingDay>& day, const Date& date) {
  if (!day) return refuse("day-not-open", "the crossing is not open on " + date.to_string());
  if (day->gate_closed) return refuse("day-closed", date.to_string() + " was closed at the gate");
  if (day->status != "open")
    return refuse("day-not-open", "the crossing is " + day->status + " on " + date.to_string() +
                                      (day->reason.empty() ? "" : " (" + day->reason + ")"));
  return {};
}

}  // namespace corridor::core
