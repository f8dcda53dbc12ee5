// Service: crossing days, manifests and the gate (docs/crossing.md). Each
// change is drafted here, signed with the officer's key in this process and
// submitted like any statement; apply (crossing_apply.cpp) makes every
// check again inside the writer, so a statement signed elsewhere meets the
// same rules.

#include <corridor/app/apply.hpp>
#include <corridor/app/crossing_apply.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/plan.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/core/mrz.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;
using ledger::StatementKind;

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

std::string last4(const core::Person& p) {
  const std::string& id = p.national_id.empty() ? p.passport_no : p.national_id;
  return id.size() <= 4 ? id : id.substr(id.size() - 4);
}

// The report's fields as a statement carries them, and back.
void fill_report(DayReportInfo& info, const detail::ReportFields& f) {
  if (auto c = core::parse_capacity(f.crossed)) info.crossed = *c;
  for (const std::string& item : f.turned_back) {
    auto colon = item.find(':');
    info.turned_back.emplace_back(item.substr(0, colon),
                                  colon == std::string::npos ? "" : item.substr(colon + 1));
  }
  info.no_show = f.no_show;
}

// The '<'-separated parts of an MRZ optional data field.
// The day-report statement of report fields.
Result<ledger::DayReport> report_of(const core::Date& date, const detail::ReportFields& f) {
  ledger::DayReport r{date, std::nullopt, {}, f.no_show};
  if (!f.crossed.empty()) {
    auto crossed = core::parse_capacity(f.crossed);
    if (!crossed) return std::move(crossed).error();
    r.crossed = *crossed;
  }
  for (const std::string& item : f.turned_back) {
    const auto colon = item.find(':');
    r.turned_back.push_back({item.substr(0, colon), item.substr(colon + 1)});
  }
  return r;
}

std::vector<std::string> split_fillers(const std::string& field) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : field + "<") {
    if (c != '<') {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  return out;
}

// Upper-case A-Z tokens of a typed name, sorted, for a manual check.
std::vector<std::string> name_tokens(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      cur += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  std::sort(out.begin(), out.end());
  return out;
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
        rep.hash = ledger::sha256(*ledger::format_statement(applied.statement));
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
  auto m = store::current_manifest(**db, date, direction);
  if (!m) return std::move(m).error();
  if (!*m)
    return core::make_error(Errc::not_found, "no manifest is built for " + date.to_string() + " " +
                                                 std::string(core::to_string(direction)));
  ManifestReport rep;
  rep.date = date;
  rep.direction = direction;
  rep.hash = (*m)->hash;
  auto day = store::load_day(**db, date);
  if (!day) return std::move(day).error();
  if (*day) {
    auto cap = day_capacity(m_config, **day);
    if (!cap) return std::move(cap).error();
    rep.capacity = cap->of(direction);
  }
  auto add = [&](const std::string& ref, bool standby) -> Result<void> {
    auto sc = store::load_case(**db, ref);
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
    return {};
  };
  for (const std::string& ref : (*m)->main)
    if (auto r = add(ref, false); !r) return std::move(r).error();
  for (const std::string& ref : (*m)->standby)
    if (auto r = add(ref, true); !r) return std::move(r).error();
  for (const std::string& p : m_config.manifest.approvers)
    ((*m)->approved_by(p) ? rep.approved_by : rep.awaiting).push_back(p);
  return rep;
}

// --- the gate ---------------------------------------------------------------

Result<Traveller> Service::find_traveller(const CheckinRequest& req) {
  auto db = reader();
  if (!db) return std::move(db).error();
  std::optional<core::Mrz> mrz;
  if (req.mrz) {
    auto parsed = core::parse_mrz(*req.mrz);
    if (!parsed) return std::move(parsed).error();
    if (!parsed->valid()) {
      core::Error e = core::make_error(Errc::bad_input, "the MRZ's check digits fail");
      for (const core::MrzCheck& c : parsed->checks)
        if (!c.ok) e.details.push_back(c.field + ": found " + c.found + ", computed " + c.computed);
      return e;
    }
    mrz = std::move(parsed).value();
  } else if (!req.national_id) {
    return core::make_error(Errc::usage, "give the traveller's ID number or MRZ");
  }
  // The traveller: on one of the day's lists, by the document presented.
  // An ID card may carry the national ID in its optional data.
  std::vector<std::string> numbers;
  if (mrz) {
    numbers.push_back(mrz->field("document_number"));
    for (const char* f : {"optional_data_1", "optional_data_2", "personal_number"})
      for (std::string part : split_fillers(mrz->field(f))) numbers.push_back(std::move(part));
  } else {
    numbers.push_back(*req.national_id);
  }
  std::optional<store::StoredCase> found;
  std::vector<core::IdentityDifference> differences;
  for (const std::string& number : numbers) {
    if (number.empty()) continue;
    auto refs = store::on_lists_by_document(**db, req.date, number);
    if (!refs) return std::move(refs).error();
    for (const std::string& ref : *refs) {
      auto sc = store::load_case(**db, ref);
      if (!sc) return std::move(sc).error();
      if (!*sc) continue;
      const core::Person& p = (*sc)->record.person;
      if (mrz) {
        differences = core::identity_differences(*mrz, p);
        if (std::any_of(differences.begin(), differences.end(),
                        [](const auto& x) { return x.field == "document_number"; }))
          continue;
      } else {
        if (req.date_of_birth && *req.date_of_birth != p.date_of_birth)
          differences.push_back(
              {"date_of_birth", req.date_of_birth->to_string(), p.date_of_birth.to_string()});
        if (req.name && name_tokens(*req.name) != name_tokens(p.name_en))
          differences.push_back({"name", *req.name, p.name_en});
      }
      found = std::move(**sc);
      break;
    }
    if (found) break;
  }
  if (!found)
    return core::refuse("not-on-manifest", "no traveller with this document is on a manifest of " +
                                               req.date.to_string());
  // Turning a traveller back is the gate's answer to a mismatch: it is
  // recorded whatever the document says.
  if (!differences.empty() && req.outcome != "turned-back") {
    core::Error e = core::refuse(
        "identity-mismatch",
        "the document presented differs from the identity approved for case " + found->record.ref);
    for (const auto& d : differences)
      e.details.push_back(d.field + ": the document says '" + d.presented + "', approved '" +
                          d.approved + "'");
    return e;
  }
  return Traveller{found->record.ref, found->record.snapshot, found->record.direction,
                   found->record.category};
}

Result<CheckinReport> Service::checkin(const CheckinRequest& req, const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_checkin(req, key.public_key()), key);
}

