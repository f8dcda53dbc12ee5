// The commands about cases: list them, show one, decide, amend, close, the
// party's work queue and the coordinator's figures (commands.cpp's table
// names them).

#include <corridor/cli/case_commands.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/app/service.hpp>
#include <corridor/cli/commands.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/exit_codes.hpp>
#include <corridor/cli/format.hpp>
#include <corridor/cli/options.hpp>
#include <corridor/cli/remote.hpp>
#include <corridor/core/snapshot.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace corridor::cli {

void declare_cases(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("--state", a.state,
                 "registered, in-review, returned, cleared, denied, withdrawn, deceased, expired");
  app.add_option("--direction", a.direction, "exit or entry");
  app.add_option("--category", a.category, "A category of the config (medical, companion, ...)");
  json_option(app, a);
  reader_key_option(app, a);
}

namespace {
core::Result<app::CaseFilter> case_filter(const Args& a) {
  app::CaseFilter f;
  f.category = a.category;
  if (a.state && !(f.state = core::parse_case_state(*a.state)))
    return core::make_error(core::Errc::usage, "--state: unknown state '" + *a.state + "'");
  if (a.direction && !(f.direction = core::parse_direction(*a.direction)))
    return core::make_error(core::Errc::usage,
                            "--direction: must be exit or entry (got " + *a.direction + ")");
  return f;
}
}  // namespace

int run_cases(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  auto filter = case_filter(a);
  if (!filter) return fail(io, filter.error());
  if (a.server)
    return with_remote(a, io, [&](Remote& r) {
      return get_all(
          r,
          with_query("/api/v1/cases",
                     {{"state", a.state}, {"direction", a.direction}, {"category", a.category}}),
          "cases");
    });
  return with_service(
      a, io,
      [&](app::Service& svc) {
        if (a.category && !svc.config().find_category(*a.category))
          return fail(io, core::make_error(core::Errc::usage,
                                           "--category: no category '" + *a.category + "'"));
        auto cases = svc.list_cases(*filter);
        if (!cases) return fail(io, cases.error());
        if (a.json)
          io.out << to_json(*cases).dump(2) << "\n";
        else
          print_cases(io.out, *cases);
        return k_exit_ok;
      },
      Access::read);
}

void declare_case(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("REF", a.ref, "The case reference")->required();
  json_option(app, a);
  reader_key_option(app, a);
}

int run_case(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  if (a.server)
    return with_remote(a, io,
                       [&](Remote& r) { return r.get("/api/v1/cases/" + path_segment(a.ref)); });
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto c = svc.get_case(a.ref);
        if (!c) return fail(io, c.error());
        if (a.json)
          io.out << to_json(*c, io.env.now()).dump(2) << "\n";
        else
          print_case(io.out, *c, io.env.now());
        return k_exit_ok;
      },
      Access::read);
}

void declare_decide(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("REF", a.ref, "The case reference")->required();
  app.add_option("STAGE", a.stage, "The stage (referral, registration, acceptance, security)")
      ->required();
  app.add_option("OUTCOME", a.outcome, "approve, deny, return or revoke")
      ->required()
      ->check(CLI::IsMember({"approve", "deny", "return", "revoke"}));
  officer_options(app, a);
  app.add_option("--reason", a.reason, "Reason code for a deny (from the stage's list)");
  app.add_option("--snapshot", a.snapshot,
                 "The snapshot hash the decision is made on (default: the case's current one)");
}

namespace {
// Over --server, printing what the local command prints.
int remote_decide(const Args& a, Io& io) {
  nlohmann::json body{{"stage", a.stage}, {"outcome", a.outcome}};
  if (!a.reason.empty()) body["reason"] = a.reason;
  if (!a.note.empty()) body["note"] = a.note;
  if (a.snapshot) body["snapshot"] = *a.snapshot;
  auto remote = connect(a, io);
  if (!remote) return fail(io, remote.error());
  auto rep = (*remote)->change("/api/v1/cases/" + path_segment(a.ref) + "/decisions", body);
  if (!rep) return fail(io, rep.error());
  io.out << a.ref << ": " << a.stage << " " << a.outcome << " signed by " << (*remote)->signer()
         << "; case is " << rep->value("state", "?") << "\n";
  return k_exit_ok;
}
}  // namespace

