#include <corridor/api/client.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <charconv>
#include <limits>
#include <optional>

namespace corridor::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

core::Error bad_url(std::string_view url, std::string_view why) {
  return core::make_error(core::Errc::usage,
                          "bad server URL '" + std::string(url) + "': " + std::string(why));
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && header_name_equal(s.substr(0, prefix.size()), prefix);
}

// Splits "host[:port]" or "[v6][:port]" into url; the reason if it cannot.
std::optional<std::string_view> parse_authority(std::string_view authority, Url& url) {
  std::string_view rest;  // ":port" or ""
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return "unclosed '[' in the host";
    url.host = std::string(authority.substr(1, close - 1));
    rest = authority.substr(close + 1);
  } else {
    auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) rest = authority.substr(colon);
  }
  if (url.host.empty()) return "no host";
  if (rest.empty()) return std::nullopt;
  if (rest.front() != ':') return "junk after the host";
  std::string_view port = rest.substr(1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
      value > 65535) {
    return "port must be 1-65535 (an IPv6 host needs brackets)";
  }
  url.port = static_cast<std::uint16_t>(value);
  return std::nullopt;
}

std::string host_header(const Url& url) {
  bool v6 = url.host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + url.host + "]" : url.host;
  return url.port == 80 ? host : host + ":" + std::to_string(url.port);
}

bool set_by_client(std::string_view name) {
  for (auto reserved : {"Host", "Content-Length", "Connection", "Transfer-Encoding"}) {
    if (header_name_equal(name, reserved)) return true;
  }
  return false;
}

http::request<http::string_body> to_beast(const Url& url, const Request& req) {
  http::request<http::string_body> out;
  out.version(11);
  out.method_string(req.method);
  out.target(url.base_path + req.target);
  for (const auto& [name, value] : req.headers.fields) {
    if (!set_by_client(name)) out.insert(name, value);
  }
  out.set(http::field::host, host_header(url));
  if (!req.headers.get("User-Agent")) out.set(http::field::user_agent, "corridor");
  out.body() = req.body;
  out.keep_alive(true);
  out.prepare_payload();
  return out;
}

Response from_beast(http::response<http::string_body>&& in) {
  Response res;
  res.status = static_cast<int>(in.result_int());
  for (const auto& field : in) {
    res.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  res.body = std::move(in.body());
  return res;
}

}  // namespace

core::Result<Url> parse_url(std::string_view url) {
  if (starts_with_nocase(url, "https://")) {
    return bad_url(url,
                   "https is not supported yet; put a TLS-terminating proxy in front of the "
                   "server and reach it over http:// on a trusted network");
  }
  if (!starts_with_nocase(url, "http://")) return bad_url(url, "must start with http://");
  std::string_view rest = url.substr(7);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return bad_url(url, "no query or fragment allowed");
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) return bad_url(url, "no user info allowed");
  Url out;
  if (auto why = parse_authority(authority, out)) return bad_url(url, *why);
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    out.base_path = std::string(path);
  }
  return out;
}

struct Client::Impl {
  Impl(Url u, std::chrono::milliseconds t) : url(std::move(u)), timeout(t) {}

  Url url;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;

  std::string name() const { return url.host + ":" + std::to_string(url.port); }

  // Beast's timeouts work only on asynchronous operations, so each step is
  // started asynchronously and the io_context run until it ends.
  void run() {
    ioc.restart();
    ioc.run();
  }

  error_code connect() {
    close();
    error_code result;
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(url.host, std::to_string(url.port), result);
    if (result) return result;
    stream.expires_after(timeout);
    stream.async_connect(endpoints, [&](error_code ec, const tcp::endpoint&) { result = ec; });
    run();
    return result;
  }

  void close() {
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.clear();
  }

  struct Exchange {
    error_code ec;
    bool got_some = false;  // any byte of a response: then it is not safe to resend
    http::response<http::string_body> response;
  };

  Exchange exchange(http::request<http::string_body>& req) {
    Exchange x;
    stream.expires_after(timeout);
    http::async_write(stream, req, [&](error_code ec, std::size_t) { x.ec = ec; });
    run();
    if (x.ec) return x;
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    if (req.method() == http::verb::head) parser.skip(true);
    stream.expires_after(timeout);
    http::async_read(stream, buffer, parser, [&](error_code ec, std::size_t) { x.ec = ec; });
    run();
    stream.expires_never();
    x.got_some = parser.got_some();
    if (!x.ec) x.response = parser.release();
    return x;
  }
};

Client::Client(Url url, std::chrono::milliseconds timeout)
    : m_impl(std::make_unique<Impl>(std::move(url), timeout)) {}

Client::~Client() = default;

core::Result<Response> Client::send(const Request& request) {
  Impl& i = *m_impl;
  auto req = to_beast(i.url, request);
  bool reused = i.stream.socket().is_open();
  if (!reused) {
    if (auto ec = i.connect()) {
      return core::make_error(core::Errc::internal,
                              "cannot reach " + i.name() + ": " + ec.message());
    }
  }
  auto x = i.exchange(req);
  // A kept-alive connection the server closed meanwhile (its idle timeout,
  // a restart) fails before any byte of an answer: the request was never
  // read, so sending it again is safe.
  if (x.ec && reused && !x.got_some && x.ec != beast::error::timeout) {
    if (auto ec = i.connect()) {
      return core::make_error(core::Errc::internal,
                              "cannot reach " + i.name() + ": " + ec.message());
    }
    x = i.exchange(req);
  }
  if (x.ec) {
    i.close();
    std::string what = x.ec == beast::error::timeout ? "timed out" : x.ec.message();
    return core::make_error(core::Errc::internal, "request to " + i.name() + " failed: " + what);
  }
  if (!x.response.keep_alive()) i.close();
  return from_beast(std::move(x.response));
}

}  // namespace corridor::api
