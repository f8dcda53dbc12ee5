#include <corridor/demo/crossing_sim.hpp>

#include <corridor/app/timezone.hpp>

#include <algorithm>
#include <map>

namespace corridor::demo {

void CrossingSim::at(const core::Date& day, std::string_view hh_mm) {
  auto t = app::local_instant(day, hh_mm, svc.config().crossing.time_zone);
  if (t) env.set(end ? std::min(*t, end) : *t);
}

void CrossingSim::tally(const core::Result<app::CheckinReport>& r) {
  if (!r) {
    if (++report.refused <= 3) report.first_refusals.push_back(r.error().message);
    return;
  }
  if (r->outcome == "crossed") ++report.crossed;
  if (r->outcome == "turned-back") ++report.turned_back;
  if (r->outcome == "no-show") ++report.no_shows;
}

void CrossingSim::prepare(const core::Date& day, bool approve_all) {
  at(day.plus_days(-1), "17:00");
  for (const char* party : {"egypt", "cogat"}) {
    app::CrossingChange open{"open", day, std::nullopt, "regular crossing day", std::nullopt};
    if (!svc.change_crossing(open, officer(party))) return;
    env.advance(60);
  }
  ++report.crossing_days;
  at(day.plus_days(-1), "17:30");
  for (core::Direction d : {core::Direction::exit, core::Direction::entry}) {
    auto m = svc.build_manifest(day, d, officer("pa"));
    env.advance(60);
    if (!m) continue;
    for (const char* party : {"egypt", "cogat"}) {
      if (!approve_all && std::string_view(party) == "cogat") continue;
      if (svc.approve_manifest(day, d, officer(party))) env.advance(60);
    }
  }
}

void CrossingSim::suspend(const core::Date& day, std::string_view reason) {
  at(day.plus_days(-1), "20:00");
  app::CrossingChange s{"suspend", day, std::nullopt, std::string(reason), std::nullopt};
  if (svc.change_crossing(s, officer("cogat"))) ++report.suspended_days;
}

void CrossingSim::run_gate(const core::Date& day) {
  std::map<core::Direction, app::ManifestReport> lists;
  for (core::Direction d : {core::Direction::exit, core::Direction::entry})
    if (auto m = svc.manifest(day, d); m && m->awaiting.empty()) lists.emplace(d, *m);
  if (lists.empty()) return;
  at(day, "09:00");
  // Who does not come: on 1 Feb 2025, 37 of 50 patients crossed. A group
  // stays home together.
  std::map<std::string, bool> absent;  // by the group's principal
  for (auto& [d, m] : lists) {
    for (const app::ManifestLine& l : m.lines) {
      if (l.standby) continue;
      const std::string& group = l.group_ref.empty() ? l.ref : l.group_ref;
      if (!absent.count(group)) absent[group] = rng.chance(0.15);
    }
    // The monitor picks one traveller a day for a second look.
    if (!m.lines.empty() && rng.chance(0.6)) {
      const app::ManifestLine& l = m.lines[rng.below(m.lines.size())];
      if (!l.standby && !absent[l.group_ref.empty() ? l.ref : l.group_ref] &&
          svc.reexamination(day, l.ref, "ordered", "random bag check", officer("eubam"))) {
        ++report.reexaminations;
        env.advance(600);
        if (!svc.reexamination(day, l.ref, "recorded", "", officer("eubam"))) ++report.refused;
      }
    }
  }
  auto id_of = [&](const std::string& ref) -> std::string {
    auto c = svc.get_case(ref);
    if (!c) return "";
    return c->record.person.national_id.empty() ? c->record.person.passport_no
                                                : c->record.person.national_id;
  };
  for (auto& [d, m] : lists) {
    at(day, "09:00");
    for (const app::ManifestLine& l : m.lines) {
      if (l.standby || absent[l.group_ref.empty() ? l.ref : l.group_ref]) continue;
      env.advance(90);
      app::CheckinRequest req{day, id_of(l.ref)};
      if (rng.chance(0.02)) {
        req.outcome = "turned-back";
        req.reason = rng.chance(0.5) ? "invalid-documents" : "too-ill-to-travel";
      }
      tally(svc.checkin(req, officer("pa")));
    }
    // From noon, those who have not come are no-shows, and standby
    // travellers fill the places they freed.
    at(day, "12:00");
    for (const app::ManifestLine& l : m.lines) {
      if (l.standby || !absent[l.group_ref.empty() ? l.ref : l.group_ref]) continue;
      env.advance(30);
      tally(svc.no_show(day, l.ref, officer("pa")));
    }
    at(day, "13:00");
    for (const app::ManifestLine& l : m.lines) {
      if (!l.standby) continue;
      env.advance(90);
      auto r = svc.checkin(app::CheckinRequest{day, id_of(l.ref)}, officer("pa"));
      if (r) tally(r);  // "no-free-place" is the standby list working
    }
  }
  at(day, "15:30");
  if (!svc.close_day(day, officer("pa"))) return;
  at(day, "16:00");
  if (!svc.attest_day(day, officer("eubam"))) ++report.refused;
}

}  // namespace corridor::demo
