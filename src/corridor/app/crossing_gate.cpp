// Service: the gate (docs/crossing.md): finding a traveller by the
// document presented, check-ins, no-shows, re-examinations, closing a day
// with its report and attesting it. Like crossing.cpp, each change is drafted
// here and applied by crossing_apply_gate.cpp, which makes every check
// again inside the writer.

#include <corridor/app/apply.hpp>
#include <corridor/app/crossing_apply.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/public_form.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/core/day_report.hpp>
#include <corridor/core/gate.hpp>
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
#include <utility>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

// The report's fields as a statement carries them, and back.
void fill_report(DayReportInfo& info, const core::ReportFields& f) {
  if (auto c = core::parse_capacity(f.crossed)) info.crossed = *c;
  for (const std::string& item : f.turned_back) {
    auto colon = item.rfind(':');
    info.turned_back.emplace_back(item.substr(0, colon),
                                  colon == std::string::npos ? "" : item.substr(colon + 1));
  }
  info.no_show = f.no_show;
}

// The day-report statement of report fields.
Result<ledger::DayReport> report_statement(const core::Date& date, const core::ReportFields& f) {
  ledger::DayReport r{date, std::nullopt, {}, f.no_show};
  if (!f.crossed.empty()) {
    auto crossed = core::parse_capacity(f.crossed);
    if (!crossed) return std::move(crossed).error();
    r.crossed = *crossed;
  }
  for (const std::string& item : f.turned_back) {
    const auto colon = item.rfind(':');
    r.turned_back.push_back({item.substr(0, colon), item.substr(colon + 1)});
  }
  return r;
}

// The '<'-separated parts of an MRZ optional data field.
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

// The MRZ a request presents, checked; nullopt for a typed ID number.
Result<std::optional<core::Mrz>> read_mrz(const CheckinRequest& req) {
  if (!req.mrz) {
    if (!req.national_id)
      return core::make_error(Errc::usage, "give the traveller's ID number or MRZ");
    return std::optional<core::Mrz>{};
  }
  auto parsed = core::parse_mrz(*req.mrz);
  if (!parsed) return std::move(parsed).error();
  if (!parsed->valid()) {
    core::Error e = core::make_error(Errc::bad_input, "the MRZ's check digits fail");
    for (const core::MrzCheck& c : parsed->checks)
      if (!c.ok) e.details.push_back(c.field + ": found " + c.found + ", computed " + c.computed);
    return e;
  }
  return std::optional<core::Mrz>{std::move(parsed).value()};
}

// The numbers a document may be listed by. An ID card may carry the
// national ID in its optional data.
std::vector<std::string> document_numbers(const CheckinRequest& req,
                                          const std::optional<core::Mrz>& mrz) {
  std::vector<std::string> numbers;
  if (!mrz) {
    numbers.push_back(*req.national_id);
    return numbers;
  }
  numbers.push_back(mrz->field("document_number"));
  for (const char* f : {"optional_data_1", "optional_data_2", "personal_number"})
    for (std::string part : split_fillers(mrz->field(f))) numbers.push_back(std::move(part));
  return numbers;
}

// Where the document presented differs from the approved identity: the
// MRZ's fields, or the name and date of birth typed in with an ID number.
std::vector<core::IdentityDifference> identity_differences(const CheckinRequest& req,
                                                           const std::optional<core::Mrz>& mrz,
                                                           const core::Person& p) {
  if (mrz) return core::identity_differences(*mrz, p);
  std::vector<core::IdentityDifference> out;
  if (req.date_of_birth && *req.date_of_birth != p.date_of_birth)
    out.push_back({"date_of_birth", req.date_of_birth->to_string(), p.date_of_birth.to_string()});
  if (req.name && name_tokens(*req.name) != name_tokens(p.name_en))
    out.push_back({"name", *req.name, p.name_en});
  return out;
}

// The direction and category of a case, from its registration: the first
// log entry naming it.
Result<ledger::Registration> registration_of(store::Database& db, const std::string& ref) {
  auto theirs = store::log_entries_of_case(db, ref);
  if (!theirs || theirs->empty())
    return core::make_error(Errc::internal, "no registration in the log for " + ref);
  auto reg = store::log_entry(db, theirs->front());
  if (!reg || !*reg) return core::make_error(Errc::internal, "the log lacks entry of " + ref);
  // A registration statement, or a row of a registration batch.
  if (ledger::is_row_entry(**reg)) {
    if (auto row = ledger::parse_row(**reg)) {
      ledger::Registration r;
      r.direction = row->direction;
      r.category = row->category;
      return r;
    }
  } else if (auto rp = parse_signed_statement(**reg); rp) {
    if (const auto* r = rp->statement.as<ledger::Registration>()) return *r;
  }
  return core::make_error(Errc::internal, "the first entry of " + ref + " is not its registration");
}

// A day's report as signed, and a recount from the log's gate statements of
// the day: the case tables play no part.
struct LogRecount {
  core::ReportFields signed_report;
  core::ReportFields recount;    // no_show: only the gate's own no-show statements
  std::set<std::string> passed;  // crossed or turned back
};

