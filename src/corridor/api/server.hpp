#pragma once
// The HTTP/1.1 server behind `corridor serve`: Boost.Beast on Asio with C++20
// coroutines, kept out of this header so that only server.cpp pays for it.
// It owns the sockets, limits and timeouts; what a request means is the
// Handler's business (the router), which sees only the plain values of
// http.hpp.

#include <corridor/api/http.hpp>
#include <corridor/core/result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace corridor::api {

struct ServerOptions {
  std::string host = "127.0.0.1";      // an IP address or a name that resolves to one
  std::uint16_t port = 8080;           // 0: any free port (tests)
  int io_threads = 1;                  // threads running the Asio io_context
  int worker_threads = 8;              // threads running the handler, never the I/O threads
  std::size_t max_body = 16 << 20;     // bytes; larger -> 413 before reading it all
  std::size_t max_header = 16 << 10;   // bytes, request line included; larger -> 431
  std::size_t max_connections = 1024;  // more are answered 503 and closed at once
  // The whole request header must arrive within this (counted from its first
  // byte, or from accept for a connection's first request) -> 408 + close.
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{60000};  // body must arrive within this -> 408 + close
  // A keep-alive connection with no new request is closed silently.
  std::chrono::milliseconds idle_timeout{30000};
  // Writing one response must end within this; also bounds stop().
  std::chrono::milliseconds write_timeout{30000};
};

// Counters since start. Each is read atomically; the set is not a snapshot.
struct ServerStats {
  std::uint64_t connections_open = 0;     // now
  std::uint64_t connections_total = 0;    // accepted and served
  std::uint64_t connections_refused = 0;  // answered 503 for max_connections
  std::uint64_t requests = 0;             // complete requests given to the handler
  std::uint64_t timeouts = 0;             // connections cut for a header/body/idle timeout
  std::uint64_t too_large = 0;            // 413 and 431 answers
};

// Called on a worker thread for every complete request, possibly on several
// threads at once, so it must be thread-safe. Must not throw (if it does, the
// client gets a 500 problem+json and the exception is logged). The server
// sets Content-Length and Connection; the handler sets everything else.
using Handler = std::function<Response(const Request&)>;

// Errors the server itself produces are RFC 9457 problem details
// (application/problem+json) of type urn:corridor:problem:<code>: 400
// bad-request, 408 timeout, 413 body-too-large, 431 header-too-large, 500
// internal (the handler threw), 503 overloaded. Each request is logged
// at info level (method, status, bytes, latency) without its target, whose
// query may hold personal data.
class Server {
public:
  // Binds host:port and starts the I/O and worker threads; the returned
  // server is accepting. Errc::usage for a host that is not an address and
  // does not resolve, Errc::conflict if the address is in use,
  // Errc::internal otherwise; messages name host:port.
  static core::Result<std::unique_ptr<Server>> start(const ServerOptions& options, Handler handler);
  ~Server();  // stop(), then join
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (useful with port 0). Thread-safe.
  std::uint16_t port() const;

  // Graceful stop: stops accepting; closes connections that are waiting for
  // or receiving a request; lets requests already being handled finish and
  // writes their responses (with Connection: close); then ends the threads.
  // Waits for connections at most write_timeout, then abandons them, but
  // always waits for handler calls already running (a thread cannot be
  // interrupted). Idempotent; thread-safe; not to be called from a handler.
  void stop();

  ServerStats stats() const;  // thread-safe

  struct Impl;

private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// Blocks until SIGTERM or SIGINT arrives, then calls server.stop(). For
// `corridor serve`; call it from the main thread.
void run_until_signal(Server& server);

}  // namespace corridor::api
