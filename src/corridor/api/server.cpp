#include <corridor/api/server.hpp>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace corridor::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using std::chrono::milliseconds;
constexpr auto k_tuple = asio::as_tuple(asio::use_awaitable);

// After an error answer the client may still be sending; closing at once
// would reset the connection and could destroy the answer in flight, so we
// drain for at most this long first (nginx's "lingering close").
constexpr milliseconds k_linger{500};
constexpr std::size_t k_read_chunk = 16 << 10;

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;
using Parser = http::request_parser<http::string_body>;

Response problem(int status, std::string_view code, std::string_view title,
                 std::string_view detail) {
  nlohmann::json body = {{"type", "urn:corridor:problem:" + std::string(code)},
                         {"title", title},
                         {"status", status},
                         {"detail", detail}};
  Response res{status, {}, body.dump()};
  res.headers.set("Content-Type", "application/problem+json");
  return res;
}

bool has_no_body(int status) { return status < 200 || status == 204 || status == 304; }

// Content-Length and Connection are the server's: the handler cannot get
// them wrong.
BeastResponse to_beast(Response&& res, bool keep_alive) {
  if (res.status < 100 || res.status > 599) {
    res = problem(500, "internal", "Internal error", "the handler returned an invalid status");
  }
  BeastResponse out;
  out.version(11);
  out.result(static_cast<unsigned>(res.status));
  if (auto reason = status_reason(res.status); !reason.empty()) out.reason(reason);
  for (auto& [name, value] : res.headers.fields) {
    if (header_name_equal(name, "Content-Length") || header_name_equal(name, "Connection") ||
        header_name_equal(name, "Transfer-Encoding")) {
      continue;
    }
    out.insert(name, value);
  }
  out.keep_alive(keep_alive);
  if (has_no_body(res.status)) return out;
  out.body() = std::move(res.body);
  out.content_length(out.body().size());
  return out;
}

Request to_request(BeastRequest&& in, const std::string& peer) {
  Request req;
  req.method = std::string(in.method_string());
  req.target = std::string(in.target());
  for (const auto& field : in) {
    req.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  req.body = std::move(in.body());
  req.peer = peer;
  return req;
}

bool wants_close(const Response& res) {
  auto connection = res.headers.get("Connection");
  return connection && header_name_equal(*connection, "close");
}

void log_request(std::string_view method, unsigned status, std::size_t bytes,
                 std::chrono::steady_clock::time_point start) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  spdlog::info("http method={} status={} bytes={} us={}", method, status, bytes, us);
}

std::string endpoint_name(const std::string& host, std::uint16_t port) {
  return host + ":" + std::to_string(port);
}

}  // namespace

namespace {
struct Connection;
}  // namespace

struct Server::Impl {
  Impl(const ServerOptions& o, Handler h)
      : options(o),
        handler(std::move(h)),
        ioc(std::max(1, o.io_threads)),
        workers(static_cast<std::size_t>(std::max(1, o.worker_threads))),
        acceptor(asio::make_strand(ioc)) {}

  ServerOptions options;
  Handler handler;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::once_flag stop_once;

  // Live connections, so that stop() can close the idle ones; and whether the
  // accept loop still runs. stop() waits on cv for both to drain.
  std::mutex mutex;
  std::condition_variable cv;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;
  bool accepting = true;

  std::atomic<std::uint64_t> connections_total{0}, connections_refused{0}, requests{0}, timeouts{0},
      too_large{0};

  // Declared last so they go first: pending coroutine frames die with the
  // io_context and unregister themselves under the mutex above.
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
};

namespace {

using Impl = Server::Impl;

// One connection. Its coroutine and its deadline run on one strand, so the
// fields below need no lock.
struct Connection : std::enable_shared_from_this<Connection> {
  Connection(Impl& i, tcp::socket socket, std::string p)
      : impl(i), stream(std::move(socket)), deadline(stream.get_executor()), peer(std::move(p)) {}

