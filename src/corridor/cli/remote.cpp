#include <corridor/cli/remote.hpp>

#include <corridor/api/problem.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/prepared.hpp>

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <span>
#include <thread>

namespace corridor::cli {
namespace {

using nlohmann::json;

// A request is sent once and again up to 3 times after a failed
// connection; a POST always under the same Idempotency-Key.
constexpr int k_attempts = 4;

core::Errc errc_of_status(int status) {
  switch (status) {
    case 400:
    case 428:
      return core::Errc::usage;
    case 404:
      return core::Errc::not_found;
    case 401:
    case 403:
    case 429:
      return core::Errc::refused;
    case 409:
    case 410:
      return core::Errc::conflict;
    case 422:
      return core::Errc::bad_input;
    default:
      return core::Errc::internal;
  }
}

// The codes of problem_of() that name no rule, only a category.
constexpr std::array k_category_codes{std::string_view("invalid"), std::string_view("refused"),
                                      std::string_view("conflict"), std::string_view("not-found"),
                                      std::string_view("internal")};

// The rule a problem's type names ("stage-party" of
// "urn:corridor:problem:stage-party"), or "" for a category code.
std::string rule_of_type(const json& p) {
  const auto it = p.find("type");
  if (it == p.end() || !it->is_string()) return "";
  const std::string& type = it->get_ref<const std::string&>();
  if (!type.starts_with(api::k_problem_type_prefix)) return "";
  const std::string code = type.substr(api::k_problem_type_prefix.size());
  if (std::find(k_category_codes.begin(), k_category_codes.end(), code) != k_category_codes.end())
    return "";
  return code;
}

}  // namespace

core::Error error_of(const api::Response& r) {
  core::Error e = core::make_error(errc_of_status(r.status), "");
  const json p = json::parse(r.body, nullptr, false);
  if (p.is_object() && p.contains("detail") && p["detail"].is_string()) {
    e.message = p["detail"].get<std::string>();
    e.rule = rule_of_type(p);
    if (auto it = p.find("field"); it != p.end() && it->is_string())
      e.field = it->get<std::string>();
    if (auto it = p.find("errors"); it != p.end() && it->is_array())
      for (const json& line : *it)
        if (line.is_string()) e.details.push_back(line.get<std::string>());
  } else {
    e.message = "the server answered " + std::to_string(r.status) + " " +
                std::string(api::status_reason(r.status));
  }
  return e;
}

namespace {

bool is_problem(const api::Response& r, std::string_view code) {
  const json p = json::parse(r.body, nullptr, false);
  return p.is_object() &&
         p.value("type", "") == std::string(api::k_problem_type_prefix) + std::string(code);
}

void strip_line_end(std::string& line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
}

// $CORRIDOR_PASSWORD, or the first line of standard input; on a terminal
// asked for on stderr with echo off.
core::Result<std::string> read_password(Io& io, const std::string& account) {
  if (const char* p = std::getenv("CORRIDOR_PASSWORD")) return std::string(p);
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  const bool quiet = tty && tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) io.err << "password of " << account << ": " << std::flush;
  if (quiet) {
    termios no_echo = old;
    no_echo.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &no_echo);
  }
  std::string line;
  std::getline(std::cin, line);
  if (quiet) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  if (tty) io.err << "\n";
  strip_line_end(line);
  if (line.empty())
    return core::make_error(core::Errc::usage,
                            "password of " + account +
                                ": empty (set CORRIDOR_PASSWORD or give it on the first line of "
                                "standard input)");
  return line;
}

std::string hex(std::span<const std::uint8_t> bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

}  // namespace

Remote::Remote(api::Url url, std::optional<ledger::PrivateKey> key, Io& io)
    : m_client(std::make_unique<api::Client>(std::move(url))), m_key(std::move(key)), m_io(io) {}

Remote::~Remote() {
  if (!m_signed_in) return;
  api::Request r{"DELETE", "/api/v1/session", {}, {}, {}};
  (void)send(std::move(r));  // best effort: the session expires anyway
}

