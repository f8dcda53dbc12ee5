#include <corridor/api/server.hpp>

#include <corridor/api/client.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <stdexcept>
#include <thread>

namespace corridor::api {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

long ms_since(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

// Echoes the request; /slow?ms=N sleeps first; /throw throws.
Response echo(const Request& req) {
  Response res;
  if (req.target.starts_with("/slow")) {
    auto query = target_query(req.target);
    int ms = query && !query->empty() ? std::stoi(query->front().second) : 500;
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    res.body = "slow";
    return res;
  }
  if (req.target == "/throw") throw std::runtime_error("boom");
  res.headers.set("Content-Type", "text/plain");
  res.headers.set("X-Peer", req.peer);
  res.body = req.method + " " + req.target + "\n" + req.body;
  return res;
}

// Small limits and short timeouts, with margins for a loaded machine.
ServerOptions test_options() {
  ServerOptions o;
  o.port = 0;
  o.io_threads = 2;  // connections on strands: exercised here, not only in production
  o.worker_threads = 4;
  o.max_body = 1024;
  o.max_header = 1024;
  o.header_timeout = 300ms;
  o.body_timeout = 1000ms;
  o.idle_timeout = 2000ms;
  o.write_timeout = 2000ms;
  return o;
}

std::unique_ptr<Server> start(const ServerOptions& o = test_options()) {
  auto server = Server::start(o, echo);
  if (!server) throw std::runtime_error(server.error().message);
  return std::move(server).value();
}

Url url_of(const Server& server) { return Url{"127.0.0.1", server.port(), ""}; }

Request get(std::string target) { return Request{"GET", std::move(target), {}, {}, {}}; }

template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds limit = 3000ms) {
  auto start = Clock::now();
  while (!pred()) {
    if (Clock::now() - start > limit) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

struct RawResponse {
  int status = 0;  // 0: none arrived (closed or timed out)
  std::string head;
  std::string body;

  bool has_header(std::string_view line) const {
    return head.find("\r\n" + std::string(line) + "\r\n") != std::string::npos;
  }
};

// A plain POSIX socket, to send what Client never would.
class RawConnection {
public:
  explicit RawConnection(std::uint16_t port) {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{3, 0};  // no test hangs for long on a server that fails to answer
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(m_fd); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return m_connected; }

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      auto n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // One response, framed by Content-Length (which a HEAD answer only states).
  RawResponse read_response(bool head = false) {
    RawResponse res;
    std::size_t end;
    while ((end = m_buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return res;
    }
    res.head = m_buffer.substr(0, end + 2);
    std::size_t length = head ? 0 : content_length(res.head);
    while (m_buffer.size() < end + 4 + length) {
      if (!fill()) return res;
    }
    res.body = m_buffer.substr(end + 4, length);
    m_buffer.erase(0, end + 4 + length);
    if (res.head.starts_with("HTTP/1.1 ")) res.status = std::stoi(res.head.substr(9, 3));
    return res;
  }

  // True if the server closes the connection (within the receive timeout).
  bool closed_by_peer() {
    char c;
    auto n = ::recv(m_fd, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

private:
  static std::size_t content_length(const std::string& head) {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = lower.find("\r\ncontent-length: ");
    return at == std::string::npos ? 0 : std::stoul(lower.substr(at + 18));
  }

  bool fill() {
    char chunk[4096];
    auto n = ::recv(m_fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    m_buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int m_fd = -1;
  bool m_connected = false;
  std::string m_buffer;
};

void expect_problem(const RawResponse& res, int status, const std::string& code) {
  EXPECT_EQ(res.status, status) << res.head;
  EXPECT_TRUE(res.has_header("Content-Type: application/problem+json")) << res.head;
  EXPECT_TRUE(res.has_header("Connection: close")) << res.head;
  auto body = nlohmann::json::parse(res.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << res.body;
  EXPECT_EQ(body.value("type", ""), "urn:corridor:problem:" + code);
  EXPECT_EQ(body.value("status", 0), status);
  EXPECT_FALSE(body.value("title", "").empty());
  EXPECT_FALSE(body.value("detail", "").empty());
}

TEST(Server, AnswersGetRoundTrip) {
  auto server = start();
  Client client(url_of(*server));
  auto res = client.send(get("/hello?x=1"));
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "GET /hello?x=1\n");
  EXPECT_EQ(res->headers.get("Content-Type"), "text/plain");
  EXPECT_EQ(res->headers.get("Content-Length"), std::to_string(res->body.size()));
}

TEST(Server, KeepsConnectionAliveAcrossRequests) {
  auto server = start();
  RawConnection raw(server->port());
  for (int i = 0; i < 3; ++i) {
    std::string target = "/n" + std::to_string(i);
    ASSERT_TRUE(raw.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto res = raw.read_response();
    ASSERT_EQ(res.status, 200) << "request " << i;
    EXPECT_EQ(res.body, "GET " + target + "\n");
  }
  Client client(url_of(*server));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.send(get("/c")));
  EXPECT_EQ(server->stats().connections_total, 2u);
  EXPECT_EQ(server->stats().requests, 6u);
}

TEST(Server, EchoesPostBody) {
  auto server = start();
  Client client(url_of(*server));
  std::string body(1000, 'b');
  auto res = client.send(Request{"POST", "/echo", {}, body, {}});
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->body, "POST /echo\n" + body);
}

TEST(Server, AnswersOversizedBodyWith413WithoutReadingIt) {
  auto server = start();
  RawConnection raw(server->port());
  // The body is never sent: a server that waited for it would answer 408
  // after body_timeout, or nothing within the socket's receive timeout.
  ASSERT_TRUE(raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"));
  auto start_time = Clock::now();
  auto res = raw.read_response();
  expect_problem(res, 413, "body-too-large");
  EXPECT_LT(ms_since(start_time), 900);
  EXPECT_EQ(server->stats().too_large, 1u);
  EXPECT_EQ(server->stats().requests, 0u);
}

TEST(Server, AnswersBigHeaderWith431) {
  auto server = start();
  RawConnection raw(server->port());
  ASSERT_TRUE(
      raw.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n"));
  expect_problem(raw.read_response(), 431, "header-too-large");
}

TEST(Server, SendsContinueBeforeReadingAnExpectedBody) {
  auto server = start();
  RawConnection raw(server->port());
  ASSERT_TRUE(
      raw.send("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = raw.read_response(true);
  ASSERT_EQ(interim.status, 100) << interim.head;
  ASSERT_TRUE(raw.send("abc"));
  auto res = raw.read_response();
  EXPECT_EQ(res.status, 200) << res.head;
  EXPECT_EQ(res.body, "POST /e\nabc");
}

TEST(Server, AnswersGarbageWith400) {
  auto server = start();
  RawConnection raw(server->port());
  ASSERT_TRUE(raw.send("this is not http at all\r\n\r\n"));
  expect_problem(raw.read_response(), 400, "bad-request");
}

TEST(Server, CutsSlowClientAtHeaderTimeoutWithoutDelayingOthers) {
  ServerOptions o = test_options();
  o.header_timeout = 1500ms;
  auto server = start(o);
  RawConnection slow(server->port());
  auto start_time = Clock::now();
  ASSERT_TRUE(slow.send("GET / HTTP/1.1\r\nX-Slow: "));
  std::atomic<bool> done{false};
  std::thread dribble([&] {
    while (!done && slow.send("a")) std::this_thread::sleep_for(50ms);
  });
  // Served while the slow client still holds its connection open.
  Client client(url_of(*server));
  auto fast_start = Clock::now();
  auto fast = client.send(get("/fast"));
  EXPECT_LT(ms_since(fast_start), 1000);
  ASSERT_TRUE(fast) << fast.error().message;
  EXPECT_EQ(fast->status, 200);

  auto res = slow.read_response();
  long elapsed = ms_since(start_time);
  done = true;
  dribble.join();
  expect_problem(res, 408, "timeout");
  EXPECT_GE(elapsed, 1400);
  EXPECT_LT(elapsed, 2900);
  EXPECT_GE(server->stats().timeouts, 1u);
}

TEST(Server, ClosesIdleKeepAliveConnectionSilently) {
  ServerOptions o = test_options();
  o.idle_timeout = 200ms;
  auto server = start(o);
  RawConnection raw(server->port());
  ASSERT_TRUE(raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_EQ(raw.read_response().status, 200);
  auto start_time = Clock::now();
  EXPECT_TRUE(raw.closed_by_peer());
  EXPECT_LT(ms_since(start_time), 2000);
}

TEST(Server, RefusesConnectionsOverTheLimit) {
  ServerOptions o = test_options();
  o.max_connections = 2;
  auto server = start(o);
  auto first = std::make_unique<RawConnection>(server->port());
  RawConnection second(server->port());
  for (RawConnection* raw : {first.get(), &second}) {
    ASSERT_TRUE(raw->send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_EQ(raw->read_response().status, 200);
  }
  RawConnection third(server->port());
  auto start_time = Clock::now();
  auto res = third.read_response();
  expect_problem(res, 503, "overloaded");
  EXPECT_LT(ms_since(start_time), 2000);
  EXPECT_EQ(server->stats().connections_refused, 1u);

  first.reset();
  ASSERT_TRUE(wait_until([&] { return server->stats().connections_open < 2; }));
  Client client(url_of(*server));
  auto again = client.send(get("/"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->status, 200);
}

TEST(Server, SlowHandlerDoesNotDelayFastRequest) {
  // One I/O thread: a handler run on it would hold up the fast request.
  ServerOptions o = test_options();
  o.io_threads = 1;
  auto server = start(o);
  std::thread slow([&] {
    Client client(url_of(*server));
    auto res = client.send(get("/slow?ms=2000"));
    EXPECT_TRUE(res && res->body == "slow");
  });
  ASSERT_TRUE(wait_until([&] { return server->stats().requests >= 1; }));
  Client client(url_of(*server));
  auto start_time = Clock::now();
  auto res = client.send(get("/fast"));
  EXPECT_LT(ms_since(start_time), 1000);
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  slow.join();
}

TEST(Server, StopLetsInFlightRequestFinish) {
  auto server = start();
  RawConnection idle(server->port());
  ASSERT_TRUE(idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_EQ(idle.read_response().status, 200);

  core::Result<Response> slow_res = core::make_error(core::Errc::internal, "not run");
  std::thread slow([&] {
    Client client(url_of(*server));
    slow_res = client.send(get("/slow?ms=800"));
  });
  ASSERT_TRUE(wait_until([&] { return server->stats().requests >= 2; }));
  auto start_time = Clock::now();
  server->stop();
  EXPECT_LT(ms_since(start_time), 2000);
  slow.join();
  ASSERT_TRUE(slow_res) << slow_res.error().message;
  EXPECT_EQ(slow_res->status, 200);
  EXPECT_EQ(slow_res->body, "slow");
  EXPECT_EQ(slow_res->headers.get("Connection"), "close");
  EXPECT_TRUE(idle.closed_by_peer());

  Client late(url_of(*server), 1000ms);
  auto refused = late.send(get("/"));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("cannot reach 127.0.0.1:"), std::string::npos);
  server->stop();  // idempotent
}

TEST(Server, AnswersHandlerExceptionWithProblemJson) {
  auto server = start();
  RawConnection raw(server->port());
  ASSERT_TRUE(raw.send("GET /throw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  expect_problem(raw.read_response(), 500, "internal");
}

TEST(Server, GivesThePeerAddressToTheHandler) {
  auto server = start();
  Client client(url_of(*server));
  auto res = client.send(get("/"));
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->headers.get("X-Peer"), "127.0.0.1");
}

TEST(Server, HeadGetsHeadersWithoutBody) {
  auto server = start();
  RawConnection raw(server->port());
  ASSERT_TRUE(raw.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto head = raw.read_response(true);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.has_header("Content-Length: 8")) << head.head;
  // Had a body been sent, it would precede this answer and garble it.
  auto next = raw.read_response();
  EXPECT_EQ(next.status, 200) << next.head;
  EXPECT_EQ(next.body, "GET /g\n");
}

TEST(Server, StartFailsWithConflictWhenThePortIsTaken) {
  auto server = start();
  ServerOptions o = test_options();
  o.port = server->port();
  auto second = Server::start(o, echo);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, core::Errc::conflict);
  EXPECT_NE(second.error().message.find("127.0.0.1:" + std::to_string(o.port)), std::string::npos);
}

TEST(Server, StartFailsWithUsageForAnAddressNotOnThisHost) {
  ServerOptions o = test_options();
  o.host = "192.0.2.1";  // TEST-NET-1, never local
  auto server = Server::start(o, echo);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, core::Errc::usage);
  EXPECT_NE(server.error().message.find("192.0.2.1:0"), std::string::npos);
}

TEST(Client, ParsesHttpUrls) {
  auto url = parse_url("http://example.org:8081/corridor/");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->host, "example.org");
  EXPECT_EQ(url->port, 8081);
  EXPECT_EQ(url->base_path, "/corridor");
  url = parse_url("http://[::1]");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 80);
  EXPECT_EQ(url->base_path, "");
}

TEST(Client, RejectsHttpsNamingTheWayOut) {
  auto url = parse_url("https://example.org");
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().code, core::Errc::usage);
  EXPECT_NE(url.error().message.find("https://example.org"), std::string::npos);
  EXPECT_NE(url.error().message.find("TLS-terminating proxy"), std::string::npos);
}

TEST(Client, RejectsBadUrls) {
  for (auto bad :
       {"example.org", "ftp://x", "http://", "http://:80", "http://x:0", "http://x:99999",
        "http://x:8o", "http://u@x", "http://x/?q=1", "http://::1/", "http://[::1"}) {
    auto url = parse_url(bad);
    ASSERT_FALSE(url) << bad;
    EXPECT_EQ(url.error().code, core::Errc::usage);
    EXPECT_NE(url.error().message.find(bad), std::string::npos);
  }
}

TEST(Client, ReconnectsWhenTheServerClosedTheIdleConnection) {
  ServerOptions o = test_options();
  o.idle_timeout = 100ms;
  auto server = start(o);
  Client client(url_of(*server));
  ASSERT_TRUE(client.send(get("/1")));
  ASSERT_TRUE(wait_until([&] { return server->stats().connections_open == 0; }));
  auto res = client.send(get("/2"));
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->body, "GET /2\n");
  EXPECT_EQ(server->stats().connections_total, 2u);
}

TEST(Client, AppendsTargetToBasePath) {
  auto server = start();
  Client client(Url{"127.0.0.1", server->port(), "/base"});
  auto res = client.send(get("/x?y=1"));
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->body, "GET /base/x?y=1\n");
}

}  // namespace
}  // namespace corridor::api
