// Cases, decisions, amendments, closures, imports and
// statements. Every read of a person's record goes through visible_case
// and is logged before it is answered.

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>
#include <corridor/api/json.hpp>
#include <corridor/api/visibility.hpp>
#include <corridor/app/apply.hpp>
#include <corridor/app/env.hpp>
#include <corridor/core/case.hpp>
#include <corridor/ledger/merkle.hpp>

#include <algorithm>

namespace corridor::api {

using nlohmann::json;

namespace {

// The record's part of a case's version: its snapshot (the person's data)
// and the private fields an amendment may change (urgency, diagnosis,
// phone), hashed with the case's secret salt so that a party that may not
// see them cannot test a guess against the ETag.
std::string record_version(const core::CaseRecord& r) {
  std::string bytes(r.snapshot.begin(), r.snapshot.end());
  for (const std::string* part : {&r.salt, &r.urgency, &r.diagnosis, &r.person.phone})
    bytes += std::to_string(part->size()) + ":" + *part;
  return core::to_hex(ledger::sha256(bytes)).substr(0, 16);
}

// A case's version for If-Match: its record (above), how many decisions it
// has and whether it is closed. Gate facts are not updates an officer could
// overwrite, so they do not change it.
std::string etag_of(const app::CaseDetail& d) {
  return "\"" + record_version(d.record) + "." + std::to_string(d.decisions.size()) + "." +
         (d.closure ? "c" : "o") + "\"";
}

struct Version {
  std::string snapshot16;
  std::size_t decisions = 0;
  bool closed = false;
};

std::optional<Version> parse_etag(std::string_view tag) {
  if (tag.size() < 6 || tag.front() != '"' || tag.back() != '"') return std::nullopt;
  tag = tag.substr(1, tag.size() - 2);
  const auto a = tag.find('.');
  const auto b = tag.rfind('.');
  if (a == std::string_view::npos || a == b) return std::nullopt;
  Version v;
  v.snapshot16 = std::string(tag.substr(0, a));
  const std::string_view n = tag.substr(a + 1, b - a - 1);
  if (n.empty() || n.size() > 9 || n.find_first_not_of("0123456789") != n.npos) return std::nullopt;
  v.decisions = static_cast<std::size_t>(std::stoul(std::string(n)));
  v.closed = tag.substr(b + 1) == "c";
  return v;
}

json problem_json(const core::Error& e) {
  const Problem p = problem_of(e);
  return {{"type", std::string(k_problem_type_prefix) + p.code},
          {"status", p.status},
          {"detail", p.detail}};
}

}  // namespace

// --- reading cases ----------------------------------------------------------

Response Api::Impl::get_case(Context& c) {
  const std::string& ref = c.param("ref");
  auto detail = service.get_case(ref);
  if (!detail) return error(detail.error());
  auto why = why_of(c, "case view");
  if (!why) return error(why.error());
  std::vector<std::string> withheld;
  json out = visible_case(service.config(), to_json(*detail, env.now()),
                          Viewer{c.session->account.party, false}, &withheld);
  out["withheld"] = withheld;
  if (auto logged = log_read(c, ref, "case", *why, false); !logged) return error(logged.error());
  Response r = json_response(200, out);
  r.headers.set("ETag", etag_of(*detail));
  return r;
}

Response Api::Impl::break_glass(Context& c) {
  const std::string& ref = c.param("ref");
  auto reason = decode_reason(c.request.body);
  if (!reason) return error(reason.error());
  auto detail = service.get_case(ref);
  if (!detail) return error(detail.error());
  json out = visible_case(service.config(), to_json(*detail, env.now()),
                          Viewer{c.session->account.party, true});
  out["withheld"] = json::array();
  out["break_glass"] = true;
  if (auto logged = log_read(c, ref, "case (break-glass)", *reason, true); !logged)
    return error(logged.error());
  Response r = json_response(200, out);
  r.headers.set("ETag", etag_of(*detail));
  return r;
}

// A filter by a field the party may not see is refused, not ignored or
// applied: the total it gives would tell the field (visibility.hpp).
std::optional<Response> Api::Impl::refuse_hidden_filter(const Context& c) {
  const auto field =
      hidden_filter(service.config(), c.query, Viewer{c.session->account.party, false});
  if (!field) return std::nullopt;
  return problem(403, "not-visible",
                 *field + ": your party may not see this field, so it may not filter by it",
                 *field);
}

Response Api::Impl::list_cases(Context& c) {
  if (auto refused = refuse_hidden_filter(c)) return *refused;
  const auto urgency = c.query_value("urgency");
  app::CaseFilter filter;
  if (auto s = c.query_value("state")) {
    filter.state = core::parse_case_state(*s);
    if (!filter.state) return problem(422, "invalid", "state: unknown state '" + *s + "'", "state");
  }
  if (auto d = c.query_value("direction")) {
    filter.direction = core::parse_direction(*d);
    if (!filter.direction)
      return problem(422, "invalid", "direction: not exit or entry", "direction");
  }
  if (auto cat = c.query_value("category")) filter.category = *cat;
  auto page = page_of(c, options.default_page, options.max_page);
  if (!page) return error(page.error());
  auto cases = service.list_cases(filter);
  if (!cases) return error(cases.error());
  if (urgency)
    std::erase_if(*cases, [&](const app::CaseSummary& s) { return s.urgency != *urgency; });
  json items = json::array();
  const Viewer viewer{c.session->account.party, false};
  for (std::size_t i = page->offset; i < cases->size() && items.size() < page->limit; ++i)
    items.push_back(visible_summary(service.config(), to_json((*cases)[i]), viewer));
  return json_response(200, {{"total", cases->size()},
                             {"offset", page->offset},
                             {"limit", page->limit},
                             {"cases", items}});
}

Response Api::Impl::stats(Context& c) {
  // An urgency filter from a party that may not see urgency would tell it.
  if (auto refused = refuse_hidden_filter(c)) return *refused;
  app::StatsFilter filter;
  for (const char* name : {"since", "until"}) {
    auto v = c.query_value(name);
    if (!v || v->empty()) continue;
    auto d = core::parse_date(*v);
    if (!d) return problem(422, "invalid", std::string(name) + ": not a date (YYYY-MM-DD)", name);
    (std::string_view(name) == "since" ? filter.since : filter.until) = d;
  }
  if (auto d = c.query_value("direction"); d && !d->empty()) {
    filter.direction = core::parse_direction(*d);
    if (!filter.direction)
      return problem(422, "invalid", "direction: not exit or entry", "direction");
  }
  const core::Config& config = service.config();
  if (auto cat = c.query_value("category"); cat && !cat->empty()) {
    if (!config.find_category(*cat))
      return problem(422, "invalid", "category: no category '" + *cat + "'", "category");
    filter.category = *cat;
  }
  if (auto u = c.query_value("urgency"); u && !u->empty()) {
    if (std::find(config.urgencies.begin(), config.urgencies.end(), *u) == config.urgencies.end())
      return problem(422, "invalid", "urgency: no urgency '" + *u + "'", "urgency");
    filter.urgency = *u;
  }
  auto st = service.stats(filter);
  if (!st) return error(st.error());
  return json_response(
      200, visible_stats(config, to_json(*st), Viewer{c.session->account.party, false}));
}

// --- changes: each is drafted here and signed by the officer's client --------

// If-Match against the case's current version: 428 when required and
// missing or "*", 409 naming what changed when stale.
std::optional<Response> Api::Impl::check_version(Context& c, const std::string& ref,
                                                 bool required) {
  auto sent = c.request.headers.get("If-Match");
  if (!sent) {
    if (!required) return std::nullopt;
    return problem(428, "precondition-required",
                   "send If-Match with the ETag of the case you are changing", "If-Match");
  }
  // A required version must be one the officer read: "*" matches any.
  if (required && *sent == "*")
    return problem(428, "precondition-required",
                   "If-Match: * names no version; send the ETag of the case as you read it",
                   "If-Match");
  return stale_version(ref, *sent, false);
}

// A version sent for case `ref` against its current one: 409 naming what
// changed (and, for a pair, which case) when stale.
std::optional<Response> Api::Impl::stale_version(const std::string& ref, std::string_view sent,
                                                 bool name_ref) {
  auto detail = service.get_case(ref);
  if (!detail) return error(detail.error());
  const std::string current = etag_of(*detail);
  if (sent == current || sent == "*") return std::nullopt;
  auto old = parse_etag(sent);
  if (!old) return problem(400, "bad-etag", "If-Match is not an ETag of a case", "If-Match");
  json changed = json::array();
  if (old->snapshot16 != record_version(detail->record))
    changed.push_back(
        {{"what", "amended"}, {"detail", "the person's record was amended; review it again"}});
  for (std::size_t i = old->decisions; i < detail->decisions.size(); ++i) {
    const core::Decision& d = detail->decisions[i];
    changed.push_back({{"what", "decision"},
                       {"stage", d.stage},
                       {"party", d.party},
                       {"outcome", core::to_string(d.outcome)},
                       {"at", core::format_timestamp(d.at)}});
  }
  if (detail->closure && !old->closed) changed.push_back({{"what", "closed"}});
  json extra{{"current", current}, {"changed", changed}};
  if (name_ref) extra["ref"] = ref;
  Response r = problem_response(
      Problem{409, "stale-version", "the case changed since you read it", "If-Match", {}}, extra);
  r.headers.set("ETag", current);
  return r;
}

// If-Match for a change to several cases (a pair decision): their ETags,
// comma-separated, in the order the body names the cases. Optional, as for
// a closure; "*" matches any.
std::optional<Response> Api::Impl::check_versions(Context& c, std::span<const std::string> refs) {
  auto sent = c.request.headers.get("If-Match");
  if (!sent || *sent == "*") return std::nullopt;
  std::vector<std::string_view> tags;
  for (std::string_view rest = *sent;;) {
    const auto comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    tags.push_back(tag);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (tags.size() != refs.size())
    return problem(400, "bad-etag",
                   "If-Match: send the ETags of the " + std::to_string(refs.size()) +
                       " cases, comma-separated, in the order the body names them",
                   "If-Match");
  for (std::size_t i = 0; i < refs.size(); ++i)
    if (auto stale = stale_version(refs[i], tags[i], true)) return stale;
  return std::nullopt;
}

std::string case_etag(const app::CaseDetail& d) { return etag_of(d); }

Response Api::Impl::decide(Context& c) {
  const std::string& ref = c.param("ref");
  auto req = decode_decision(c.request.body, ref);
  if (!req) return error(req.error());
  if (auto stale = check_version(c, ref, false)) return *stale;
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_decide_all({&*req, 1}, *key), "decision",
               [](std::vector<core::Result<app::DecisionReport>> v) -> core::Result<json> {
                 if (!v.front()) return v.front().error();
                 return to_json(*v.front());
               });
}

Response Api::Impl::decide_bulk(Context& c) {
  auto reqs = decode_decisions(c.request.body);
  if (!reqs) return error(reqs.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_decide_all(*reqs, *key), "decisions",
               [](std::vector<core::Result<app::DecisionReport>> v) -> core::Result<json> {
                 json results = json::array();
                 for (const auto& r : v)
                   results.push_back(r ? json{{"ok", true}, {"decision", to_json(*r)}}
                                       : json{{"ok", false}, {"problem", problem_json(r.error())}});
                 return json{{"results", results}};
               });
}

namespace {

// The app names a field it refuses as the person's ("phone", as the rule
// amend-party does); the request names it as a member of "changes".
core::Error in_changes(core::Error e, const app::AmendRequest& req) {
  for (const auto& change : req.changes)
    if (change.first == e.field) {
      e.field = "changes." + e.field;
      break;
    }
  return e;
}

}  // namespace

// An amendment draft compares the values sent with the case's: it is a read
// of the case, logged as GET is (`?why=`, default "amendment"). The app
// refuses a field the party may not amend (amend-party) before comparing.
Response Api::Impl::amend(Context& c) {
  const std::string& ref = c.param("ref");
  auto req = decode_amendment(c.request.body, ref);
  if (!req) return error(req.error());
  auto why = why_of(c, "amendment");
  if (!why) return error(why.error());
  if (auto stale = check_version(c, ref, true)) return *stale;
  auto key = officer_key(c);
  if (!key) return error(key.error());
  if (auto logged = log_read(c, ref, "amendment draft", *why, false); !logged)
    return error(logged.error());
  const bool sees_flags = service.config().may_see(c.session->account.party, "flags");
  auto prepared = service.prepare_amend(*req, *key);
  if (!prepared) return error(in_changes(std::move(prepared).error(), *req));
  return offer(c, std::move(prepared), "amendment",
               [sees_flags](app::AmendReport a) -> core::Result<json> {
                 if (!sees_flags) a.flags.clear();
                 return to_json(a);
               });
}

Response Api::Impl::close_case(Context& c) {
  const std::string& ref = c.param("ref");
  auto req = decode_closure(c.request.body, ref);
  if (!req) return error(req.error());
  if (auto stale = check_version(c, ref, false)) return *stale;
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_close_case(*req, *key), "closure",
               [ref](core::CaseState s) -> core::Result<json> {
                 return json{{"ref", ref}, {"state", core::to_string(s)}};
               });
}

