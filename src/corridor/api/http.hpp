#pragma once
// Plain HTTP request and response values, with no Boost in sight: the
// router and every handler work on these, so they can be tested without a
// socket. server.cpp converts to and from Beast's types; client.cpp is the
// other side.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor::api {

// Header names compare case-insensitively (RFC 9110 section 5.1).
bool header_name_equal(std::string_view a, std::string_view b);

struct Headers {
  std::vector<std::pair<std::string, std::string>> fields;

  // The first field of that name, if any.
  std::optional<std::string_view> get(std::string_view name) const;
  // Replaces every field of that name with one.
  void set(std::string name, std::string value);
  // Adds a field (Set-Cookie may repeat).
  void add(std::string name, std::string value);
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: path and query, e.g. "/api/v1/queue?limit=10"
  Headers headers;
  std::string body;
  std::string peer;  // the client's address, for throttling and the read log
};

// Set on a response that may go out only once something it depends on is
// durable (a read of a person's record, logged by the read log's own
// writer): whoever sends the response calls it once with `done`, which is
// then called once, from any thread, with true to send the response or
// false to send a 500 instead. Api::handle waits for it itself;
// Api::handle_held leaves it to the server, so no worker waits.
using Hold = std::function<void(std::function<void(bool ok)> done)>;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  Hold hold;  // empty: send at once
};

// The path of a target (before '?'), percent-decoded. nullopt for a bad
// escape or a decoded NUL.
std::optional<std::string> target_path(std::string_view target);

// The query parameters of a target, percent-decoded ('+' is a space), in
// order. nullopt for a bad escape.
std::optional<std::vector<std::pair<std::string, std::string>>> target_query(
    std::string_view target);

// The reason phrase of a status code ("Not Found"), "" if unknown.
std::string_view status_reason(int status);

}  // namespace corridor::api
