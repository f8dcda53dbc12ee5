// The gate every request passes: session, role, CSRF, idempotency
// (api_idempotency.cpp); then the handler. Also the helpers the handlers
// share and the session handlers. The route table is api_routes.cpp; the
// operations handlers api_ops.cpp.

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>
#include <corridor/api/static_files.hpp>
#include <corridor/app/env.hpp>
#include <corridor/core/text.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/account_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace corridor::api {

using nlohmann::json;

namespace {

constexpr std::string_view k_cookie = "corridor_session";

// The web UI's pages may load only their own scripts and styles, talk only
// to this server, and be framed by nobody.
constexpr std::string_view k_static_csp =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'";

bool under_api(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

// A path whose last segment has no '.' looks like one of the web UI's own
// pages (a deep link), not a missing file.
bool looks_like_page(std::string_view path) {
  return path.substr(path.rfind('/') + 1).find('.') == std::string_view::npos;
}

bool changes_state(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// The value of one cookie in a Cookie header.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

bool role_allows(Access access, const std::optional<Session>& s, std::string_view monitor) {
  switch (access) {
    case Access::open:
      return true;
    case Access::signed_in:
      return s.has_value();
    case Access::officer:
      return s && (s->account.role == Role::officer || s->account.role == Role::monitor);
    case Access::monitor:
      return s && s->account.role == Role::monitor && s->account.party == monitor;
    case Access::admin:
      return s && s->account.role == Role::admin;
    case Access::auditor:
      return s && (s->account.role == Role::admin || s->account.role == Role::monitor);
  }
  return false;
}

}  // namespace

std::optional<std::string> Context::query_value(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

core::Result<Page> page_of(const Context& c, int default_page, int max_page) {
  Page p{0, static_cast<std::size_t>(default_page)};
  for (auto [name, target, max] :
       {std::tuple{"limit", &p.limit, max_page}, std::tuple{"offset", &p.offset, 1 << 30}}) {
    auto v = c.query_value(name);
    if (!v) continue;
    if (v->empty() || v->size() > 10 || v->find_first_not_of("0123456789") != v->npos)
      return core::invalid(name, "'" + *v + "' is not a whole number");
    const long n = std::stol(*v);
    if (n > max || (std::string_view(name) == "limit" && n < 1))
      return core::invalid(name, "must be 1.." + std::to_string(max));
    *target = static_cast<std::size_t>(n);
  }
  return p;
}

core::Result<bool> flag_of(const Context& c, std::string_view name) {
  auto v = c.query_value(name);
  if (!v) return false;
  if (*v == "1" || *v == "true") return true;
  if (*v == "0" || *v == "false") return false;
  return core::invalid(std::string(name), "'" + *v + "' is not true or false");
}

Api::Impl::Impl(app::Service& s, Auth& a, app::Env& e, ApiOptions o)
    : service(s),
      auth(a),
      env(e),
      options(std::move(o)),
      drafts({options.draft_ttl, options.max_drafts_per_account, options.max_drafts}) {
  build_routes();
}

Response Api::Impl::handle(const Request& request) {
  const auto start = std::chrono::steady_clock::now();
  Context c{request, nullptr, {}, {}, std::nullopt, false};
  Response r;
  std::string route_name = "unmatched";
  auto path = target_path(request.target);
  auto query = target_query(request.target);
  if (!path || !query) {
    r = problem(400, "bad-target", "the request target has a bad percent-escape", "target");
  } else {
    c.query = std::move(*query);
    bool known = false;
    auto m = table.match(request.method, *path, &known);
    if (!m) {
      if (known) {
        r = problem(405, "method-not-allowed", request.method + " is not allowed on " + *path);
        std::string allow;
        for (const auto& method : table.methods_for(*path))
          allow += (allow.empty() ? "" : ", ") + method;
        r.headers.set("Allow", allow);
      } else if (auto file = static_answer(request, *path)) {
        r = std::move(*file);
        route_name = "static";
      } else {
        r = problem(404, "no-route", "no such resource: " + *path);
      }
    } else {
      c.route = m->route;
      c.params = std::move(m->params);
      route_name = c.route->pattern;
      try {
        r = dispatch(c);
      } catch (const std::exception& e) {
        spdlog::error("route={} handler threw: {}", route_name, e.what());
        r = problem(500, "internal", "internal error; the server's log has the details");
      }
    }
  }
  if (!r.headers.get("Cache-Control")) r.headers.set("Cache-Control", "no-store");
  r.headers.set("X-Content-Type-Options", "nosniff");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.observe(route_name, request.method, r.status, seconds);
  // The route's pattern, never the target: a target may name a case.
  spdlog::info("route={} method={} status={} us={} account={}", route_name, request.method,
               r.status, static_cast<long>(seconds * 1e6),
               c.session ? c.session->account.name : std::string("-"));
  if (!c.holds.empty()) r.hold = c.holds.hold();
  return r;
}

// A GET or HEAD outside /api/ that no route answers: the web UI's file, or
// its index.html for a deep link. The body stays on a HEAD: the server sends
// only the header, with the Content-Length a GET would have.
std::optional<Response> Api::Impl::static_answer(const Request& request, const std::string& path) {
  if (!options.static_files || under_api(path)) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  const StaticFile* file = options.static_files->find(path);
  if (!file && looks_like_page(path)) file = options.static_files->find("/index.html");
  if (!file) return std::nullopt;
  Response r;
  r.headers.set("ETag", file->etag);
  r.headers.set("Cache-Control", "no-cache");
  r.headers.set("Content-Security-Policy", std::string(k_static_csp));
  r.headers.set("X-Frame-Options", "DENY");
  r.headers.set("Referrer-Policy", "no-referrer");
  if (auto inm = request.headers.get("If-None-Match"); inm && etag_matches(*inm, file->etag)) {
    r.status = 304;
    return r;
  }
  r.headers.set("Content-Type", file->content_type);
  r.body = file->body;
  return r;
}

Response Api::Impl::dispatch(Context& c) {
  const Request& req = c.request;
  // The session: a bearer token (scripts, the CLI) or the browser's cookie.
  std::optional<std::string> token;
  if (auto h = req.headers.get("Authorization")) {
    if (h->size() > 7 && h->substr(0, 7) == "Bearer ")
      token = std::string(h->substr(7));
    else if (c.route->access != Access::open)
      return problem(401, "bad-authorization", "Authorization must be 'Bearer <token>'",
                     "Authorization");
  } else if (auto cookie = req.headers.get("Cookie")) {
    token = cookie_value(*cookie, k_cookie);
    c.cookie_session = token.has_value();
  }
  if (token) {
    auto s = auth.authenticate(*token);
    if (s) {
      c.session = std::move(s).value();
    } else if (c.route->access != Access::open) {
      // Say why the session ended.
      const std::string& rule = s.error().rule;
      const std::string code =
          rule == k_session_expired || rule == k_session_revoked ? rule : std::string(k_no_session);
      Response r = problem(401, code, "sign in again: " + s.error().message);
      r.headers.set("WWW-Authenticate", "Bearer");
      return r;
    }
  }
  if (!role_allows(c.route->access, c.session, service.config().manifest.monitor)) {
    if (!c.session && c.route->access != Access::open) {
      Response r = problem(401, "no-session", "sign in first (POST /api/v1/session)");
      r.headers.set("WWW-Authenticate", "Bearer");
      return r;
    }
    return problem(403, "forbidden",
                   "the role " + std::string(to_string(c.session->account.role)) +
                       " may not do this: " + c.route->summary);
  }
  // A browser's state-changing request must carry the session's CSRF token:
  // another site can make the browser send the cookie, not read the token.
  if (c.cookie_session && c.session && changes_state(req.method) &&
      c.route->access != Access::open) {
    auto sent = req.headers.get("X-CSRF-Token");
    if (!sent || sent->size() != c.session->csrf.size() ||
        sodium_memcmp(sent->data(), c.session->csrf.data(), c.session->csrf.size()) != 0)
      return problem(403, "csrf", "the X-CSRF-Token header is missing or wrong", "X-CSRF-Token");
  }
  if (c.route->idempotent) return with_idempotency(c);
  const std::size_t index = static_cast<std::size_t>(c.route - table.routes().data());
  return (this->*handlers[index])(c);
}

Response Api::Impl::json_response(int status, const json& body) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

Response Api::Impl::error(const core::Error& e) {
  const Problem p = problem_of(e);
  if (p.status == 500) spdlog::error("internal error: {}", e.message);
  return problem_response(p);
}

Response Api::Impl::problem(int status, std::string code, std::string detail, std::string field) {
  Problem p;
  p.status = status;
  p.code = std::move(code);
  p.detail = std::move(detail);
  p.field = std::move(field);
  return problem_response(p);
}

std::string Api::Impl::random_id() {
  unsigned char bytes[16];
  env.random_bytes(bytes);
  char text[2 * sizeof bytes + 1];
  return sodium_bin2hex(text, sizeof text, bytes, sizeof bytes);
}

core::Result<ledger::PublicKey> Api::Impl::officer_key(const Context& c) {
  const Account& a = c.session->account;
  auto db = service.reader();
  if (!db) return std::move(db).error();
  auto row = store::find_officer(**db, a.party, a.name);
  if (!row) return std::move(row).error();
  if (!*row || (*row)->revoked_at)
    return core::refuse("unknown-key", "account " + a.name + " has no registered signing key in " +
                                           a.party +
                                           " (an admin registers it: POST /api/v1/officers)");
  auto key = ledger::parse_vkey((*row)->vkey);
  if (!key) return std::move(key).error();
  if (key->type != ledger::KeyType::ed25519)
    return core::refuse("unknown-key", a.party + "/" + a.name + " is a witness key");
  return key;
}

core::Result<std::string> Api::Impl::why_of(const Context& c, std::string fallback) {
  std::string why = c.query_value("why").value_or(std::move(fallback));
  if (std::string problem = core::reason_problem(why, 200); !problem.empty())
    return core::invalid("why", problem);
  return why;
}

// --- session ----------------------------------------------------------------

Response Api::Impl::login(Context& c) {
  auto body = decode_login(c.request.body);
  if (!body) return error(body.error());
  auto s = auth.login(body->name, body->password, c.request.peer);
  if (!s) {
    const std::string& rule = s.error().rule;
    if (rule == k_too_many_attempts) {
      const core::Timestamp wait = auth.retry_after(body->name, c.request.peer);
      Response r = problem_response(
          Problem{429, std::string(k_too_many_attempts), s.error().message, "", {}},
          json{{"retry_after", wait}});
      r.headers.set("Retry-After", std::to_string(std::max<core::Timestamp>(wait, 1)));
      return r;
    }
    if (rule == k_login_busy) {
      Response r = problem(503, rule, s.error().message);
      r.headers.set("Retry-After", "1");
      return r;
    }
    if (rule == k_bad_credentials) return problem(401, rule, s.error().message);
    return error(s.error());
  }
  const Session& session = s->session;
  json out{{"name", session.account.name},
           {"role", to_string(session.account.role)},
           {"party", session.account.party},
           {"csrf", session.csrf},
           {"expires_at", core::format_timestamp(session.expires_at)}};
  if (body->bearer) out["token"] = s->token;
  Response r = json_response(201, out);
  std::string cookie = std::string(k_cookie) + "=" + s->token +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(session.expires_at - env.now());
  if (options.secure_cookies) cookie += "; Secure";
  r.headers.add("Set-Cookie", std::move(cookie));
  return r;
}

Response Api::Impl::whoami(Context& c) {
  const Session& s = *c.session;
  json out{{"name", s.account.name},
           {"role", to_string(s.account.role)},
           {"party", s.account.party},
           {"csrf", s.csrf},
           {"expires_at", core::format_timestamp(s.expires_at)}};
  // An officer's signing key: the web UI enrols one where there is none.
  if (s.account.role != Role::admin) {
    auto key = key_status(s.account);
    if (!key) return error(key.error());
    out["key"] = std::move(key).value();
  }
  return json_response(200, out);
}

Response Api::Impl::logout(Context& c) {
  std::string token;
  if (auto h = c.request.headers.get("Authorization"))
    token = std::string(h->substr(7));
  else if (auto cookie = c.request.headers.get("Cookie"))
    token = cookie_value(*cookie, k_cookie).value_or("");
  if (auto r = auth.logout(token); !r) return error(r.error());
  Response r;
  r.status = 204;
  r.headers.add("Set-Cookie",
                std::string(k_cookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return r;
}

// --- Api --------------------------------------------------------------------

Api::Api(app::Service& service, Auth& auth, app::Env& env, ApiOptions options)
    : m_impl(std::make_unique<Impl>(service, auth, env, std::move(options))) {}

Api::~Api() = default;

Response Api::handle(const Request& request) {
  Response r = m_impl->handle(request);
  if (!r.hold) return r;
  const bool logged = wait_for(r.hold);
  r.hold = nullptr;
  if (!logged) return m_impl->problem(500, "internal", "the read could not be logged");
  return r;
}

Response Api::handle_held(const Request& request) { return m_impl->handle(request); }

const RouteTable& Api::routes() const { return m_impl->table; }

void Api::set_extra_metrics(std::function<std::string()> lines) {
  std::lock_guard lock(m_impl->extra_mutex);
  m_impl->extra_metrics = std::move(lines);
}

void Api::set_ready(bool ready) { m_impl->ready = ready; }

}  // namespace corridor::api
