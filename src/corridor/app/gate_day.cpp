// The gate's day list (GET /api/v1/gate/{date}/travellers): both
// directions' published lists and where each traveller stands at the gate,
// from the day's own tables (manifest entries, gate events,
// re-examinations, report): a few indexed reads, never a scan of the cases.

#include <corridor/app/plan.hpp>
#include <corridor/app/published_list.hpp>
#include <corridor/app/service.hpp>
#include <corridor/store/crossing_repo.hpp>

#include <map>

namespace corridor::app {

using core::Errc;
using core::Result;

namespace {

std::string last4(const core::Person& p) {
  const std::string& id = p.national_id.empty() ? p.passport_no : p.national_id;
  return id.size() <= 4 ? id : id.substr(id.size() - 4);
}

}  // namespace

Result<std::optional<ManifestReport>> published_list(
    store::Database& db, const core::Config& config, const core::Date& date,
    core::Direction direction, const std::function<void(const store::StoredCase&)>& each) {
  auto m = store::current_manifest(db, date, direction);
  if (!m) return std::move(m).error();
  if (!*m) return std::optional<ManifestReport>();
  ManifestReport rep;
  rep.date = date;
  rep.direction = direction;
  rep.hash = (*m)->hash;
  auto day = store::load_day(db, date);
  if (!day) return std::move(day).error();
  if (*day) {
    auto cap = day_capacity(config, **day);
    if (!cap) return std::move(cap).error();
    rep.capacity = cap->of(direction);
  }
  auto add = [&](const std::string& ref, bool standby) -> Result<void> {
    auto sc = store::load_case(db, ref);
    if (!sc) return std::move(sc).error();
    if (!*sc) return core::make_error(Errc::internal, "a manifest names a missing case " + ref);
    const core::CaseRecord& r = (*sc)->record;
    ManifestLine l;
    l.order = static_cast<int>(rep.lines.size()) + 1;
    l.standby = standby;
    l.ref = r.ref;
    l.group_ref = r.group_ref;
    l.category = r.category;
    l.name_en = r.person.name_en;
    l.name_ar = r.person.name_ar;
    l.id_last4 = last4(r.person);
    if (!standby) ++rep.counts[r.category];
    rep.lines.push_back(std::move(l));
    if (each) each(**sc);
    return {};
  };
  for (const std::string& ref : (*m)->main)
    if (auto r = add(ref, false); !r) return std::move(r).error();
  for (const std::string& ref : (*m)->standby)
    if (auto r = add(ref, true); !r) return std::move(r).error();
  for (const std::string& p : config.manifest.approvers)
    ((*m)->approved_by(p) ? rep.approved_by : rep.awaiting).push_back(p);
  auto before = store::replaced_manifest(db, date, direction);
  if (!before) return std::move(before).error();
  if (*before) {
    ReplacedList r{(*before)->hash, {}, (*before)->main, (*before)->standby};
    for (const store::Approval& a : (*before)->approvals) r.approved_by.push_back(a.party);
    rep.replaced = std::move(r);
  }
  return std::optional<ManifestReport>(std::move(rep));
}

// A traveller's status: the day's gate event if there is one; else, if the
// case went through the gate on another day (from that day's standby
// list), what happened there; else pending.
Result<GateDayList> Service::gate_travellers(const core::Date& date) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto day = store::load_day(**db, date);
  if (!day) return std::move(day).error();
  if (!*day)
    return core::make_error(Errc::not_found, "no crossing day is recorded for " + date.to_string());
  GateDayList out;
  out.date = date;
  out.day_status = (*day)->status;
  out.closed = (*day)->gate_closed;
  std::map<std::string, std::optional<core::Travel>> travel;
  auto seen = [&](const store::StoredCase& sc) { travel[sc.record.ref] = sc.facts.travel; };
  for (core::Direction d : {core::Direction::exit, core::Direction::entry}) {
    auto list = published_list(**db, m_config, date, d, seen);
    if (!list) return std::move(list).error();
    (d == core::Direction::exit ? out.exit : out.entry) = std::move(*list);
  }
  auto events = store::gate_events(**db, date);
  if (!events) return std::move(events).error();
  std::map<std::string, const store::GateEvent*> by_ref;
  for (const store::GateEvent& e : *events) by_ref[e.case_ref] = &e;
  auto orders = store::reexaminations(**db, date);
  if (!orders) return std::move(orders).error();
  std::map<std::string, const store::Reexamination*> reexam;
  for (const store::Reexamination& r : *orders) reexam[r.case_ref] = &r;
  // An order from another day holds until recorded (as the gate's check
  // does): one query over the listed refs, the earliest order first.
  std::vector<std::string> refs;
  for (const auto& [ref, went] : travel) refs.push_back(ref);
  auto pending = store::pending_reexaminations(**db, refs);
  if (!pending) return std::move(pending).error();
  for (const store::Reexamination& r : *pending) reexam.emplace(r.case_ref, &r);
  for (const auto& [ref, went] : travel) {
    GateStatus st;
    st.ref = ref;
    if (auto e = by_ref.find(ref); e != by_ref.end()) {
      st.status = e->second->outcome;
      st.reason = e->second->reason;
    } else if (went) {
      st.status = *went == core::Travel::crossed ? "crossed" : "turned-back";
      st.another_day = true;
    }
    if (auto r = reexam.find(ref); r != reexam.end()) {
      st.reexamination = r->second->recorded_by ? "recorded" : "ordered";
      st.ordered_on = r->second->date;
    }
    out.status.emplace(ref, std::move(st));
  }
  return out;
}

}  // namespace corridor::app
