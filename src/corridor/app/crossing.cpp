// Service: crossing days and manifests (docs/crossing.md); the gate is in
// crossing_gate.cpp. Each change is drafted here, signed with the officer's
// key in this process and submitted like any statement; apply
// (crossing_apply_days.cpp, crossing_apply_manifest.cpp) makes every check
// again inside the writer, so a statement signed elsewhere meets the same
// rules.

#include <corridor/app/apply.hpp>
#include <corridor/app/plan.hpp>
#include <corridor/app/published_list.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/database.hpp>

#include <algorithm>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

Result<DayInfo> day_info(store::Database& db, const core::Config& config, const core::Date& date) {
  DayInfo info;
  info.date = date;
  info.status = "closed";  // never opened
  info.capacity = config.days.capacity;
  auto day = store::load_day(db, date);
  if (!day) return std::move(day).error();
  if (*day) {
    info.status = (*day)->status;
    info.signed_by = (*day)->signed_by;
    auto cap = day_capacity(config, **day);
    if (!cap) return std::move(cap).error();
    info.capacity = *cap;
    info.reason = (*day)->reason;
    info.gate_closed = (*day)->gate_closed;
  }
  for (const std::string& p : config.days.open)
    if (std::find(info.signed_by.begin(), info.signed_by.end(), p) == info.signed_by.end())
      info.awaiting.push_back(p);
  auto events = store::crossing_events(db, date);
  if (!events) return std::move(events).error();
  for (const store::CrossingEvent& e : *events)
    info.events.push_back({e.action, e.party, e.officer, e.reason, e.at});
  return info;
}

}  // namespace

// --- days -----------------------------------------------------------------

Result<std::vector<DayInfo>> Service::change_crossing(const CrossingChange& change,
                                                      const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_change_crossing(change, key.public_key()), key);
}

Result<Prepared<std::vector<DayInfo>>> Service::prepare_change_crossing(
    const CrossingChange& change, const ledger::PublicKey& officer) {
  auto action = ledger::parse_crossing_action(change.action);
  if (!action)
    return core::invalid("action", "'" + change.action + "' is not open, suspend or close");
  ledger::CrossingChange c{change.from, std::nullopt, *action, change.reason, std::nullopt};
  if (change.until && *change.until != change.from) c.until = change.until;
  if (*action == ledger::CrossingAction::open)
    c.capacity = change.capacity.value_or(m_config.days.capacity);
  auto s = draft(m_config, officer, m_env.now(), "", std::move(c));
  if (!s) return std::move(s).error();
  auto p = prepare_statement(*s);
  if (!p) return std::move(p).error();
  return then(std::move(p).value(), [this, change](Applied) {
    return days(change.from, change.until.value_or(change.from));
  });
}

Result<std::vector<DayInfo>> Service::days(std::optional<core::Date> from,
                                           std::optional<core::Date> to) {
  auto db = reader();
  if (!db) return std::move(db).error();
  std::vector<DayInfo> out;
  if (from && to) {
    // Every day of a range, opened or not.
    if (to->days_since_epoch() - from->days_since_epoch() > 3660)
      return core::make_error(Errc::usage, "a calendar covers at most 10 years");
    for (core::Date d = *from; d <= *to; d = d.plus_days(1)) {
      auto info = day_info(**db, m_config, d);
      if (!info) return std::move(info).error();
      out.push_back(std::move(info).value());
    }
    return out;
  }
  auto rows = store::list_days(**db, from, to);
  if (!rows) return std::move(rows).error();
  for (const store::DayRow& r : *rows) {
    auto info = day_info(**db, m_config, r.date);
    if (!info) return std::move(info).error();
    out.push_back(std::move(info).value());
  }
  return out;
}

// --- manifests --------------------------------------------------------------

