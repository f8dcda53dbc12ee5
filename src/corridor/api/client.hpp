#pragma once
// A small synchronous HTTP/1.1 client: the CLI's `--server URL` and the
// tests talk to a Corridor server through it. Beast stays in client.cpp.

#include <corridor/api/http.hpp>
#include <corridor/core/result.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace corridor::api {

// Where a server is: http://host[:port][/base]. base_path is "" or starts
// with '/' and has no trailing '/'.
struct Url {
  std::string host;  // a name or an address; an IPv6 address without brackets
  std::uint16_t port = 80;
  std::string base_path;
};

// Parses an http:// URL. Errc::usage, naming the URL, for anything else:
// another scheme (https needs a TLS-terminating proxy in front, which is not
// supported yet), a missing host, a bad port, user info, a query or a
// fragment.
core::Result<Url> parse_url(std::string_view url);

// One kept-alive connection to one server. Not thread-safe: one Client per
// thread.
class Client {
public:
  // Connects lazily, on the first send. timeout bounds each step (connect,
  // writing the request, reading the response); name resolution is the
  // system's and is not bounded by it.
  explicit Client(Url url, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends request (its target is appended to the URL's base_path; Host,
  // Content-Length and Connection are set here) and returns the response,
  // whatever its status. If a kept-alive connection turns out closed before
  // any byte of the response arrives, reconnects and sends once more, as
  // browsers do. Errc::internal "cannot reach host:port: ..." if it cannot
  // connect, and Errc::internal naming host:port for a timeout, a broken
  // connection or a malformed response.
  core::Result<Response> send(const Request& request);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace corridor::api