  // Reads cut by our own deadline, not by tcp_stream's expiry: that one
  // closes the socket, and then no 408 can be sent. The deadline cancels
  // the read; timed_out tells read_request why it ended.
  void arm(milliseconds d) {
    auto gen = ++deadline_gen;
    timed_out = false;
    deadline.expires_after(d);
    deadline.async_wait([w = weak_from_this(), gen](error_code ec) {
      auto s = w.lock();
      if (ec || !s || s->deadline_gen != gen) return;
      s->timed_out = true;
      error_code ignored;
      s->stream.socket().cancel(ignored);
    });
  }
  void disarm() {
    ++deadline_gen;
    deadline.cancel();
  }
  void close() {
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
  }

  Impl& impl;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  asio::steady_timer deadline;
  std::uint64_t deadline_gen = 0;
  bool timed_out = false;
  bool reading = false;  // waiting for or receiving a request: stop() may close it
  std::string peer;
};

// Unregisters a connection however its coroutine ends (even destroyed unrun).
struct ConnectionGuard {
  Impl& impl;
  Connection* connection;
  ~ConnectionGuard() {
    std::lock_guard lock(impl.mutex);
    impl.connections.erase(connection);
    impl.cv.notify_all();
  }
};

enum class ReadEnd { ok, closed, bad_request, timeout, header_too_large, body_too_large };

struct ReadResult {
  ReadEnd end = ReadEnd::ok;
  std::string detail;
};

// Feeds buffered bytes to the parser, reading more until the header (or the
// whole message) is done, the deadline passes or the peer goes away.
asio::awaitable<error_code> read_until(Connection& s, Parser& parser, bool header_only) {
  auto done = [&] { return header_only ? parser.is_header_done() : parser.is_done(); };
  for (;;) {
    while (!done() && s.buffer.size() > 0) {
      error_code ec;
      std::size_t used = parser.put(s.buffer.data(), ec);
      s.buffer.consume(used);
      if (ec == http::error::need_more) break;
      if (ec) co_return ec;
      if (used == 0) break;
    }
    if (done()) co_return error_code{};
    if (s.timed_out) co_return beast::error::timeout;
    auto [ec, n] = co_await s.stream.async_read_some(s.buffer.prepare(k_read_chunk), k_tuple);
    if (s.timed_out) co_return beast::error::timeout;
    if (ec) co_return ec;
    s.buffer.commit(n);
  }
}

ReadResult classify(error_code ec, std::string_view part, milliseconds limit, Impl& impl) {
  if (ec == beast::error::timeout) {
    ++impl.timeouts;
    return {ReadEnd::timeout, "the request " + std::string(part) + " did not arrive within " +
                                  std::to_string(limit.count()) + " ms"};
  }
  if (ec == http::error::header_limit) {
    return {ReadEnd::header_too_large,
            "the request header exceeds " + std::to_string(impl.options.max_header) + " bytes"};
  }
  if (ec == http::error::body_limit) {
    return {ReadEnd::body_too_large,
            "the request body exceeds " + std::to_string(impl.options.max_body) + " bytes"};
  }
  bool malformed = ec.category() == http::make_error_code(http::error::bad_target).category() &&
                   ec != http::error::partial_message && ec != http::error::end_of_stream;
  if (malformed) return {ReadEnd::bad_request, "malformed HTTP/1.1 request: " + ec.message()};
  return {ReadEnd::closed, {}};
}

asio::awaitable<bool> write_raw(Connection& s, std::string_view bytes) {
  s.stream.expires_after(s.impl.options.write_timeout);
  auto [ec, n] = co_await asio::async_write(s.stream, asio::buffer(bytes), k_tuple);
  s.stream.expires_never();
  co_return !ec;
}

// Waits for the first byte of a request (idle_timeout on a kept-alive
// connection), then for the header and the body, each within its limit.
asio::awaitable<ReadResult> read_request(Connection& s, Parser& parser, bool first) {
  const ServerOptions& o = s.impl.options;
  if (s.impl.stopping) co_return ReadResult{ReadEnd::closed, {}};
  s.reading = true;
  if (s.buffer.size() == 0) {
    s.arm(first ? o.header_timeout : o.idle_timeout);
    auto [ec, n] = co_await s.stream.async_read_some(s.buffer.prepare(k_read_chunk), k_tuple);
    s.disarm();
    if (s.timed_out) ++s.impl.timeouts;
    if (ec || s.timed_out) co_return ReadResult{ReadEnd::closed, {}};
    s.buffer.commit(n);
  }
  s.arm(o.header_timeout);
  error_code ec = co_await read_until(s, parser, true);
  if (ec) {
    s.disarm();
    co_return classify(ec, "header", o.header_timeout, s.impl);
  }
  auto expect = parser.get()[http::field::expect];
  if (!parser.is_done() && header_name_equal(expect, "100-continue")) {
    s.disarm();
    if (!co_await write_raw(s, "HTTP/1.1 100 Continue\r\n\r\n")) {
      co_return ReadResult{ReadEnd::closed, {}};
    }
  }
  s.arm(o.body_timeout);
  ec = co_await read_until(s, parser, false);
  s.disarm();
  s.reading = false;
  if (ec) co_return classify(ec, "body", o.body_timeout, s.impl);
  co_return ReadResult{};
}

asio::awaitable<bool> write_response(beast::tcp_stream& stream, BeastResponse& res, bool head,
                                     milliseconds timeout) {
  stream.expires_after(timeout);
  error_code ec;
  if (head) {
    http::response_serializer<http::string_body> sr{res};
    std::tie(ec, std::ignore) = co_await http::async_write_header(stream, sr, k_tuple);
  } else {
    std::tie(ec, std::ignore) = co_await http::async_write(stream, res, k_tuple);
  }
  stream.expires_never();
  co_return !ec;
}

asio::awaitable<void> linger_close(beast::tcp_stream& stream) {
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(k_linger);
  std::array<char, 4096> scratch;
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), k_tuple);
    if (ec) break;
  }
  stream.close();
}