int run_decide(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  app::DecideRequest req{a.ref,    a.stage, *core::parse_outcome(a.outcome),
                         a.reason, a.note,  std::nullopt};
  if (req.outcome != core::Outcome::deny && !req.reason.empty())
    return fail(io, core::make_error(core::Errc::usage, "--reason goes with deny only"));
  if (a.snapshot && !(req.snapshot = core::hash_from_hex(*a.snapshot)))
    return fail(io, core::make_error(core::Errc::usage, "--snapshot: not 64 hex digits"));
  if (a.server) return remote_decide(a, io);
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  return with_service(a, io, [&](app::Service& svc) {
    auto rep = svc.decide(req, *key);
    if (!rep) return fail(io, rep.error());
    io.out << a.ref << ": " << a.stage << " " << a.outcome << " signed by "
           << key->public_key().name << "; case is " << core::to_string(rep->state) << "\n";
    return k_exit_ok;
  });
}

void declare_amend(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("REF", a.ref, "The case reference")->required();
  app.add_option("CHANGES", a.changes,
                 "FIELD=VALUE pairs; fields: national_id passport_no name_ar name_en "
                 "date_of_birth sex nationality phone urgency diagnosis (those the "
                 "config's [[amend]] lets your party amend)")
      ->required();
  key_option(app, a);
}

namespace {
// Over --server. The amendment is made on the version of the case this
// command reads first: its ETag goes as If-Match, so a change made since is
// refused (409 stale-version) instead of being overwritten. The server
// refuses If-Match "*".
int remote_amend(const Args& a, Io& io, const app::AmendRequest& req) {
  nlohmann::json changes = nlohmann::json::object();
  for (const auto& [field, value] : req.changes) changes[field] = value;
  const std::string path = "/api/v1/cases/" + path_segment(a.ref);
  return with_remote(a, io, [&](Remote& r) -> core::Result<nlohmann::json> {
    auto version = r.get_etag(path + "?why=amendment");
    if (!version) return std::move(version).error();
    return r.change(path + "/amendments", {{"changes", changes}}, *version);
  });
}
}  // namespace

int run_amend(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  app::AmendRequest req{a.ref, {}};
  for (const std::string& c : a.changes) {
    auto eq = c.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail(io, core::make_error(core::Errc::usage, "expected FIELD=VALUE, got '" + c + "'"));
    req.changes.emplace_back(c.substr(0, eq), c.substr(eq + 1));
  }
  if (a.server) return remote_amend(a, io, req);
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  return with_service(a, io, [&](app::Service& svc) {
    auto rep = svc.amend(req, *key);
    if (!rep) return fail(io, rep.error());
    io.out << a.ref << ": amended ";
    for (std::size_t i = 0; i < rep->fields.size(); ++i)
      io.out << (i ? ", " : "") << rep->fields[i];
    const auto& identity = core::snapshot_fields();
    const bool identity_changed =
        std::any_of(rep->fields.begin(), rep->fields.end(), [&](const std::string& f) {
          return std::find(identity.begin(), identity.end(), f) != identity.end();
        });
    io.out << (identity_changed ? "; new snapshot" : "; same snapshot (private fields only)");
    if (!rep->now_stale.empty()) {
      io.out << "; now stale:";
      for (const std::string& s : rep->now_stale) io.out << " " << s;
    }
    io.out << "; case is " << core::to_string(rep->state) << "\n";
    for (const core::Flag& f : rep->flags) io.out << "flag " << f.code << ": " << f.detail << "\n";
    return k_exit_ok;
  });
}