Result<Prepared<CheckinReport>> Service::prepare_checkin(const CheckinRequest& req,
                                                         const ledger::PublicKey& officer) {
  // Only the operator learns whether, and how, a document matches a list.
  auto who = key_officer(officer);
  if (!who) return std::move(who).error();
  if (who->first != m_config.manifest.operator_party)
    return core::refuse("gate-party", "the gate is run by " + m_config.manifest.operator_party +
                                          ", not " + who->first);
  auto found = find_traveller(req);
  if (!found) return std::move(found).error();
  auto outcome = ledger::parse_gate_outcome(req.outcome);
  if (!outcome)
    return core::invalid("outcome", "'" + req.outcome + "' is not crossed, turned-back or no-show");
  auto s = draft(m_config, officer, m_env.now(), found->ref,
                 ledger::GateEvent{req.date, *outcome, req.reason, found->snapshot});
  if (!s) return std::move(s).error();
  auto p = prepare_statement(*s);
  if (!p) return std::move(p).error();
  return then(std::move(p).value(),
              [this, date = req.date, outcome = req.outcome,
               found = std::move(found).value()](Applied applied) -> Result<CheckinReport> {
                auto db = reader();
                if (!db) return std::move(db).error();
                auto event = store::gate_event(**db, date, found.ref);
                return CheckinReport{found.ref,
                                     found.direction,
                                     found.category,
                                     outcome,
                                     event && *event && (*event)->standby,
                                     applied.state,
                                     applied.index};
              });
}

Result<CheckinReport> Service::no_show(const core::Date& date, const std::string& ref,
                                       const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_no_show(date, ref, key.public_key()), key);
}