Result<ManifestReport> Service::plan_manifest(const core::Date& date, core::Direction direction) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto day = store::load_day(**db, date);
  if (!day) return std::move(day).error();
  if (!*day || (*day)->status != "open")
    return core::refuse("day-not-open", "the crossing is not open on " + date.to_string());
  auto planned = app::plan_manifest(**db, m_config, **day, direction, m_env.now());
  if (!planned) return std::move(planned).error();
  ManifestReport rep;
  rep.date = date;
  rep.direction = direction;
  rep.capacity = planned->plan.capacity;
  rep.max_travellers = planned->plan.max_travellers;
  rep.counts = planned->manifest.counts;
  auto line = [&](const core::Placed& p, bool standby) {
    const core::Candidate& c = planned->member(p.unit, p.member);
    const core::Candidate& principal = planned->units[p.unit].principal;
    ManifestLine l;
    l.order = static_cast<int>(rep.lines.size()) + 1;
    l.standby = standby;
    l.ref = c.ref;
    l.group_ref = p.member == 0 ? "" : principal.ref;
    l.category = c.category;
    l.priority = planned->manifest.priority[p.unit];
    rep.lines.push_back(std::move(l));
  };
  for (const core::Placed& p : planned->manifest.main) line(p, false);
  for (const core::Placed& p : planned->manifest.standby) line(p, true);
  std::vector<bool> standby_unit(planned->units.size(), false);
  for (const core::Placed& p : planned->manifest.standby) standby_unit[p.unit] = true;
  for (const core::Skipped& k : planned->manifest.skipped) {
    const core::Candidate& c = planned->member(k.unit, k.member);
    rep.not_chosen.push_back(
        NotChosen{c.ref, c.category, std::string(core::to_string(k.reason)),
                  core::skip_detail(planned->manifest, planned->plan, planned->units, k),
                  planned->manifest.priority[k.unit], standby_unit[k.unit]});
  }
  return rep;
}

Result<ManifestReport> Service::build_manifest(const core::Date& date, core::Direction direction,
                                               const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_build_manifest(date, direction, key.public_key()), key);
}

Result<Prepared<ManifestReport>> Service::prepare_build_manifest(const core::Date& date,
                                                                 core::Direction direction,
                                                                 const ledger::PublicKey& officer) {
  // Planned at the statement's time; the writer plans again and refuses
  // the statement if anything changed in between.
  auto rep = plan_manifest(date, direction);
  if (!rep) return std::move(rep).error();
  ledger::Manifest list{date, direction, {}, {}};
  for (const ManifestLine& l : rep->lines)
    (l.standby ? list.standby : list.travellers).push_back(l.ref);
  auto s = draft(m_config, officer, m_env.now(), "", std::move(list));
  if (!s) return std::move(s).error();
  auto p = prepare_statement(*s);
  if (!p) return std::move(p).error();
  return then(
      std::move(p).value(),
      [this, rep = std::move(rep).value()](Applied applied) mutable -> Result<ManifestReport> {
        rep.index = applied.index;
        rep.hash = applied.text_hash;
        rep.awaiting = m_config.manifest.approvers;
        return rep;
      });
}

Result<ManifestReport> Service::approve_manifest(const core::Date& date, core::Direction direction,
                                                 const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_approve_manifest(date, direction, key.public_key()), key);
}

Result<Prepared<ManifestReport>> Service::prepare_approve_manifest(
    const core::Date& date, core::Direction direction, const ledger::PublicKey& officer) {
  auto current = manifest(date, direction);
  if (!current) return std::move(current).error();
  auto s =
      draft(m_config, officer, m_env.now(), "", ledger::Approval{date, direction, current->hash});
  if (!s) return std::move(s).error();
  auto p = prepare_statement(*s);
  if (!p) return std::move(p).error();
  return then(std::move(p).value(), [this, date, direction](Applied applied) {
    auto after = manifest(date, direction);
    if (after) after->index = applied.index;
    return after;
  });
}

Result<ManifestReport> Service::manifest(const core::Date& date, core::Direction direction) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto rep = published_list(**db, m_config, date, direction);
  if (!rep) return std::move(rep).error();
  if (!*rep)
    return core::make_error(Errc::not_found, "no manifest is built for " + date.to_string() + " " +
                                                 std::string(core::to_string(direction)));
  return std::move(**rep);
}

}  // namespace corridor::app