Response call_handler(Impl& impl, const Request& req) {
  try {
    return impl.handler(req);
  } catch (const std::exception& e) {
    spdlog::error("http handler threw: {}", e.what());
  } catch (...) {
    spdlog::error("http handler threw a non-exception");
  }
  return problem(500, "internal", "Internal error", "the request handler failed");
}

// Runs on a worker thread; its frame owns the request.
asio::awaitable<Response> on_worker(Impl* impl, Request req) { co_return call_handler(*impl, req); }

// Waits, without a thread, for a held answer's Hold (http.hpp: the reads it
// shows being logged durably); resumes on the connection's executor.
asio::awaitable<bool> wait_hold(Hold hold) {
  auto init = [hold = std::move(hold)](auto handler) {
    auto ex = asio::get_associated_executor(handler);
    auto h = std::make_shared<decltype(handler)>(std::move(handler));
    hold([h, ex](bool ok) { asio::post(ex, [h, ok]() mutable { std::move (*h)(ok); }); });
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
      std::move(init), asio::use_awaitable);
}

// Hands the request to the worker pool and resumes on the connection's strand
// with the answer, so a slow handler holds no I/O thread; a held answer is
// sent once its Hold says so, a 500 if it fails.
asio::awaitable<bool> serve(Connection& s, BeastRequest&& in) {
  auto start = std::chrono::steady_clock::now();
  Impl& impl = s.impl;
  ++impl.requests;
  bool head = in.method() == http::verb::head;
  bool keep = in.keep_alive();
  std::string method(in.method_string());
  Response res = co_await asio::co_spawn(
      impl.workers, on_worker(&impl, to_request(std::move(in), s.peer)), asio::use_awaitable);
  if (res.hold) {
    Hold hold = std::move(res.hold);
    res.hold = nullptr;
    if (!co_await wait_hold(std::move(hold)))
      res = problem(500, "internal", "Internal error", "the read could not be logged");
  }
  keep = keep && !impl.stopping && !wants_close(res);
  BeastResponse out = to_beast(std::move(res), keep);
  bool written = co_await write_response(s.stream, out, head, impl.options.write_timeout);
  log_request(method, out.result_int(), out.body().size(), start);
  co_return written&& keep;
}