Result<Prepared<CheckinReport>> Service::prepare_no_show(const core::Date& date,
                                                         const std::string& ref,
                                                         const ledger::PublicKey& officer) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto sc = store::load_case(**db, ref);
  if (!sc) return std::move(sc).error();
  if (!*sc) return core::make_error(Errc::not_found, "no case " + ref);
  auto s = draft(m_config, officer, m_env.now(), ref,
                 ledger::GateEvent{date, ledger::GateOutcome::no_show, "", (*sc)->record.snapshot});
  if (!s) return std::move(s).error();
  auto p = prepare_statement(*s);
  if (!p) return std::move(p).error();
  return then(std::move(p).value(),
              [ref, direction = (*sc)->record.direction,
               category = (*sc)->record.category](Applied applied) -> Result<CheckinReport> {
                return CheckinReport{ref,   direction,     category,     "no-show",
                                     false, applied.state, applied.index};
              });
}

Result<std::uint64_t> Service::reexamination(const core::Date& date, const std::string& ref,
                                             const std::string& step, const std::string& note,
                                             const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_reexamination(date, ref, step, note, key.public_key()), key);
}

Result<Prepared<std::uint64_t>> Service::prepare_reexamination(const core::Date& date,
                                                               const std::string& ref,
                                                               const std::string& step,
                                                               const std::string& note,
                                                               const ledger::PublicKey& officer) {
  auto parsed_step = ledger::parse_reexam_step(step);
  if (!parsed_step) return core::invalid("step", "'" + step + "' is not ordered or recorded");
  auto s = draft(m_config, officer, m_env.now(), ref,
                 ledger::Reexamination{date, *parsed_step, std::nullopt});
  if (!s) return std::move(s).error();
  auto p = prepare_statement(*s, note);
  if (!p) return std::move(p).error();
  return then(std::move(p).value(),
              [](Applied applied) -> Result<std::uint64_t> { return applied.index; });
}

Result<DayReportInfo> Service::close_day(const core::Date& date, const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_close_day(date, key.public_key()), key);
}

Result<Prepared<DayReportInfo>> Service::prepare_close_day(const core::Date& date,
                                                           const ledger::PublicKey& officer) {
  // The report is what the store will hold once the no-shows are marked;
  // apply recomputes it in the writer and refuses any difference.
  auto db = reader();
  if (!db) return std::move(db).error();
  auto day = store::load_day(**db, date);
  if (!day) return std::move(day).error();
  if (!*day)
    return core::refuse("day-not-open", "the crossing was never opened on " + date.to_string());
  auto events = store::gate_events(**db, date);
  if (!events) return std::move(events).error();
  auto missing = detail::unaccounted(**db, date);
  if (!missing) return std::move(missing).error();
  const detail::ReportFields f = detail::report_fields_of(*events, *missing);
  const detail::ReportFields* fields = &f;
  auto report = report_of(date, *fields);
  if (!report) return std::move(report).error();
  auto s = draft(m_config, officer, m_env.now(), "", std::move(report).value());
  if (!s) return std::move(s).error();
  return prepare_report_statement(*s, date);
}

Result<DayReportInfo> Service::attest_day(const core::Date& date, const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_attest_day(date, key.public_key()), key);
}

Result<Prepared<DayReportInfo>> Service::prepare_attest_day(const core::Date& date,
                                                            const ledger::PublicKey& officer) {
  auto current = day_report(date);
  if (!current) return std::move(current).error();
  auto s = draft(m_config, officer, m_env.now(), "", ledger::Attestation{date, current->hash});
  if (!s) return std::move(s).error();
  return prepare_report_statement(*s, date);
}

Result<Prepared<DayReportInfo>> Service::prepare_report_statement(ledger::Statement s,
                                                                  const core::Date& date) {
  auto p = prepare_statement(std::move(s));
  if (!p) return std::move(p).error();
  return then(std::move(p).value(), [this, date](Applied applied) {
    auto info = day_report(date);
    if (info) info->index = applied.index;
    return info;
  });
}

