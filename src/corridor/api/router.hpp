#pragma once
// The route table: a method and a path pattern ("/api/v1/cases/{ref}") to a
// handler. Matching is a pure function of the request, so the whole API can
// be tested without a socket (api_test.cpp) and checked against the OpenAPI
// document route by route.

#include <corridor/api/http.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::api {

// Path parameters by name ("ref" -> "C-0001"), percent-decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

// Who may call a route.
enum class Access {
  open,       // anyone, signed in or not (health, the public log, login)
  signed_in,  // any live session
  officer,    // an officer or a monitor: people who act for a party
  monitor,    // the monitor party's officers only
  admin,      // admins only
  auditor,    // admins and the monitor (the read log)
};

struct Route {
  std::string method;
  // Segments; "{name}" matches one non-empty segment, a last "{name*}" the
  // rest of the path.
  std::string pattern;
  Access access = Access::signed_in;
  // A POST that commits a change: needs an Idempotency-Key, and a retry
  // gets the stored answer. (Every POST, PUT, PATCH and DELETE from a
  // browser needs the CSRF token, whatever this says.)
  bool idempotent = false;
  std::string summary;  // one line, for the logs and the OpenAPI check
};

struct Match {
  const Route* route = nullptr;
  PathParams params;
};

class RouteTable {
public:
  void add(Route route);
  const std::vector<Route>& routes() const { return m_routes; }

  // The route for a method and a decoded path. `path_known` tells a 405
  // (the path matches another method) from a 404.
  std::optional<Match> match(std::string_view method, std::string_view path,
                             bool* path_known = nullptr) const;
  // The methods a path allows, for the Allow header of a 405.
  std::vector<std::string> methods_for(std::string_view path) const;

private:
  std::vector<Route> m_routes;
};

// Splits "/a/b/c" into {"a","b","c"}; empty segments are kept, so "/a//b"
// matches no route.
std::vector<std::string_view> path_segments(std::string_view path);

}  // namespace corridor::api
