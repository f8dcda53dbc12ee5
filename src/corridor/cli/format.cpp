#include <corridor/cli/format.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <set>
#include <sstream>

namespace corridor::cli {
namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& items, std::string_view sep = ",") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// "6 patients, 3 companions, 1 returnee": the medical and companion
// categories by their role, the others by their id.
std::string category_counts(const std::map<std::string, std::int64_t>& by_category) {
  std::vector<std::string> parts;
  auto take = [&](const std::string& cat, std::string_view one, std::string_view many) {
    auto it = by_category.find(cat);
    if (it == by_category.end()) return;
    parts.push_back(std::to_string(it->second) + " " + std::string(it->second == 1 ? one : many));
  };
  take("medical", "patient", "patients");
  take("companion", "companion", "companions");
  for (const auto& [cat, n] : by_category)
    if (cat != "medical" && cat != "companion") parts.push_back(std::to_string(n) + " " + cat);
  return join(parts, ", ");
}

std::string age_text(core::Timestamp since, core::Timestamp now) {
  const core::Timestamp h = (now - since) / 3600;
  return h < 48 ? std::to_string(h) + "h" : std::to_string(h / 24) + "d";
}

}  // namespace

void print_import(std::ostream& out, std::ostream& err, const app::ImportReport& rep,
                  bool dry_run) {
  for (const core::RowFlag& f : rep.flags)
    out << rep.file << ":" << f.row << ": flag " << f.flag.code << " (" << f.ref
        << "): " << f.flag.detail << "\n";
  for (const core::RowError& e : rep.errors)
    err << rep.file << ":" << e.row << ": " << (e.column.empty() ? "row" : e.column) << ": "
        << e.message << "\n";
  if (!rep.errors.empty()) {
    std::set<std::int64_t> rows;
    for (const auto& e : rep.errors) rows.insert(e.row);
    err << rep.file << ": " << rep.errors.size() << " error" << (rep.errors.size() == 1 ? "" : "s")
        << " in " << rows.size() << " row" << (rows.size() == 1 ? "" : "s")
        << "; nothing imported\n";
    return;
  }
  std::int64_t total = 0;
  for (const auto& [cat, n] : rep.by_category) total += n;
  out << (dry_run ? "dry run: would import " : "imported ") << total << " case"
      << (total == 1 ? "" : "s") << " (" << category_counts(rep.by_category) << "); "
      << rep.flags.size() << " flagged\n";
}

void print_cases(std::ostream& out, const std::vector<app::CaseSummary>& cases) {
  out << std::left << std::setw(22) << "REF" << std::setw(7) << "DIR" << std::setw(19) << "CATEGORY"
      << std::setw(12) << "URGENCY" << std::setw(11) << "STATE"
      << "PENDING\n";
  for (const app::CaseSummary& c : cases)
    out << std::setw(22) << c.ref << std::setw(7) << core::to_string(c.direction) << std::setw(19)
        << c.category << std::setw(12) << (c.urgency.empty() ? "-" : c.urgency) << std::setw(11)
        << core::to_string(c.state) << (c.pending.empty() ? "-" : join(c.pending)) << "\n";
  out << cases.size() << " case" << (cases.size() == 1 ? "" : "s") << "\n";
}

void print_case(std::ostream& out, const app::CaseDetail& c, core::Timestamp now) {
  const core::CaseRecord& r = c.record;
  const core::Person& p = r.person;
  out << "case " << r.ref << "  " << core::to_string(r.direction) << "/" << r.category
      << (r.urgency.empty() ? "" : "  urgency " + r.urgency) << "\n"
      << "state " << core::to_string(c.view.state) << "\n"
      << "person  " << p.name_en << (p.name_ar.empty() ? "" : " / " + p.name_ar) << "\n"
      << "        national_id " << (p.national_id.empty() ? "-" : p.national_id) << "  passport "
      << (p.passport_no.empty() ? "-" : p.passport_no) << "  born " << p.date_of_birth.to_string()
      << (c.child ? " (child)" : "") << "  sex " << core::to_string(p.sex) << "  nationality "
      << p.nationality << "\n";
  if (!r.diagnosis.empty()) out << "diagnosis " << r.diagnosis << "\n";
  if (!r.group_ref.empty()) out << "group   companion of " << r.group_ref << "\n";
  if (!c.companions.empty()) out << "group   companions " << join(c.companions, ", ") << "\n";
  for (const core::Flag& f : r.flags) out << "flag    " << f.code << ": " << f.detail << "\n";
  if (c.scheduled_on) out << "scheduled on the list of " << c.scheduled_on->to_string() << "\n";
  if (c.priority)
    out << "priority " << c.priority->total() << " = urgency " << c.priority->urgency
        << " + waiting " << c.priority->waiting << " (" << c.priority->days_waiting
        << " days) + child " << c.priority->child << "  (docs/policy.md)\n";
  out << "snapshot " << core::to_hex(r.snapshot) << "\n\nstages\n";
  for (const core::StageView& s : c.view.stages) {
    out << "  " << std::left << std::setw(14) << s.def->id << std::setw(7) << s.def->party
        << std::setw(10) << core::to_string(s.status);
    if (s.actionable())
      out << "for " << age_text(s.since, now) << (s.overdue(now) ? " OVERDUE" : "");
    if (s.expires_at) out << "valid until " << core::format_timestamp(*s.expires_at);
    out << "\n";
  }
  out << "\ndecisions\n";
  for (const core::Decision& d : c.decisions)
    out << "  " << core::format_timestamp(d.at) << "  " << d.stage << "  " << d.party << "/"
        << d.officer << "  " << core::to_string(d.outcome)
        << (d.reason.empty() ? "" : " (" + d.reason + ")")
        << (d.note.empty() ? "" : "  \"" + d.note + "\"") << "\n";
  if (c.closure)
    out << "\nclosed  " << core::to_string(c.closure->kind) << " by " << c.closure->party << "/"
        << c.closure->officer << " at " << core::format_timestamp(c.closure->at) << "\n";
}