asio::awaitable<void> answer_error(Connection& s, const ReadResult& r, std::string method) {
  auto start = std::chrono::steady_clock::now();
  Response res;
  switch (r.end) {
    case ReadEnd::bad_request:
      res = problem(400, "bad-request", "Bad request", r.detail);
      break;
    case ReadEnd::timeout:
      res = problem(408, "timeout", "Request timeout", r.detail);
      break;
    case ReadEnd::header_too_large:
      res = problem(431, "header-too-large", "Request header too large", r.detail);
      break;
    default:
      res = problem(413, "body-too-large", "Request body too large", r.detail);
      break;
  }
  if (r.end == ReadEnd::header_too_large || r.end == ReadEnd::body_too_large) ++s.impl.too_large;
  BeastResponse out = to_beast(std::move(res), false);
  co_await write_response(s.stream, out, false, s.impl.options.write_timeout);
  log_request(method, out.result_int(), out.body().size(), start);
  co_await linger_close(s.stream);
}

asio::awaitable<void> run_connection(std::shared_ptr<Connection> s) {
  ConnectionGuard guard{s->impl, s.get()};
  const ServerOptions& o = s->impl.options;
  for (bool first = true;; first = false) {
    Parser parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(o.max_header, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(o.max_body);
    ReadResult r = co_await read_request(*s, parser, first);
    if (r.end == ReadEnd::closed) break;
    if (r.end != ReadEnd::ok) {
      // A named local, not a conditional temporary in the co_await: GCC 12
      // destroys such a temporary twice.
      std::string method(parser.get().method_string());
      if (method.empty()) method = "-";
      co_await answer_error(*s, r, std::move(method));
      break;
    }
    if (!co_await serve(*s, parser.release())) break;
  }
  s->close();
}

asio::awaitable<void> refuse(Impl& impl, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  Response res = problem(503, "overloaded", "Server overloaded",
                         "too many open connections (" +
                             std::to_string(impl.options.max_connections) + "); try again later");
  res.headers.set("Retry-After", "1");
  auto start = std::chrono::steady_clock::now();
  BeastResponse out = to_beast(std::move(res), false);
  co_await write_response(stream, out, false, std::min(impl.options.write_timeout, k_linger));
  log_request("-", out.result_int(), out.body().size(), start);
  co_await linger_close(stream);
}

void log_exception(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    spdlog::error("http connection failed: {}", x.what());
  }
}

void admit(Impl& impl, tcp::socket socket) {
  error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec) return;  // the peer is already gone
  auto executor = socket.get_executor();
  std::shared_ptr<Connection> connection;
  {
    std::lock_guard lock(impl.mutex);
    if (impl.connections.size() < impl.options.max_connections) {
      connection =
          std::make_shared<Connection>(impl, std::move(socket), remote.address().to_string());
      impl.connections.emplace(connection.get(), connection);
    }
  }
  if (!connection) {
    ++impl.connections_refused;
    asio::co_spawn(executor, refuse(impl, std::move(socket)), log_exception);
    return;
  }
  ++impl.connections_total;
  asio::co_spawn(executor, run_connection(std::move(connection)), log_exception);
}

asio::awaitable<void> accept_loop(Impl& impl) {
  asio::steady_timer backoff(impl.acceptor.get_executor());
  while (!impl.stopping) {
    auto [ec, socket] = co_await impl.acceptor.async_accept(asio::make_strand(impl.ioc), k_tuple);
    if (impl.stopping || ec == asio::error::operation_aborted) break;
    if (ec) {
      // Out of file descriptors, most likely: wait rather than spin.
      spdlog::warn("http accept failed: {}", ec.message());
      backoff.expires_after(milliseconds(100));
      co_await backoff.async_wait(k_tuple);
      continue;
    }
    admit(impl, tcp::socket(std::move(socket)));
  }
  std::lock_guard lock(impl.mutex);
  impl.accepting = false;
  impl.cv.notify_all();
}