Response Api::Impl::import_csv(Context& c) {
  const std::string file = c.query_value("file").value_or("upload.csv");
  if (file.empty() || file.size() > 200)
    return problem(422, "invalid", "file: 1 to 200 bytes", "file");
  auto dry = flag_of(c, "dry_run");
  if (!dry) return error(dry.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  const bool dry_run = *dry;
  return offer(
      c, service.prepare_import(file, c.request.body, dry_run, *key), "import",
      [dry_run](app::ImportReport rep) -> core::Result<json> {
        if (rep.committed || (dry_run && rep.errors.empty())) return to_json(rep);
        core::Error e = core::refuse(
            "import-rows",
            std::to_string(rep.errors.size()) + " error(s) in the file; nothing was imported", {},
            core::Errc::bad_input);
        for (const core::RowError& r : rep.errors)
          e.details.push_back("row " + std::to_string(r.row) +
                              (r.column.empty() ? "" : ", " + r.column) + ": " + r.message);
        return e;
      });
}

// Statements signed elsewhere (`corridor submit` over HTTP): each must be
// the signed-in officer's own.
Response Api::Impl::submit_statement(Context& c) {
  auto notes = decode_signed_notes(c.request.body);
  if (!notes) return error(notes.error());
  if (notes->empty()) return problem(422, "invalid", "notes: empty", "notes");
  const Account& a = c.session->account;
  // Parsed once, here; the writer takes them as they are.
  std::vector<app::SignedStatement> parsed;
  parsed.reserve(notes->size());
  for (std::size_t i = 0; i < notes->size(); ++i) {
    auto p = app::parse_signed_statement((*notes)[i]);
    if (!p) return error(p.error());
    if (p->statement.party != a.party || p->statement.officer != a.name)
      return problem(403, "not-your-statement",
                     "statement " + std::to_string(i + 1) + " is signed by " + p->statement.party +
                         "/" + p->statement.officer + ", not by the signed-in officer",
                     "notes[" + std::to_string(i) + "]");
    parsed.push_back(std::move(p).value());
  }
  auto results = service.submit_all(std::span<const app::SignedStatement>(parsed));
  json out = json::array();
  for (const auto& r : results)
    out.push_back(r ? json{{"ok", true},
                           {"index", r->index},
                           {"kind", ledger::to_string(r->statement.kind())},
                           {"ref", r->statement.case_ref},
                           {"state", core::to_string(r->state)}}
                    : json{{"ok", false}, {"problem", problem_json(r.error())}});
  if (results.size() == 1 && !results.front()) return error(results.front().error());
  return json_response(200, {{"results", out}});
}

}  // namespace corridor::api