namespace {

std::string num(std::int64_t n) {
  std::string s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), 1, ',');
  if (n < 0) s.insert(s.begin(), '-');
  return s;
}

std::int64_t at(const std::map<std::string, std::int64_t>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

void print_waiting(std::ostream& out, const app::Stats& s, const core::Config& config) {
  out << "Waiting: " << num(s.waiting) << " open cases (" << num(s.waiting_children)
      << " children under " << config.crossing.child_age << ")\n"
      << "  " << std::left << std::setw(22) << "category" << std::right << std::setw(10) << "cases"
      << std::setw(10) << "children\n";
  for (const core::CategoryDef& c : config.categories)
    out << "  " << std::left << std::setw(22) << c.id << std::right << std::setw(10)
        << num(at(s.waiting_by_category, c.id)) << std::setw(10)
        << num(at(s.children_by_category, c.id)) << "\n";
  out << "  " << std::left << std::setw(22) << "medical, by urgency"
      << "\n";
  for (const std::string& u : config.urgencies)
    out << "    " << std::left << std::setw(20) << u << std::right << std::setw(10)
        << num(at(s.waiting_by_urgency, u)) << std::setw(10) << num(at(s.children_by_urgency, u))
        << "\n";
}

void print_pending(std::ostream& out, const app::Stats& s) {
  out << "\nPending decisions\n  " << std::left << std::setw(16) << "stage" << std::setw(8)
      << "party" << std::right << std::setw(10) << "pending" << std::setw(10) << "overdue"
      << std::setw(10) << "oldest" << std::setw(10) << "returned"
      << "\n";
  for (const app::StageLoad& l : s.pending)
    out << "  " << std::left << std::setw(16) << l.stage << std::setw(8) << l.party << std::right
        << std::setw(10) << num(l.pending) << std::setw(10) << num(l.overdue) << std::setw(10)
        << (l.oldest_since ? age_text(*l.oldest_since, s.now) : "-") << std::setw(10)
        << num(l.returned) << "\n";
}

void print_outcomes(std::ostream& out, const app::Stats& s) {
  out << "\nCleared: " << num(s.cleared) << "\nDenied: " << num(s.denied) << "\n";
  for (const auto& [reason, n] : s.denied_by_reason)
    out << "  " << std::left << std::setw(34) << reason << std::right << std::setw(8) << num(n)
        << "\n";
  out << "Scheduled: " << num(s.scheduled) << "\n"
      << "Crossed: " << num(s.crossed) << "\n"
      << "Turned back: " << num(s.turned_back) << "\n"
      << "Withdrawn: " << num(s.withdrawn) << "\n"
      << "Died while waiting: " << num(s.deceased) << "\n";
  const std::size_t shown = std::min<std::size_t>(s.deaths_by_date.size(), 7);
  for (std::size_t i = s.deaths_by_date.size() - shown; i < s.deaths_by_date.size(); ++i)
    out << "  " << s.deaths_by_date[i].first << std::right << std::setw(8)
        << num(s.deaths_by_date[i].second) << "\n";
}

}  // namespace

// Crossings per day since a date, against capacity; no-shows; the time
// from referral to crossing.
void print_crossings(std::ostream& out, const app::Stats& s) {
  out << "\nCrossings" << (s.since ? " since " + s.since->to_string() : std::string()) << ": "
      << num(s.crossed_since) << " travellers on " << s.days.size() << " days\n";
  if (s.days.empty()) return;
  out << "  date        status     crossed capacity no-show turned  by direction/category\n";
  for (const app::Stats::Day& d : s.days) {
    out << "  " << d.date.to_string() << "  " << std::left << std::setw(10) << d.status
        << std::right << std::setw(8) << num(d.crossed_total) << std::setw(9) << num(d.capacity)
        << std::setw(8) << num(d.no_shows) << std::setw(7) << num(d.turned_back) << " ";
    for (const auto& [k, n] : d.crossed) out << " " << k << " " << n;
    out << "\n";
  }
  auto pct = [](std::int64_t a, std::int64_t b) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(1) << (b ? 100.0 * a / b : 0.0) << "%";
    return o.str();
  };
  out << "  utilisation " << pct(s.crossed_since, s.capacity_since) << " of "
      << num(s.capacity_since) << " places; no-shows " << pct(s.no_shows_since, s.expected_since)
      << " of " << num(s.expected_since) << " listed\n";
  if (s.days_to_cross_median)
    out << "  referral to crossing: median " << *s.days_to_cross_median << " days, p90 "
        << *s.days_to_cross_p90 << " days\n";
}

void print_stats(std::ostream& out, const app::Stats& s, const core::Config& config) {
  out << config.crossing.name << " - " << s.today.to_string() << " (" << config.crossing.time_zone
      << ") - " << num(s.cases) << " cases\n\n";
  print_waiting(out, s, config);
  out << "  by state:";
  for (const auto& [state, n] : s.by_state) out << " " << state << " " << num(n) << ";";
  out << "\n";
  print_pending(out, s);
  print_outcomes(out, s);
  print_crossings(out, s);
}

}  // namespace corridor::cli
