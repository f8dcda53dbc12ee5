#include <corridor/cli/crossing_commands.hpp>

#include <corridor/api/json.hpp>
#include <corridor/app/service.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/exit_codes.hpp>
#include <corridor/cli/remote.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <iterator>

namespace corridor::cli {
namespace {

using api::capacity_json;
using api::day_json;
using api::manifest_json;
using api::report_json;
using nlohmann::json;

// The database, or a server (exactly one; check_target).
void db(CLI::App& app, Args& a) {
  app.add_option("--db", a.db, "The deployment database (made by corridor init)");
  app.add_option("--server", a.server,
                 "A Corridor server's URL (http://HOST:PORT), instead of --db; the password "
                 "comes from CORRIDOR_PASSWORD or standard input");
}

// For a command that only reads: with --server, the account it signs in as.
void reader_key(CLI::App& app, Args& a) {
  app.add_option("--key", a.key,
                 "With --server: the officer's key file; its officer's account signs in");
}

void date(CLI::App& app, Args& a, const char* what = "The crossing day, YYYY-MM-DD") {
  app.add_option("--date", a.date, what)->required();
}

void direction(CLI::App& app, Args& a) {
  app.add_option("--direction", a.direction, "exit or entry")
      ->required()
      ->check(CLI::IsMember({"exit", "entry"}));
}

void key(CLI::App& app, Args& a) {
  app.add_option("--key", a.key,
                 "The officer's private key file; the statement is signed here, in this process")
      ->required();
  app.add_option("--log-key", a.log_key, "The log key file, if not the one init recorded");
}

// A usage error: the exit code and a message naming the option.
struct Usage {
  std::string message;
};

core::Date parse_day(const std::string& text, const char* option) {
  auto d = core::parse_date(text);
  if (!d) throw Usage{std::string(option) + ": not a date YYYY-MM-DD: " + text};
  return *d;
}

std::optional<core::Date> parse_day(const std::optional<std::string>& text, const char* option) {
  if (!text) return std::nullopt;
  return parse_day(*text, option);
}

core::Direction parse_dir(const std::optional<std::string>& text) {
  auto d = text ? core::parse_direction(*text) : std::nullopt;
  if (!d) throw Usage{"--direction: exit or entry"};
  return *d;
}

// Runs a command body, turning a Usage into exit 64.
template <class Fn>
int guarded(const Args& a, Io& io, Fn fn) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  try {
    return fn();
  } catch (const Usage& u) {
    io.err << "corridor: " << u.message << "\n";
    return k_exit_usage;
  }
}

// Runs `fn(svc, key)` with the officer's key read first.
template <class Fn>
int signed_command(const Args& a, Io& io, Fn fn) {
  auto k = signing_key(a);
  if (!k) return fail(io, k.error());
  return with_service(a, io, [&](app::Service& svc) { return fn(svc, *k); });
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// --- crossing ---------------------------------------------------------------

void print_day(std::ostream& out, const app::DayInfo& d) {
  out << d.date.to_string() << "  " << std::left << std::setw(10) << d.status << std::right;
  if (d.status == "pending") out << "  awaiting " << join(d.awaiting);
  if (d.status == "open" || d.status == "pending")
    out << "  capacity " << core::format_capacity(d.capacity);
  if (d.gate_closed) out << "  gate closed";
  if (!d.reason.empty()) out << "  (" << d.reason << ")";
  out << "\n";
  for (const auto& e : d.events)
    out << "    " << core::format_timestamp(e.at) << "  " << e.action << " by " << e.party << "/"
        << e.officer << ": " << e.reason << "\n";
}

// A crossing change over --server; the days as the API gives them.
int remote_crossing(const Args& a, Io& io) {
  json body{{"action", a.sub}, {"date", a.date}, {"reason", a.reason}};
  if (a.until) body["until"] = *a.until;
  if (a.capacity) body["capacity"] = *a.capacity;
  return with_remote(a, io, [&](Remote& r) { return r.change("/api/v1/days", body); });
}

}  // namespace

void declare_crossing(CLI::App& app, Args& a) {
  app.require_subcommand(1);
  for (const char* action : {"open", "suspend", "close"}) {
    const char* summary = std::string_view(action) == "open"
                              ? "Sign the opening of crossing days (every party the config "
                                "names must sign before a day is open)"
                          : std::string_view(action) == "suspend"
                              ? "Suspend crossing days: their travellers go back to the queue, "
                                "places kept"
                              : "Close crossing days (as suspend, for a closure)";
    CLI::App* s = sub(app, a, action, summary);
    db(*s, a);
    date(*s, a, "The first day, YYYY-MM-DD (in the crossing's time zone)");
    s->add_option("--until", a.until, "The last day, if more than one (inclusive)");
    s->add_option("--reason", a.reason,
                  "Why (public: it goes into the log as written; one line, at most 200 bytes, "
                  "no personal data)")
        ->required();
    key(*s, a);
    if (std::string_view(action) == "open")
      s->add_option("--capacity", a.capacity,
                    "The day's capacities, e.g. exit/medical=50,exit/companion=100,entry/total=50 "
                    "(default: the config's [capacity])");
    s->add_flag("--json", a.json, "Print JSON");
  }
  CLI::App* list = sub(app, a, "list", "The calendar: each day's status, reasons, signatures");
  db(*list, a);
  reader_key(*list, a);
  list->add_option("--from", a.from, "First day (with --to: every day of the range)");
  list->add_option("--to", a.to, "Last day");
  list->add_flag("--json", a.json, "Print JSON");
}

int run_crossing(const Args& a, Io& io) {
  return guarded(a, io, [&]() -> int {
    auto print = [&](const std::vector<app::DayInfo>& days) {
      if (a.json) {
        json j = json::array();
        for (const auto& d : days) j.push_back(day_json(d));
        io.out << j.dump(2) << "\n";
      } else {
        for (const auto& d : days) print_day(io.out, d);
      }
      return k_exit_ok;
    };
    if (a.sub == "list") {
      auto from = parse_day(a.from, "--from");
      auto to = parse_day(a.to, "--to");
      if (a.server)
        return with_remote(a, io, [&](Remote& r) {
          return r.get(with_query("/api/v1/days", {{"from", a.from}, {"to", a.to}}));
        });
      return with_service(
          a, io,
          [&](app::Service& svc) {
            auto days = svc.days(from, to);
            if (!days) return fail(io, days.error());
            return print(*days);
          },
          Access::read);
    }
    app::CrossingChange change;
    change.action = a.sub;
    change.from = parse_day(a.date, "--date");
    change.until = parse_day(a.until, "--until");
    if (change.until && *change.until < change.from) throw Usage{"--until is before --date"};
    change.reason = a.reason;
    if (a.capacity) {
      auto cap = core::parse_capacity(*a.capacity);
      if (!cap) throw Usage{"--capacity: " + cap.error().message};
      change.capacity = *cap;
    }
    if (a.server) return remote_crossing(a, io);
    return signed_command(a, io, [&](app::Service& svc, const ledger::PrivateKey& k) {
      auto days = svc.change_crossing(change, k);
      if (!days) return fail(io, days.error());
      return print(*days);
    });
  });
}

// --- manifest ---------------------------------------------------------------

namespace {

// `manifest build`: the list with each score, then why the others are not
// on it (counted by reason, and the first few by name of case).
void print_built(std::ostream& out, const app::ManifestReport& m) {
  out << "manifest " << m.date.to_string() << " " << core::to_string(m.direction) << ": "
      << std::count_if(m.lines.begin(), m.lines.end(), [](const auto& l) { return !l.standby; })
      << " travellers";
  for (const auto& [c, n] : m.counts) out << ", " << c << " " << n << "/" << m.capacity.of(c);
  if (m.capacity.total) out << " (total cap " << *m.capacity.total << ")";
  if (m.max_travellers) out << " (in = out cap " << *m.max_travellers << ")";
  out << "\n";
  out << std::right << std::setw(5) << "order"
      << "  " << std::left << std::setw(22) << "ref" << std::setw(20) << "category" << std::right
      << std::setw(7) << "score"
      << "  urgency+waiting+child\n";
  for (const auto& l : m.lines)
    out << std::right << std::setw(5) << l.order << "  " << std::left << std::setw(22)
        << (l.group_ref.empty() ? l.ref : "  " + l.ref) << std::setw(20)
        << (l.standby ? l.category + " (standby)" : l.category) << std::right << std::setw(7)
        << l.priority.total() << "  " << l.priority.urgency << "+" << l.priority.waiting << "+"
        << l.priority.child << " (" << l.priority.days_waiting << " days)\n";
  std::map<std::string, int> by_reason;
  for (const auto& n : m.not_chosen) ++by_reason[n.reason];
  out << "not chosen: " << m.not_chosen.size() << "\n";
  for (const auto& [r, n] : by_reason) out << "  " << std::left << std::setw(24) << r << n << "\n";
  constexpr std::size_t k_shown = 20;
  for (std::size_t i = 0; i < m.not_chosen.size() && i < k_shown; ++i) {
    const auto& n = m.not_chosen[i];
    out << "  " << std::left << std::setw(22) << n.ref << n.reason
        << (n.detail.empty() ? "" : ": " + n.detail) << "\n";
  }
  if (m.not_chosen.size() > k_shown)
    out << "  ... (--json lists all " << m.not_chosen.size() << ")\n";
  if (!m.awaiting.empty()) out << "awaiting approval by " << join(m.awaiting) << "\n";
}

// RFC 4180: quote a field holding a comma, quote or line break.
std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The published list's CSV (as print_published) from the API's manifest.
void print_published_csv(std::ostream& out, const json& m) {
  out << "order,ref,group_ref,category,name_en,name_ar,id_last4\r\n";
  for (const json& l : m.value("travellers", json::array()))
    out << l.value("order", 0) << "," << csv_field(l.value("ref", "")) << ","
        << csv_field(l.value("group_ref", "")) << "," << csv_field(l.value("category", "")) << ","
        << csv_field(l.value("name_en", "")) << "," << csv_field(l.value("name_ar", "")) << ","
        << csv_field(l.value("id_last4", "")) << "\r\n";
}

// A manifest command over --server: JSON, or the published CSV for
// `show --format csv`.
int remote_manifest(const Args& a, Io& io) {
  const std::string path =
      "/api/v1/manifests/" + path_segment(a.date) + "/" + path_segment(a.direction.value_or(""));
  if (a.sub != "show" || a.format != "csv")
    return with_remote(a, io, [&](Remote& r) -> core::Result<json> {
      if (a.sub == "show") return r.get(path);
      if (a.sub == "plan") return r.get(path + "/plan");
      if (a.sub == "build") return r.change(path, json::object());
      return r.change(path + "/approval", json::object());
    });
  auto remote = connect(a, io);
  if (!remote) return fail(io, remote.error());
  auto m = (*remote)->get(path);
  if (!m) return fail(io, m.error());
  print_published_csv(io.out, *m);
  return k_exit_ok;
}

void print_published(std::ostream& out, const app::ManifestReport& m, const std::string& format) {
  if (format == "csv") {
    out << "order,ref,group_ref,category,name_en,name_ar,id_last4\r\n";
    for (const auto& l : m.lines)
      out << l.order << "," << csv_field(l.ref) << "," << csv_field(l.group_ref) << ","
          << csv_field(l.category) << "," << csv_field(l.name_en) << "," << csv_field(l.name_ar)
          << "," << csv_field(l.id_last4) << "\r\n";
    return;
  }
  out << "manifest " << m.date.to_string() << " " << core::to_string(m.direction);
  if (m.awaiting.empty())
    out << "  approved by " << join(m.approved_by) << "\n";
  else
    out << "  awaiting approval by " << join(m.awaiting) << "\n";
  for (const auto& l : m.lines)
    out << std::right << std::setw(4) << l.order << "  " << std::left << std::setw(20) << l.ref
        << std::setw(20) << l.group_ref << std::setw(20)
        << (l.standby ? l.category + " (standby)" : l.category) << "****" << l.id_last4 << "  "
        << l.name_en << "  " << l.name_ar << "\n";
}

}  // namespace

void declare_manifest(CLI::App& app, Args& a) {
  app.require_subcommand(1);
  CLI::App* build = sub(app, a, "build",
                        "Fill the day's capacity by the priority policy and sign the list (the "
                        "operator); says why every other eligible case is not on it");
  db(*build, a);
  date(*build, a);
  direction(*build, a);
  key(*build, a);
  build->add_flag("--json", a.json, "Print JSON (every case not chosen, with its reason)");
  CLI::App* plan = sub(app, a, "plan", "What `build` would give now, without signing anything");
  db(*plan, a);
  date(*plan, a);
  direction(*plan, a);
  plan->add_flag("--json", a.json, "Print JSON");
  reader_key(*plan, a);
  CLI::App* approve =
      sub(app, a, "approve", "Approve the day's current manifest (a party the config names)");
  db(*approve, a);
  date(*approve, a);
  direction(*approve, a);
  key(*approve, a);
  approve->add_flag("--json", a.json, "Print JSON");
  CLI::App* show = sub(app, a, "show",
                       "Print the manifest; --format csv is the published daily list (IDs "
                       "masked to their last 4 digits, standby after the main list)");
  db(*show, a);
  date(*show, a);
  direction(*show, a);
  show->add_option("--format", a.format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  reader_key(*show, a);
}

int run_manifest(const Args& a, Io& io) {
  return guarded(a, io, [&]() -> int {
    const core::Date day = parse_day(a.date, "--date");
    const core::Direction dir = parse_dir(a.direction);
    if (a.server) return remote_manifest(a, io);
    auto report = [&](const core::Result<app::ManifestReport>& m, bool built) {
      if (!m) return fail(io, m.error());
      if (a.json)
        io.out << manifest_json(*m).dump(2) << "\n";
      else if (built)
        print_built(io.out, *m);
      else
        print_published(io.out, *m, "table");
      return k_exit_ok;
    };
    if (a.sub == "show" || a.sub == "plan")
      return with_service(
          a, io,
          [&](app::Service& svc) {
            if (a.sub == "plan") return report(svc.plan_manifest(day, dir), true);
            auto m = svc.manifest(day, dir);
            if (!m) return fail(io, m.error());
            if (a.format == "json")
              io.out << manifest_json(*m).dump(2) << "\n";
            else
              print_published(io.out, *m, a.format);
            return k_exit_ok;
          },
          Access::read);
    return signed_command(a, io, [&](app::Service& svc, const ledger::PrivateKey& k) {
      if (a.sub == "build") return report(svc.build_manifest(day, dir, k), true);
      return report(svc.approve_manifest(day, dir, k), false);
    });
  });
}

// --- gate -------------------------------------------------------------------

namespace {

void print_report(std::ostream& out, const app::DayReportInfo& r) {
  out << "day " << r.date.to_string() << "  reported by " << r.reported_by << " at "
      << core::format_timestamp(r.reported_at) << "\n";
  out << "  attested: "
      << (r.attested_by ? *r.attested_by + " at " + core::format_timestamp(*r.attested_at)
                        : std::string("not yet (corridor gate attest, by the monitor)"))
      << "\n";
  for (core::Direction d : {core::Direction::exit, core::Direction::entry}) {
    std::int64_t total = 0;
    for (const auto& [c, n] : r.crossed.of(d).places) total += n;
    out << "  crossed " << core::to_string(d) << ": " << total;
    for (const auto& [c, n] : r.crossed.of(d).places) out << ", " << c << " " << n;
    out << "\n";
  }
  out << "  turned back: " << r.turned_back.size() << "\n";
  for (const auto& [ref, why] : r.turned_back) out << "    " << ref << "  " << why << "\n";
  out << "  no-shows: " << r.no_show.size()
      << (r.no_show.empty() ? "" : " (" + join(r.no_show) + ")") << "\n";
  if (r.log_differences.empty())
    out << "  the counts agree with the log's gate statements\n";
  else
    for (const auto& d : r.log_differences) out << "  DIFFERS FROM THE LOG: " << d << "\n";
}

int print_checkin(Io& io, const Args& a, const core::Result<app::CheckinReport>& r) {
  if (!r) return fail(io, r.error());
  if (a.json) {
    io.out << json{{"ref", r->ref},           {"direction", core::to_string(r->direction)},
                   {"category", r->category}, {"outcome", r->outcome},
                   {"standby", r->standby},   {"state", core::to_string(r->state)},
                   {"log_index", r->index}}
                  .dump(2)
           << "\n";
  } else {
    io.out << r->ref << ": " << r->outcome << (r->standby ? " (from the standby list)" : "")
           << " — " << core::to_string(r->direction) << ", " << r->category << ", now "
           << core::to_string(r->state) << " (log entry " << r->index << ")\n";
  }
  return k_exit_ok;
}

// A gate command but checkin over --server: the API's JSON; the report's
// exit status as the local one's (65 if it differs from the log).
int remote_gate(const Args& a, Io& io) {
  const std::string day = "/api/v1/gate/" + path_segment(a.date);
  if (a.sub == "report") {
    auto remote = connect(a, io);
    if (!remote) return fail(io, remote.error());
    auto r = (*remote)->get(day + "/report");
    if (!r) return fail(io, r.error());
    io.out << r->dump(2) << "\n";
    return r->value("log_differences", json::array()).empty() ? k_exit_ok : k_exit_data;
  }
  return with_remote(a, io, [&](Remote& r) -> core::Result<json> {
    if (a.sub == "no-show") return r.change(day + "/no-shows", {{"ref", a.ref}});
    if (a.sub == "reexamine" || a.sub == "reexamined") {
      json body{{"ref", a.ref}, {"step", a.sub == "reexamine" ? "ordered" : "recorded"}};
      if (!a.note.empty()) body["note"] = a.note;
      return r.change(day + "/reexaminations", body);
    }
    if (a.sub == "close-day") return r.change(day + "/close", json::object());
    return r.change(day + "/attestation", json::object());
  });
}

int remote_checkin(const Args& a, Io& io, const app::CheckinRequest& req) {
  json body = json::object();
  if (req.mrz) body["mrz"] = *req.mrz;
  if (req.national_id) body["id"] = *req.national_id;
  if (req.name) body["name"] = *req.name;
  if (req.date_of_birth) body["date_of_birth"] = req.date_of_birth->to_string();
  if (!req.outcome.empty()) body["outcome"] = req.outcome;
  if (!req.reason.empty()) body["reason"] = req.reason;
  return with_remote(a, io, [&](Remote& r) {
    return r.change("/api/v1/gate/" + path_segment(a.date) + "/checkins", body);
  });
}

}  // namespace

void declare_gate(CLI::App& app, Args& a) {
  app.require_subcommand(1);
  CLI::App* in = sub(app, a, "checkin",
                     "Check a traveller in against the approved manifest: by ID number or by "
                     "the document's MRZ (name, birth date and document number must match)");
  db(*in, a);
  date(*in, a);
  auto* id = in->add_option("--id", a.national_id, "The ID (or passport) number presented");
  auto* mrz = in->add_option("--mrz", a.mrz, "A file holding the document's MRZ ('-': stdin)");
  id->excludes(mrz);
  in->add_option("--name", a.holder_name, "With --id: the name on the document, checked too");
  in->add_option("--dob", a.dob, "With --id: the date of birth on the document, checked too");
  in->add_option("--turn-back", a.turn_back,
                 "Record the traveller as turned back, with this reason code (config [gate])");
  key(*in, a);
  in->add_flag("--json", a.json, "Print JSON");
  CLI::App* noshow = sub(app, a, "no-show",
                         "Mark a main-list traveller as not showing before closing, freeing the "
                         "place for the standby list");
  db(*noshow, a);
  date(*noshow, a);
  noshow->add_option("--ref", a.ref, "The case")->required();
  key(*noshow, a);
  for (const char* step : {"reexamine", "reexamined"}) {
    CLI::App* s = sub(app, a, step,
                      std::string_view(step) == "reexamine"
                          ? "Order a traveller re-examined (the monitor): they cannot cross until "
                            "it is recorded"
                          : "Record that the ordered re-examination took place");
    db(*s, a);
    date(*s, a);
    s->add_option("--ref", a.ref, "The case")->required();
    s->add_option("--note", a.note,
                  "A note for the record (kept privately; the log holds its hash)");
    key(*s, a);
  }
  CLI::App* close = sub(app, a, "close-day",
                        "Close the day (the operator): travellers not checked in become no-shows "
                        "and go back to the queue; signs the day's report");
  db(*close, a);
  date(*close, a);
  key(*close, a);
  close->add_flag("--json", a.json, "Print JSON");
  CLI::App* attest = sub(app, a, "attest", "Counter-sign the day's report (the monitor)");
  db(*attest, a);
  date(*attest, a);
  key(*attest, a);
  attest->add_flag("--json", a.json, "Print JSON");
  CLI::App* report =
      sub(app, a, "report", "Show the day's signed report, checked against the log's statements");
  db(*report, a);
  date(*report, a);
  report->add_flag("--json", a.json, "Print JSON");
  reader_key(*report, a);
}

int run_gate(const Args& a, Io& io) {
  return guarded(a, io, [&]() -> int {
    const core::Date day = parse_day(a.date, "--date");
    auto show = [&](const core::Result<app::DayReportInfo>& r) {
      if (!r) return fail(io, r.error());
      if (a.json)
        io.out << report_json(*r).dump(2) << "\n";
      else
        print_report(io.out, *r);
      return r->log_differences.empty() ? k_exit_ok : k_exit_data;
    };
    if (a.server && a.sub != "checkin") return remote_gate(a, io);
    if (a.sub == "report")
      return with_service(
          a, io, [&](app::Service& svc) { return show(svc.day_report(day)); }, Access::read);
    if (a.sub == "checkin") {
      app::CheckinRequest req;
      req.date = day;
      if (a.mrz) {
        std::string text;
        if (*a.mrz == "-") {
          text.assign(std::istreambuf_iterator<char>(std::cin), {});
        } else {
          auto data = app::read_file(*a.mrz);
          if (!data) return fail(io, data.error());
          text = std::move(data).value();
        }
        req.mrz = std::move(text);
      } else if (a.national_id) {
        req.national_id = a.national_id;
        req.name = a.holder_name;
        req.date_of_birth = parse_day(a.dob, "--dob");
      } else {
        throw Usage{"give --id NUMBER or --mrz FILE"};
      }
      if (a.turn_back) {
        req.outcome = "turned-back";
        req.reason = *a.turn_back;
      }
      if (a.server) return remote_checkin(a, io, req);
      return signed_command(a, io, [&](app::Service& svc, const ledger::PrivateKey& k) {
        return print_checkin(io, a, svc.checkin(req, k));
      });
    }
    return signed_command(a, io, [&](app::Service& svc, const ledger::PrivateKey& k) {
      if (a.sub == "no-show") return print_checkin(io, a, svc.no_show(day, a.ref, k));
      if (a.sub == "reexamine" || a.sub == "reexamined") {
        auto idx =
            svc.reexamination(day, a.ref, a.sub == "reexamine" ? "ordered" : "recorded", a.note, k);
        if (!idx) return fail(io, idx.error());
        io.out << "re-examination of " << a.ref << " "
               << (a.sub == "reexamine" ? "ordered" : "recorded") << " (log entry " << *idx
               << ")\n";
        return k_exit_ok;
      }
      return show(a.sub == "close-day" ? svc.close_day(day, k) : svc.attest_day(day, k));
    });
  });
}

}  // namespace corridor::cli