core::Result<std::unique_ptr<Remote>> Remote::connect(const std::string& url,
                                                      std::optional<ledger::PrivateKey> key, Io& io,
                                                      std::optional<Officer> as) {
  auto parsed = api::parse_url(url);
  if (!parsed) return std::move(parsed).error();
  if (key) {
    auto who = app::key_officer(*key);
    if (!who) return std::move(who).error();
    as = Officer{who->first, who->second};
  }
  std::unique_ptr<Remote> remote(new Remote(std::move(*parsed), std::move(key), io));
  if (const char* token = std::getenv("CORRIDOR_TOKEN"); token && *token) {
    remote->m_token = token;
    if (auto ok = remote->check_token(as); !ok) return std::move(ok).error();
    return remote;
  }
  if (!as)
    return core::make_error(core::Errc::usage,
                            "--server: give --key FILE (its officer's account signs in), or set "
                            "CORRIDOR_TOKEN");
  if (auto ok = remote->sign_in(*as); !ok) return std::move(ok).error();
  return remote;
}

core::Result<void> Remote::sign_in(const Officer& who) {
  const std::string account = who.name + " (" + who.party + ")";
  auto password = read_password(m_io, account);
  if (!password) return std::move(password).error();
  const json body{{"name", who.name}, {"password", *password}, {"bearer", true}};
  api::Request req{"POST", "/api/v1/session", {}, body.dump(), {}};
  req.headers.set("Content-Type", "application/json");
  auto r = send(std::move(req));
  if (!r) return std::move(r).error();
  if (r->status != 201) {
    core::Error e = error_of(*r);
    e.message = "sign-in as " + account + " refused: " + e.message;
    return e;
  }
  const json j = json::parse(r->body, nullptr, false);
  if (!j.is_object() || !j.contains("token") || !j["token"].is_string())
    return core::make_error(core::Errc::internal,
                            "sign-in as " + account + ": no token in the answer");
  m_token = j["token"].get<std::string>();
  m_signed_in = true;
  const std::string party = j.value("party", "");
  if (party != who.party)
    return core::make_error(core::Errc::refused,
                            "sign-in as " + who.name + ": the account acts for " +
                                (party.empty() ? std::string("no party") : "party " + party) +
                                ", but the key is " + who.party + "'s");
  return {};
}

// A $CORRIDOR_TOKEN session must be the key's officer's own.
core::Result<void> Remote::check_token(const std::optional<Officer>& who) {
  auto j = get("/api/v1/session");
  if (!j) {
    core::Error e = std::move(j).error();
    e.message = "CORRIDOR_TOKEN: " + e.message;
    return e;
  }
  if (!who) return {};
  const std::string name = j->value("name", "");
  const std::string party = j->value("party", "");
  if (name != who->name || party != who->party)
    return core::make_error(core::Errc::refused, "CORRIDOR_TOKEN is the session of " + name + " (" +
                                                     party + "), not of " + who->party + "/" +
                                                     who->name + " whose key is given");
  return {};
}

core::Result<api::Response> Remote::send(api::Request request) {
  if (!m_token.empty()) request.headers.set("Authorization", "Bearer " + m_token);
  request.headers.set("Accept", "application/json");
  for (int i = 1;; ++i) {
    auto r = m_client->send(request);
    // An earlier attempt still running on the server answers 409 under
    // the same key: wait for it, then get its stored answer.
    const bool again = !r || (r->status == 409 && is_problem(*r, "idempotency-key-in-use"));
    if (!again || i >= k_attempts) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(250 * i));
  }
}

core::Result<api::Response> Remote::post(const std::string& path, std::string body,
                                         std::string content_type,
                                         std::optional<std::string> if_match) {
  api::Request req{"POST", path, {}, std::move(body), {}};
  req.headers.set("Content-Type", std::move(content_type));
  req.headers.set("Idempotency-Key", fresh_key());
  if (if_match) req.headers.set("If-Match", *if_match);
  return send(std::move(req));
}

core::Result<json> Remote::finish(core::Result<api::Response> r) {
  if (!r) return std::move(r).error();
  if (r->status < 200 || r->status > 299) return error_of(*r);
  if (r->body.empty()) return json::object();
  json j = json::parse(r->body, nullptr, false);
  if (j.is_discarded())
    return core::make_error(core::Errc::internal, "the server's answer is not JSON");
  return j;
}

core::Result<json> Remote::get(const std::string& path) {
  return finish(send(api::Request{"GET", path, {}, {}, {}}));
}

core::Result<std::string> Remote::get_text(const std::string& path) {
  auto r = send(api::Request{"GET", path, {}, {}, {}});
  if (!r) return std::move(r).error();
  if (r->status != 200) return error_of(*r);
  return std::move(r->body);
}

