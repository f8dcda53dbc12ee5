#include <corridor/api/json.hpp>

namespace corridor::api {

using nlohmann::json;

json stage_json(const core::StageView& s, core::Timestamp now) {
  json j{{"stage", s.def->id},
         {"party", s.def->party},
         {"step", s.def->step},
         {"status", core::to_string(s.status)}};
  if (s.since) j["since"] = core::format_timestamp(s.since);
  if (s.expires_at) j["expires_at"] = core::format_timestamp(*s.expires_at);
  // Whether its party may decide it now (pending, returned, expired, or
  // stale after an identity correction): clients need not know the rule.
  j["actionable"] = s.actionable();
  if (s.actionable()) j["overdue"] = s.overdue(now);
  return j;
}

json decision_json(const core::Decision& d) {
  json j{{"stage", d.stage},
         {"party", d.party},
         {"officer", d.officer},
         {"outcome", core::to_string(d.outcome)},
         {"snapshot", core::to_hex(d.snapshot)},
         {"at", core::format_timestamp(d.at)}};
  if (!d.reason.empty()) j["reason"] = d.reason;
  if (!d.note.empty()) j["note"] = d.note;
  return j;
}

json person_json(const core::Person& p) {
  return json{{"name_ar", p.name_ar},
              {"name_en", p.name_en},
              {"national_id", p.national_id},
              {"passport_no", p.passport_no},
              {"date_of_birth", p.date_of_birth.to_string()},
              {"sex", core::to_string(p.sex)},
              {"nationality", p.nationality},
              {"phone", p.phone}};
}

json to_json(const std::vector<app::CaseSummary>& cases) {
  json arr = json::array();
  for (const app::CaseSummary& c : cases) arr.push_back(to_json(c));
  return arr;
}

json to_json(const app::CaseDetail& c, core::Timestamp now) {
  const core::CaseRecord& r = c.record;
  json j{{"ref", r.ref},
         {"direction", core::to_string(r.direction)},
         {"category", r.category},
         {"state", core::to_string(c.view.state)},
         {"person", person_json(r.person)},
         {"child", c.child},
         {"snapshot", core::to_hex(r.snapshot)},
         {"registered_at", core::format_timestamp(r.registered_at)},
         {"companions", c.companions},
         {"stages", json::array()},
         {"decisions", json::array()},
         {"flags", json::array()}};
  if (!r.urgency.empty()) j["urgency"] = r.urgency;
  if (!r.diagnosis.empty()) j["diagnosis"] = r.diagnosis;
  if (!r.group_ref.empty()) j["group_ref"] = r.group_ref;
  if (r.requested_on) j["requested_on"] = r.requested_on->to_string();
  for (const core::StageView& s : c.view.stages) j["stages"].push_back(stage_json(s, now));
  for (const core::Decision& d : c.decisions) j["decisions"].push_back(decision_json(d));
  for (const core::Flag& f : r.flags)
    j["flags"].push_back({{"code", f.code}, {"detail", f.detail}});
  if (c.scheduled_on) j["scheduled_on"] = c.scheduled_on->to_string();
  if (c.priority)
    j["priority"] = {{"score", c.priority->total()},
                     {"urgency", c.priority->urgency},
                     {"waiting", c.priority->waiting},
                     {"days_waiting", c.priority->days_waiting},
                     {"child", c.priority->child}};
  if (c.closure)
    j["closure"] = {{"kind", core::to_string(c.closure->kind)},
                    {"party", c.closure->party},
                    {"officer", c.closure->officer},
                    {"at", core::format_timestamp(c.closure->at)}};
  return j;
}

namespace {

json filter_json(const app::StatsFilter& f) {
  json j = json::object();
  if (f.since) j["since"] = f.since->to_string();
  if (f.until) j["until"] = f.until->to_string();
  if (f.direction) j["direction"] = core::to_string(*f.direction);
  if (f.category) j["category"] = *f.category;
  if (f.urgency) j["urgency"] = *f.urgency;
  return j;
}

json backlog_json(const app::Stats& s) {
  json out = json::array();
  for (const app::Stats::BacklogDay& d : s.backlog)
    out.push_back({{"date", d.date.to_string()}, {"waiting", d.waiting}, {"by_role", d.by_role}});
  return out;
}

json decision_times_json(const app::Stats& s) {
  json out = json::array();
  for (const app::Stats::DecisionTimes& t : s.decision_times) {
    json j{{"stage", t.stage},
           {"party", t.party},
           {"deadline_hours", t.deadline_hours},
           {"decisions", t.decisions},
           {"over_deadline", t.over_deadline}};
    if (t.median_hours) j["median_hours"] = *t.median_hours;
    if (t.p90_hours) j["p90_hours"] = *t.p90_hours;
    out.push_back(std::move(j));
  }
  return out;
}

json crossings_json(const app::Stats& s) {
  json days = json::array();
  for (const app::Stats::Day& d : s.days)
    days.push_back({{"date", d.date.to_string()},
                    {"status", d.status},
                    {"crossed", d.crossed_total},
                    {"by_direction_category", d.crossed},
                    {"capacity", d.capacity},
                    {"no_shows", d.no_shows},
                    {"turned_back", d.turned_back},
                    {"crossed_by_role", d.crossed_by_role},
                    {"in_progress", d.in_progress}});
  json planned = json::array();
  for (const app::Stats::Planned& p : s.planned)
    planned.push_back({{"direction", core::to_string(p.direction)},
                       {"category", p.category},
                       {"planned", s.capacity_known ? json(p.planned) : json()},
                       {"crossed", p.crossed}});
  json j{{"since", s.since ? json(s.since->to_string()) : json()},
         {"crossed", s.crossed_since},
         {"capacity", s.capacity_known ? json(s.capacity_since) : json()},
         {"utilisation", !s.capacity_known  ? json()
                         : s.capacity_since ? json(double(s.crossed_since) / s.capacity_since)
                                            : json(0.0)},
         {"by_category", planned},
         {"no_shows", s.no_shows_since},
         {"listed", s.expected_since},
         {"no_show_rate", s.expected_since ? double(s.no_shows_since) / s.expected_since : 0.0},
         {"days", days}};
  if (s.days_to_cross_median)
    j["days_to_cross"] = {{"median", *s.days_to_cross_median}, {"p90", *s.days_to_cross_p90}};
  return j;
}

}  // namespace

json to_json(const app::Stats& s) {
  json pending = json::array();
  for (const app::StageLoad& l : s.pending) {
    json j{{"stage", l.stage},
           {"party", l.party},
           {"pending", l.pending},
           {"overdue", l.overdue},
           {"returned", l.returned}};
    if (l.oldest_since) j["oldest_since"] = core::format_timestamp(*l.oldest_since);
    pending.push_back(std::move(j));
  }
  json deaths = json::array();
  for (std::size_t i = 0; i < s.deaths_by_date.size(); ++i)
    deaths.push_back({{"date", s.deaths_by_date[i].first},
                      {"count", s.deaths_by_date[i].second},
                      {"cumulative", s.deaths_cumulative.at(i).second}});
  return json{{"today", s.today.to_string()},
              {"filter", filter_json(s.filter)},
              {"backlog", backlog_json(s)},
              {"decision_times", decision_times_json(s)},
              {"cases", s.cases},
              {"waiting",
               {{"total", s.waiting},
                {"children", s.waiting_children},
                {"by_role", s.waiting_by_role},
                {"by_category", s.waiting_by_category},
                {"children_by_category", s.children_by_category},
                {"by_urgency", s.waiting_by_urgency},
                {"children_by_urgency", s.children_by_urgency}}},
              {"by_state", s.by_state},
              {"pending", pending},
              {"cleared", s.cleared},
              {"denied", {{"total", s.denied}, {"by_reason", s.denied_by_reason}}},
              {"scheduled", s.scheduled},
              {"crossed", s.crossed},
              {"turned_back", s.turned_back},
              {"crossings", crossings_json(s)},
              {"withdrawn", s.withdrawn},
              {"deceased",
               {{"total", s.deceased}, {"by_date", deaths}, {"by_urgency", s.deaths_by_urgency}}}};
}

json capacity_json(const core::Capacity& c) {
  json j = json::object();
  for (core::Direction d : {core::Direction::exit, core::Direction::entry}) {
    json dj = json::object();
    for (const auto& [cat, n] : c.of(d).places) dj[cat] = n;
    if (c.of(d).total) dj["total"] = *c.of(d).total;
    j[std::string(core::to_string(d))] = dj;
  }
  return j;
}

json day_json(const app::DayInfo& d) {
  json events = json::array();
  for (const auto& e : d.events)
    events.push_back({{"action", e.action},
                      {"party", e.party},
                      {"officer", e.officer},
                      {"reason", e.reason},
                      {"at", core::format_timestamp(e.at)}});
  return {{"date", d.date.to_string()},
          {"status", d.status},
          {"signed_by", d.signed_by},
          {"awaiting", d.awaiting},
          {"capacity", capacity_json(d.capacity)},
          {"reason", d.reason},
          {"gate_closed", d.gate_closed},
          {"events", events}};
}

json priority_json(const core::Priority& p) {
  return {{"score", p.total()},
          {"urgency", p.urgency},
          {"waiting", p.waiting},
          {"child", p.child},
          {"days_waiting", p.days_waiting}};
}

json manifest_json(const app::ManifestReport& m) {
  json lines = json::array();
  for (const auto& l : m.lines) {
    json j = {{"order", l.order},
              {"ref", l.ref},
              {"group_ref", l.group_ref},
              {"category", l.category},
              {"standby", l.standby}};
    if (!l.name_en.empty() || !l.name_ar.empty()) {
      j["name_en"] = l.name_en;
      j["name_ar"] = l.name_ar;
      j["id_last4"] = l.id_last4;
    } else {
      j["priority"] = priority_json(l.priority);
    }
    lines.push_back(j);
  }
  json skipped = json::array();
  for (const auto& n : m.not_chosen)
    skipped.push_back({{"ref", n.ref},
                       {"category", n.category},
                       {"reason", n.reason},
                       {"detail", n.detail},
                       {"standby", n.on_standby},
                       {"priority", priority_json(n.priority)}});
  json cap = json::object();
  for (const auto& [c, n] : m.capacity.places) cap[c] = n;
  if (m.capacity.total) cap["total"] = *m.capacity.total;
  json j = {{"date", m.date.to_string()},
            {"direction", core::to_string(m.direction)},
            {"capacity", cap},
            {"counts", m.counts},
            {"travellers", lines},
            {"approved_by", m.approved_by},
            {"awaiting", m.awaiting},
            {"manifest", core::to_hex(m.hash)}};
  if (m.max_travellers) j["equal_in_out_cap"] = *m.max_travellers;
  if (!m.not_chosen.empty() || m.index) j["not_chosen"] = skipped;
  if (m.index) j["log_index"] = m.index;
  if (m.replaced) {
    json before = json::array();
    int order = 0;
    for (const auto* list : {&m.replaced->main, &m.replaced->standby})
      for (const std::string& ref : *list)
        before.push_back(
            {{"order", ++order}, {"ref", ref}, {"standby", list == &m.replaced->standby}});
    j["replaced"] = {{"manifest", core::to_hex(m.replaced->hash)},
                     {"approved_by", m.replaced->approved_by},
                     {"travellers", before}};
  }
  return j;
}

json gate_day_json(const app::GateDayList& d) {
  json lists = json::object();
  for (const auto* m : {&d.exit, &d.entry}) {
    const std::string direction(
        core::to_string(m == &d.exit ? core::Direction::exit : core::Direction::entry));
    if (!*m) {
      lists[direction] = nullptr;
      continue;
    }
    json list = manifest_json(**m);
    for (json& line : list["travellers"]) {
      const app::GateStatus& st = d.status.at(line["ref"].get<std::string>());
      line["status"] = st.status;
      if (st.status == "turned-back" && !st.another_day) line["reason"] = st.reason;
      if (st.another_day) line["another_day"] = true;
      if (!st.reexamination.empty()) line["reexamination"] = st.reexamination;
      if (st.ordered_on) line["ordered_on"] = st.ordered_on->to_string();
    }
    lists[direction] = std::move(list);
  }
  return {{"date", d.date.to_string()},
          {"day_status", d.day_status},
          {"closed", d.closed},
          {"manifests", std::move(lists)}};
}

json report_json(const app::DayReportInfo& r) {
  json turned = json::array();
  for (const auto& [ref, why] : r.turned_back) turned.push_back({{"ref", ref}, {"reason", why}});
  return {{"date", r.date.to_string()},
          {"crossed", capacity_json(r.crossed)},
          {"turned_back", turned},
          {"no_show", r.no_show},
          {"reported_by", r.reported_by},
          {"reported_at", core::format_timestamp(r.reported_at)},
          {"attested_by", r.attested_by ? json(*r.attested_by) : json()},
          {"attested_at", r.attested_at ? json(core::format_timestamp(*r.attested_at)) : json()},
          {"report", core::to_hex(r.hash)},
          {"matches_log", r.log_differences.empty()},
          {"log_differences", r.log_differences}};
}

json to_json(const app::CaseSummary& c) {
  json j{{"ref", c.ref},           {"direction", core::to_string(c.direction)},
         {"category", c.category}, {"state", core::to_string(c.state)},
         {"pending", c.pending},   {"registered_at", core::format_timestamp(c.registered_at)},
         {"child", c.child},       {"flagged", c.flagged}};
  if (!c.urgency.empty()) j["urgency"] = c.urgency;
  if (!c.group_ref.empty()) j["group_ref"] = c.group_ref;
  if (!c.requested_on.empty()) j["requested_on"] = c.requested_on;
  return j;
}

json to_json(const app::ImportReport& rep) {
  json errors = json::array();
  for (const core::RowError& e : rep.errors)
    errors.push_back({{"row", e.row}, {"column", e.column}, {"message", e.message}});
  json flags = json::array();
  for (const core::RowFlag& f : rep.flags)
    flags.push_back(
        {{"row", f.row}, {"ref", f.ref}, {"code", f.flag.code}, {"detail", f.flag.detail}});
  return {{"file", rep.file},           {"rows", rep.rows},
          {"committed", rep.committed}, {"by_category", rep.by_category},
          {"errors", errors},           {"flags", flags}};
}

json to_json(const app::DecisionReport& d) {
  return {{"ref", d.ref},
          {"stage", d.stage},
          {"outcome", core::to_string(d.outcome)},
          {"state", core::to_string(d.state)}};
}

json to_json(const app::AmendReport& a) {
  json flags = json::array();
  for (const core::Flag& f : a.flags) flags.push_back({{"code", f.code}, {"detail", f.detail}});
  return {{"ref", a.ref},
          {"fields", a.fields},
          {"now_stale", a.now_stale},
          {"flags", flags},
          {"state", core::to_string(a.state)}};
}

json to_json(const app::CheckinReport& c) {
  return {{"ref", c.ref},           {"direction", core::to_string(c.direction)},
          {"category", c.category}, {"outcome", c.outcome},
          {"standby", c.standby},   {"state", core::to_string(c.state)},
          {"log_index", c.index}};
}

}  // namespace corridor::api