void declare_close(CLI::App& app, Args& a) {
  db_options(app, a);
  app.add_option("REF", a.ref, "The case reference")->required();
  app.add_option("KIND", a.outcome, "withdrawn or deceased")
      ->required()
      ->check(CLI::IsMember({"withdrawn", "deceased"}));
  officer_options(app, a);
}

namespace {
// Over --server, printing what the local command prints.
int remote_close(const Args& a, Io& io) {
  nlohmann::json body{{"kind", a.outcome}};
  if (!a.note.empty()) body["note"] = a.note;
  auto remote = connect(a, io);
  if (!remote) return fail(io, remote.error());
  auto rep = (*remote)->change("/api/v1/cases/" + path_segment(a.ref) + "/closure", body);
  if (!rep) return fail(io, rep.error());
  io.out << a.ref << ": closed as " << rep->value("state", "?") << ", signed by "
         << (*remote)->signer() << "\n";
  return k_exit_ok;
}
}  // namespace

int run_close(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  if (a.server) return remote_close(a, io);
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  return with_service(a, io, [&](app::Service& svc) {
    app::CloseRequest req{a.ref, *core::parse_closure_kind(a.outcome), a.note};
    auto state = svc.close_case(req, *key);
    if (!state) return fail(io, state.error());
    io.out << a.ref << ": closed as " << core::to_string(*state) << ", signed by "
           << key->public_key().name << "\n";
    return k_exit_ok;
  });
}

void declare_stats(CLI::App& app, Args& a) {
  db_options(app, a);
  json_option(app, a);
  app.add_option("--since", a.since,
                 "Count crossings from this date, YYYY-MM-DD (e.g. the ceasefire); default: all");
  reader_key_option(app, a);
}

namespace {
// --overdue has no field in the Args every command shares, so it is kept
// here (as account_command.cpp keeps --role).
bool& overdue_only() {
  static bool overdue = false;
  return overdue;
}
}  // namespace

void declare_queue(CLI::App& app, Args& a) {
  app.add_option("--server", a.server, "A Corridor server's URL (http://HOST:PORT)")->required();
  reader_key_option(app, a);
  app.add_option("--stage", a.stage, "Only this stage (referral, registration, ...)");
  app.add_option("--category", a.category, "Only this category");
  app.add_option("--direction", a.direction, "exit or entry");
  overdue_only() = false;
  app.add_flag("--overdue", overdue_only(), "Only items past their stage's deadline");
}

// The signed-in officer's party's work queue, from the server (it is
// derived there from every case; there is no local form).
int run_queue(const Args& a, Io& io) {
  const std::optional<std::string> stage =
      a.stage.empty() ? std::nullopt : std::optional<std::string>(a.stage);
  const std::string path =
      with_query("/api/v1/queue",
                 {{"stage", stage},
                  {"category", a.category},
                  {"direction", a.direction},
                  {"overdue", overdue_only() ? std::optional<std::string>("1") : std::nullopt}});
  return with_remote(a, io, [&](Remote& r) { return get_all(r, path, "items"); });
}

int run_stats(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  std::optional<core::Date> since;
  if (a.since) {
    since = core::parse_date(*a.since);
    if (!since) {
      io.err << "corridor: --since: not a date YYYY-MM-DD: " << *a.since << "\n";
      return k_exit_usage;
    }
  }
  if (a.server)
    return with_remote(a, io, [&](Remote& r) {
      return r.get(with_query("/api/v1/stats", {{"since", a.since}}));
    });
  return with_service(
      a, io,
      [&](app::Service& svc) {
        auto st = svc.stats(since);
        if (!st) return fail(io, st.error());
        if (a.json)
          io.out << to_json(*st).dump(2) << "\n";
        else
          print_stats(io.out, *st, svc.config());
        return k_exit_ok;
      },
      Access::read);
}

}  // namespace corridor::cli