core::Result<std::string> Remote::get_etag(const std::string& path) {
  auto r = send(api::Request{"GET", path, {}, {}, {}});
  if (!r) return std::move(r).error();
  if (r->status != 200) return error_of(*r);
  auto tag = r->headers.get("ETag");
  if (!tag || tag->empty())
    return core::make_error(core::Errc::internal, "the server gave no ETag for " + path);
  return std::string(*tag);
}

core::Result<json> Remote::post_json(const std::string& path, const json& body) {
  return finish(post(path, body.dump(), "application/json", std::nullopt));
}

core::Result<json> Remote::post_raw(const std::string& path, std::string body,
                                    std::string content_type) {
  return finish(post(path, std::move(body), std::move(content_type), std::nullopt));
}

core::Result<json> Remote::change(const std::string& path, const json& body,
                                  std::optional<std::string> if_match) {
  return change_raw_impl(path, body.dump(), "application/json", std::move(if_match));
}

core::Result<json> Remote::change_raw(const std::string& path, std::string body,
                                      std::string content_type) {
  return change_raw_impl(path, std::move(body), std::move(content_type), std::nullopt);
}

core::Result<json> Remote::change_raw_impl(const std::string& path, std::string body,
                                           std::string content_type,
                                           std::optional<std::string> if_match) {
  if (!m_key) return core::make_error(core::Errc::usage, "this change is signed: give --key FILE");
  auto drafted = finish(post(path, std::move(body), std::move(content_type), std::move(if_match)));
  if (!drafted) return drafted;
  const json& d = *drafted;
  if (!d.contains("draft") || !d.contains("sign") || !d.contains("commit")) return drafted;
  if (!d["sign"].is_array() || !d["commit"].is_string())
    return core::make_error(core::Errc::internal, "the server's draft is malformed");
  std::vector<std::string> bodies;
  for (const json& b : d["sign"]) {
    if (!b.is_string())
      return core::make_error(core::Errc::internal, "a drafted statement is not text");
    bodies.push_back(b.get<std::string>());
  }
  const json notes{{"notes", app::sign_bodies(bodies, *m_key)}};
  return finish(
      post(d["commit"].get<std::string>(), notes.dump(), "application/json", std::nullopt));
}

std::string Remote::signer() const { return m_key ? m_key->public_key().name : std::string(); }

std::string Remote::fresh_key() {
  std::uint8_t bytes[16];
  m_io.env.random_bytes(bytes);
  return hex(bytes);
}

std::string path_segment(std::string_view s) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

std::string with_query(std::string path, std::initializer_list<QueryParam> params) {
  char sep = '?';
  for (const auto& [name, value] : params) {
    if (!value) continue;
    path += sep + std::string(name) + "=" + path_segment(*value);
    sep = '&';
  }
  return path;
}

core::Result<json> get_all(Remote& remote, const std::string& path, std::string_view member) {
  const char sep = path.find('?') == std::string::npos ? '?' : '&';
  json all = json::array();
  for (;;) {
    auto page = remote.get(path + sep + "limit=500&offset=" + std::to_string(all.size()));
    if (!page) return page;
    const json items = page->value(std::string(member), json::array());
    for (const json& item : items) all.push_back(item);
    if (items.empty() || all.size() >= page->value("total", std::size_t{0})) {
      page->erase("offset");
      page->erase("limit");
      (*page)[std::string(member)] = std::move(all);
      return page;
    }
  }
}

int check_target(const Args& a, Io& io) {
  if (a.server && !a.db.empty())
    return fail(io, core::make_error(core::Errc::usage, "give --db DB or --server URL, not both"));
  if (!a.server && a.db.empty())
    return fail(io, core::make_error(core::Errc::usage,
                                     "give --db DB (the database) or --server URL (a Corridor "
                                     "server)"));
  return k_exit_ok;
}

core::Result<std::unique_ptr<Remote>> connect(const Args& a, Io& io) {
  std::optional<ledger::PrivateKey> key;
  if (!a.key.empty()) {
    auto k = signing_key(a);
    if (!k) return std::move(k).error();
    key = std::move(k).value();
  }
  return Remote::connect(*a.server, std::move(key), io);
}

}  // namespace corridor::cli