core::Result<asio::ip::address> resolve_host(asio::io_context& ioc, const ServerOptions& o) {
  std::string host = o.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) return address;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(o.port), ec);
  if (ec || results.empty()) {
    return core::make_error(core::Errc::usage,
                            "cannot listen on " + endpoint_name(o.host, o.port) +
                                ": host is not an IP address and does not resolve");
  }
  return results.begin()->endpoint().address();
}

core::Result<void> bind(Impl& impl, const asio::ip::address& address) {
  const ServerOptions& o = impl.options;
  tcp::endpoint endpoint(address, o.port);
  error_code ec;
  impl.acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl.acceptor.bind(endpoint, ec);
  if (!ec) impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) return {};
  std::string message = "cannot listen on " + endpoint_name(o.host, o.port) + ": " + ec.message();
  if (ec == asio::error::address_in_use) return core::make_error(core::Errc::conflict, message);
  if (ec == boost::system::errc::address_not_available) {
    return core::make_error(core::Errc::usage, message);
  }
  return core::make_error(core::Errc::internal, message);
}

void run_io(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("http I/O thread: {}", e.what());
    }
  }
}

}  // namespace

core::Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options, Handler handler) {
  auto impl = std::make_unique<Impl>(options, std::move(handler));
  auto address = resolve_host(impl->ioc, options);
  if (!address) return std::move(address).error();
  if (auto bound = bind(*impl, *address); !bound) return std::move(bound).error();
  impl->port = impl->acceptor.local_endpoint().port();
  asio::co_spawn(impl->acceptor.get_executor(), accept_loop(*impl), log_exception);
  for (int i = 0; i < std::max(1, options.io_threads); ++i) {
    impl->threads.emplace_back([&ioc = impl->ioc] { run_io(ioc); });
  }
  spdlog::info("http listening on {}", endpoint_name(options.host, impl->port));
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return m_impl->port; }

void Server::stop() {
  std::call_once(m_impl->stop_once, [&impl = *m_impl] {
    impl.stopping = true;
    asio::post(impl.acceptor.get_executor(), [&impl] {
      error_code ignored;
      impl.acceptor.close(ignored);
    });
    std::unique_lock lock(impl.mutex);
    for (auto& [raw, weak] : impl.connections) {
      if (auto s = weak.lock()) {
        asio::post(s->stream.get_executor(), [s] {
          if (s->reading) s->close();
        });
      }
    }
    bool drained = impl.cv.wait_for(lock, impl.options.write_timeout, [&impl] {
      return impl.connections.empty() && !impl.accepting;
    });
    lock.unlock();
    if (!drained) {
      spdlog::warn("http stop: connections still open after {} ms; abandoning them",
                   impl.options.write_timeout.count());
      impl.ioc.stop();
    }
    for (auto& t : impl.threads) t.join();
    impl.workers.join();
    spdlog::info("http stopped");
  });
}

ServerStats Server::stats() const {
  ServerStats s;
  {
    std::lock_guard lock(m_impl->mutex);
    s.connections_open = m_impl->connections.size();
  }
  s.connections_total = m_impl->connections_total;
  s.connections_refused = m_impl->connections_refused;
  s.requests = m_impl->requests;
  s.timeouts = m_impl->timeouts;
  s.too_large = m_impl->too_large;
  return s;
}

void run_until_signal(Server& server) {
  asio::io_context ioc;
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([](const error_code& ec, int signal) {
    if (!ec) spdlog::info("http: signal {}, stopping", signal);
  });
  ioc.run();
  server.stop();
}

}  // namespace corridor::api
