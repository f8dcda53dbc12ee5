#pragma once
// `--server URL`: officers' commands through the HTTP API (docs/api.md)
// instead of a database file, so an officer needs no copy of the store.
//
// Sign-in: the account named by the --key file's officer (party/name), with
// the password from $CORRIDOR_PASSWORD or else the first line of standard
// input (asked for without echo on a terminal); or, if $CORRIDOR_TOKEN is
// set, that bearer token and no sign-in. The session's party must be the
// key's party.
//
// A change is drafted by the server and signed here: the private key never
// leaves this process (see change()).

#include <corridor/api/client.hpp>
#include <corridor/cli/common.hpp>

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace corridor::cli {

// The account to sign in as when no key names it (submit: the statement's
// signer).
struct Officer {
  std::string party;
  std::string name;
};

// A non-2xx answer as the Error a local run would have given: the category
// from the status (see Remote::get), the problem's detail as the message,
// its errors[] lines as details, its rule (the code of its type, unless
// that is a category: invalid, refused, conflict, not-found, internal) and
// its field. A body that is not a problem (a proxy's page) gives the status
// line as the message, and no rule.
core::Error error_of(const api::Response& r);

// One signed-in connection to a server. Not thread-safe.
class Remote {
public:
  // Connects to `url` and signs in as the officer `key` names (or `as`, if
  // there is no key). Errc::usage for a bad URL, or for neither a key nor
  // $CORRIDOR_TOKEN; Errc::refused for a wrong password or a session of
  // another party than the key's; Errc::internal if the server cannot be
  // reached. Reads standard input for the password (see above).
  static core::Result<std::unique_ptr<Remote>> connect(const std::string& url,
                                                       std::optional<ledger::PrivateKey> key,
                                                       Io& io, std::optional<Officer> as = {});
  // Signs out a session connect() opened (not a $CORRIDOR_TOKEN one).
  ~Remote();
  Remote(const Remote&) = delete;
  Remote& operator=(const Remote&) = delete;

  // GET path (with its query) and its JSON answer. A problem answer becomes
  // its Error: 400 usage, 404 not_found, 403/401 refused, 409/410 conflict,
  // 422 bad_input, others internal; message the problem's detail, details
  // its errors[] lines.
  core::Result<nlohmann::json> get(const std::string& path);
  // GET path and its body as sent (a proof, a text).
  core::Result<std::string> get_text(const std::string& path);
  // GET path and the ETag it answers with (a case's version, for If-Match).
  // Errors as get(); Errc::internal if the answer has no ETag.
  core::Result<std::string> get_etag(const std::string& path);
  // Every request is sent again if the connection fails, up to 3 times; a
  // POST under the same Idempotency-Key, so that it takes effect once.

  // POST a JSON body, with a fresh Idempotency-Key.
  core::Result<nlohmann::json> post_json(const std::string& path, const nlohmann::json& body);
  // POST a body of another type (text/csv), with a fresh Idempotency-Key.
  core::Result<nlohmann::json> post_raw(const std::string& path, std::string body,
                                        std::string content_type);

  // A signed change: POSTs body; if the server answers 201 with a draft,
  // signs each of its statements with the key and POSTs them to the
  // draft's commit URL under one fresh Idempotency-Key. Returns the
  // committed change's JSON, or the server's direct 200 answer. Errc::usage
  // if connect() was given no key. `if_match` is sent as If-Match when set.
  core::Result<nlohmann::json> change(const std::string& path, const nlohmann::json& body,
                                      std::optional<std::string> if_match = {});
  core::Result<nlohmann::json> change_raw(const std::string& path, std::string body,
                                          std::string content_type);

  // The signing key's officer name ("who/dr.rana"); "" without a key.
  std::string signer() const;

private:
  Remote(api::Url url, std::optional<ledger::PrivateKey> key, Io& io);
  core::Result<void> sign_in(const Officer& who);
  core::Result<void> check_token(const std::optional<Officer>& who);
  core::Result<api::Response> send(api::Request request);
  core::Result<api::Response> post(const std::string& path, std::string body,
                                   std::string content_type, std::optional<std::string> if_match);
  core::Result<nlohmann::json> change_raw_impl(const std::string& path, std::string body,
                                               std::string content_type,
                                               std::optional<std::string> if_match);
  core::Result<nlohmann::json> finish(core::Result<api::Response> r);
  std::string fresh_key();

  std::unique_ptr<api::Client> m_client;
  std::optional<ledger::PrivateKey> m_key;
  Io& m_io;
  std::string m_token;
  bool m_signed_in = false;  // connect() opened the session; the destructor closes it
};

// Percent-escapes one path segment or query value (a case reference, a
// date).
std::string path_segment(std::string_view s);

// path + "?name=value&..." for the parameters that have a value, escaped.
using QueryParam = std::pair<std::string_view, std::optional<std::string>>;
std::string with_query(std::string path, std::initializer_list<QueryParam> params);

// Checks that exactly one of --db and --server is given. k_exit_ok, or
// k_exit_usage after saying why on io.err.
int check_target(const Args& a, Io& io);

// Remote::connect to a.server, as the officer of a.key if given (commands
// that sign declare --key required). Errors as Remote::connect, and
// signing_key()'s for a bad key file.
core::Result<std::unique_ptr<Remote>> connect(const Args& a, Io& io);

// GETs every page of a paged list (?limit=&offset=) and returns the last
// page's answer with `member` holding all the items.
core::Result<nlohmann::json> get_all(Remote& remote, const std::string& path,
                                     std::string_view member);

// Connects (as connect() above), runs fn(remote) -> core::Result<json> and
// prints its JSON with a 2-space indent: k_exit_ok. Otherwise reports the
// error as fail() does and returns its exit code.
template <class Fn>
int with_remote(const Args& a, Io& io, Fn fn) {
  auto remote = connect(a, io);
  if (!remote) return fail(io, remote.error());
  core::Result<nlohmann::json> r = fn(**remote);
  if (!r) return fail(io, r.error());
  io.out << r->dump(2) << "\n";
  return k_exit_ok;
}

}  // namespace corridor::cli