Result<LogRecount> recount_from_log(store::Database& db, const core::Config& config,
                                    const core::Date& date, const core::Hash256& report_hash) {
  auto entries = store::log_entries_of_case(db, "day " + date.to_string());
  if (!entries) return std::move(entries).error();
  LogRecount out;
  std::optional<ledger::DayReport> signed_report;
  core::Capacity crossed;
  for (std::uint64_t idx : *entries) {
    auto note = store::log_entry(db, idx);
    if (!note) return std::move(note).error();
    if (!*note)
      return core::make_error(Errc::internal, "log entry " + std::to_string(idx) + " is missing");
    auto parsed = parse_signed_statement(**note);
    if (!parsed) return std::move(parsed).error();
    // Refs and reason codes, as the report shown compares them.
    auto resolved = to_private_form(db, config, parsed->statement, false);
    if (!resolved) return std::move(resolved).error();
    const ledger::Statement& st = *resolved;
    if (const auto* r = st.as<ledger::DayReport>())
      if (r->day == date && parsed->text_hash == report_hash) signed_report = *r;
    const auto* g = st.as<ledger::GateEvent>();
    if (!g || g->day != date) continue;
    if (g->outcome != ledger::GateOutcome::no_show) out.passed.insert(st.case_ref);
    if (g->outcome == ledger::GateOutcome::turned_back)
      out.recount.turned_back.push_back(st.case_ref + ":" + g->reason);
    if (g->outcome == ledger::GateOutcome::no_show) out.recount.no_show.push_back(st.case_ref);
    if (g->outcome != ledger::GateOutcome::crossed) continue;
    auto registration = registration_of(db, st.case_ref);
    if (!registration) return std::move(registration).error();
    ++crossed.of(registration->direction).places[registration->category];
  }
  if (!signed_report)
    return core::make_error(Errc::internal,
                            "the report of " + date.to_string() + " is not in the log");
  out.signed_report = {signed_report->crossed ? core::format_capacity(*signed_report->crossed) : "",
                       {},
                       signed_report->no_shows};
  for (const ledger::TurnBack& t : signed_report->turned_back)
    out.signed_report.turned_back.push_back(t.ref + ":" + t.reason);
  out.recount.crossed = core::format_capacity(crossed);
  std::sort(out.recount.turned_back.begin(), out.recount.turned_back.end());
  std::sort(out.recount.no_show.begin(), out.recount.no_show.end());
  return out;
}

// The report as signed, and where the log's own statements differ from it.
void compare_with_log(DayReportInfo& info, const LogRecount& r) {
  const core::ReportFields& f = r.signed_report;
  fill_report(info, f);
  if (r.recount.crossed != f.crossed)
    info.log_differences.push_back("crossed: the log's gate statements give '" + r.recount.crossed +
                                   "', the report '" + f.crossed + "'");
  if (r.recount.turned_back != f.turned_back)
    info.log_differences.push_back("turned back: the log's gate statements differ");
  // Every no-show the report lists is one the log does not show crossing;
  // the report itself is the statement that declares the end-of-day ones.
  for (const std::string& ref : r.recount.no_show)
    if (std::find(f.no_show.begin(), f.no_show.end(), ref) == f.no_show.end())
      info.log_differences.push_back("no-show " + ref + " is in the log but not in the report");
  // And no one the report calls a no-show came through the gate that day.
  for (const std::string& ref : f.no_show)
    if (r.passed.count(ref))
      info.log_differences.push_back("the report lists " + ref +
                                     " as a no-show, but the log shows them at the gate");
}

}  // namespace

Result<Traveller> Service::find_traveller(const CheckinRequest& req) {
  auto db = reader();
  if (!db) return std::move(db).error();
  auto mrz = read_mrz(req);
  if (!mrz) return std::move(mrz).error();
  // The traveller: on one of the day's lists, by the document presented.
  std::optional<store::StoredCase> found;
  std::vector<core::IdentityDifference> differences;
  for (const std::string& number : document_numbers(req, *mrz)) {
    if (number.empty()) continue;
    auto refs = store::on_lists_by_document(**db, req.date, number);
    if (!refs) return std::move(refs).error();
    for (const std::string& ref : *refs) {
      auto sc = store::load_case(**db, ref);
      if (!sc) return std::move(sc).error();
      if (!*sc) continue;
      differences = identity_differences(req, *mrz, (*sc)->record.person);
      if (std::any_of(differences.begin(), differences.end(),
                      [](const auto& x) { return x.field == "document_number"; }))
        continue;
      found = std::move(**sc);
      break;
    }
    if (found) break;
  }
  if (!found) {
    // A typo in a national ID is told as such. Only once nothing matched:
    // a registered ID may fail its digit (flagged at import, not refused).
    if (!*mrz)
      if (auto digit = core::check_document_number(*req.national_id); !digit)
        return std::move(digit).error();
    return core::refuse("not-on-manifest", "no traveller with this document is on a manifest of " +
                                               req.date.to_string());
  }
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
  auto report = report_statement(date, core::report_of(*events, *missing));
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
  auto recount = recount_from_log(**db, m_config, date, (*report)->hash);
  if (!recount) return std::move(recount).error();
  compare_with_log(info, *recount);
  return info;
}

}  // namespace corridor::app