Result<DayReportInfo> Service::day_report(const core::Date& date) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto report = store::load_day_report(**db, date);
  if (!report) return std::move(report).error();
  if (!*report)
    return core::make_error(Errc::not_found, "no report closes " + date.to_string() + " yet");
  DayReportInfo info;
  info.date = date;
  info.hash = (*report)->hash;
  info.reported_by = (*report)->party + "/" + (*report)->officer;
  info.reported_at = (*report)->at;
  info.attested_by = (*report)->attested_by;
  info.attested_at = (*report)->attested_at;
  // The signed report itself, from the log, and a recount from the log's
  // gate statements of the day: the case tables play no part.
  auto entries = store::log_entries_of_case(**db, "day " + date.to_string());
  if (!entries) return std::move(entries).error();
  std::optional<ledger::DayReport> signed_report;
  core::Capacity crossed;
  std::vector<std::string> turned_back, no_show;
  std::set<std::string> passed;  // crossed or turned back
  for (std::uint64_t idx : *entries) {
    auto note = store::log_entry(**db, idx);
    if (!note) return std::move(note).error();
    if (!*note)
      return core::make_error(Errc::internal, "log entry " + std::to_string(idx) + " is missing");
    auto parsed = parse_signed_statement(**note);
    if (!parsed) return std::move(parsed).error();
    const ledger::Statement& st = parsed->statement;
    if (const auto* r = st.as<ledger::DayReport>())
      if (r->day == date && parsed->text_hash == (*report)->hash) signed_report = *r;
    const auto* g = st.as<ledger::GateEvent>();
    if (!g || g->day != date) continue;
    if (g->outcome != ledger::GateOutcome::no_show) passed.insert(st.case_ref);
    if (g->outcome == ledger::GateOutcome::turned_back)
      turned_back.push_back(st.case_ref + ":" + g->reason);
    if (g->outcome == ledger::GateOutcome::no_show) no_show.push_back(st.case_ref);
    if (g->outcome != ledger::GateOutcome::crossed) continue;
    // The traveller's category and direction: their registration statement.
    auto theirs = store::log_entries_of_case(**db, st.case_ref);
    if (!theirs || theirs->empty())
      return core::make_error(Errc::internal, "no registration in the log for " + st.case_ref);
    auto reg = store::log_entry(**db, theirs->front());
    if (!reg || !*reg)
      return core::make_error(Errc::internal, "the log lacks entry of " + st.case_ref);
    // A registration statement, or a row of a registration batch.
    std::optional<std::pair<core::Direction, std::string>> registered;
    if (ledger::is_row_entry(**reg)) {
      if (auto row = ledger::parse_row(**reg)) registered = {row->direction, row->category};
    } else if (auto rp = parse_signed_statement(**reg); rp) {
      if (const auto* r = rp->statement.as<ledger::Registration>())
        registered = {r->direction, r->category};
    }
    if (!registered)
      return core::make_error(Errc::internal,
                              "the first entry of " + st.case_ref + " is not its registration");
    ++crossed.of(registered->first).places[registered->second];
  }
  if (!signed_report)
    return core::make_error(Errc::internal,
                            "the report of " + date.to_string() + " is not in the log");
  detail::ReportFields f{
      signed_report->crossed ? core::format_capacity(*signed_report->crossed) : "",
      {},
      signed_report->no_shows};
  for (const ledger::TurnBack& t : signed_report->turned_back)
    f.turned_back.push_back(t.ref + ":" + t.reason);
  fill_report(info, f);
  std::sort(turned_back.begin(), turned_back.end());
  std::sort(no_show.begin(), no_show.end());
  if (core::format_capacity(crossed) != f.crossed)
    info.log_differences.push_back("crossed: the log's gate statements give '" +
                                   core::format_capacity(crossed) + "', the report '" + f.crossed +
                                   "'");
  if (turned_back != f.turned_back)
    info.log_differences.push_back("turned back: the log's gate statements differ");
  // Every no-show the report lists is one the log does not show crossing;
  // the report itself is the statement that declares the end-of-day ones.
  for (const std::string& ref : no_show)
    if (std::find(f.no_show.begin(), f.no_show.end(), ref) == f.no_show.end())
      info.log_differences.push_back("no-show " + ref + " is in the log but not in the report");
  // And no one the report calls a no-show came through the gate that day.
  for (const std::string& ref : f.no_show)
    if (passed.count(ref))
      info.log_differences.push_back("the report lists " + ref +
                                     " as a no-show, but the log shows them at the gate");
  return info;
}

}  // namespace corridor::app
