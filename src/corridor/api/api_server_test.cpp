// The API on a real socket: api::Server on 127.0.0.1, port 0, in front of
// api::Api, driven by api::Client as the CLI's --server is. The route-level
// rules are tested without a socket in api_test.cpp and the transport's
// limits with a trivial handler in server_test.cpp; these check that the two
// work together: login, a read, a decision signed by the client, its retry,
// and the limits and problem+json of the whole stack.

#include <corridor/api/api_test_fixture.hpp>
#include <corridor/api/client.hpp>
#include <corridor/api/server.hpp>
#include <corridor/api/static_files.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace corridor::api::testing {
namespace {

using nlohmann::json;

class ApiServerTest : public ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    import_good();
    ServerOptions o;
    o.port = 0;
    o.worker_threads = 4;
    o.max_body = 64 << 10;
    o.max_header = 4 << 10;
    auto s = Server::start(o, [this](const Request& r) { return api->handle(r); });
    ASSERT_TRUE(s.ok()) << s.error().message;
    server = std::move(s).value();
    client = std::make_unique<Client>(Url{"127.0.0.1", server->port(), ""});
  }

  void TearDown() override {
    client.reset();
    if (server) server->stop();
    server.reset();
    ApiTest::TearDown();
  }

  Response send(std::string method, std::string target, std::string body = "",
                const std::string& token = "", const HeaderList& extra = {}) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    if (!r.body.empty()) r.headers.set("Content-Type", "application/json");
    if (!token.empty()) r.headers.set("Authorization", "Bearer " + token);
    for (const auto& [k, v] : extra) r.headers.add(k, v);
    auto res = client->send(r);
    EXPECT_TRUE(res.ok()) << (res.ok() ? "" : res.error().message);
    return res.ok() ? std::move(res).value() : Response{0, {}, ""};
  }

  std::string wire_login(const std::string& name) {
    Response r = send("POST", "/api/v1/session",
                      json{{"name", name}, {"password", k_password}, {"bearer", true}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body, nullptr, false).value("token", "");
  }

  std::unique_ptr<Server> server;
  std::unique_ptr<Client> client;
};

TEST_F(ApiServerTest, ADecisionSignedByTheClientCommitsOnceOverTheWire) {
  const std::string token = wire_login(officer("who"));
  ASSERT_FALSE(token.empty());
  // The read: what who may see, with an ETag.
  Response c = send("GET", "/api/v1/cases/WHO-2025-0101?why=review", "", token);
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_TRUE(c.headers.get("ETag").has_value());

  // Draft, sign here, commit with an Idempotency-Key.
  Response d = send("POST", "/api/v1/cases/WHO-2025-0101/decisions",
                    json{{"stage", "referral"}, {"outcome", "approve"}}.dump(), token,
                    {{"If-Match", std::string(*c.headers.get("ETag"))}});
  ASSERT_EQ(d.status, 201) << d.body;
  const json draft = json::parse(d.body);
  const auto notes = sign_draft(draft, key("who"));
  const std::string commit = draft["commit"];
  const std::uint64_t before = log_size();
  Response first =
      send("POST", commit, json{{"notes", notes}}.dump(), token, {{"Idempotency-Key", "wire-1"}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["outcome"], "approve");
  EXPECT_EQ(log_size(), before + 1);

  // The client lost the answer and retries: the same answer, nothing new.
  Response retry =
      send("POST", commit, json{{"notes", notes}}.dump(), token, {{"Idempotency-Key", "wire-1"}});
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.headers.get("Idempotent-Replayed").value_or(""), "true");
  EXPECT_EQ(log_size(), before + 1);

  // The case shows the decision; the old ETag is now stale.
  Response after = send("GET", "/api/v1/cases/WHO-2025-0101", "", token);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(json::parse(after.body)["decisions"].size(), 1u);
  EXPECT_NE(after.headers.get("ETag"), c.headers.get("ETag"));
}

TEST_F(ApiServerTest, CogatSeesNoMedicalDataOverTheWire) {
  const std::string token = wire_login(officer("cogat"));
  Response c = send("GET", "/api/v1/cases/WHO-2025-0101", "", token);
  ASSERT_EQ(c.status, 200) << c.body;
  const json j = json::parse(c.body);
  EXPECT_FALSE(j.contains("diagnosis"));
  EXPECT_FALSE(j.contains("urgency"));
  EXPECT_FALSE(j["person"].contains("phone"));
  EXPECT_EQ(j["person"]["national_id"], "407182336");
}

TEST_F(ApiServerTest, LimitsAndErrorsAreProblemJsonThroughTheWholeStack) {
  const std::string token = wire_login(officer("pa"));
  // A CSV import over the body limit is refused before it is read.
  Response big = send("POST", "/api/v1/imports?file=big.csv", std::string(100 << 10, 'x'), token);
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.headers.get("Content-Type").value_or(""), "application/problem+json");
  // A header over the limit.
  Response wide =
      send("GET", "/api/v1/queue", "", token, {{"X-Padding", std::string(8 << 10, 'p')}});
  EXPECT_EQ(wide.status, 431);
  client = std::make_unique<Client>(Url{"127.0.0.1", server->port(), ""});  // it was closed
  // A route's own errors.
  Response missing = send("GET", "/api/v1/cases/NO-SUCH-REF", "", token);
  EXPECT_EQ(missing.status, 404);
  const json p = json::parse(missing.body);
  EXPECT_EQ(p["type"], "urn:corridor:problem:not-found");
  EXPECT_EQ(p["status"], 404);
  EXPECT_TRUE(p.contains("title") && p.contains("detail"));
  Response anonymous = send("GET", "/api/v1/queue");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.headers.get("WWW-Authenticate").value_or(""), "Bearer");
}

TEST_F(ApiServerTest, ReadsAreLoggedAndTheMonitorSeesThem) {
  const std::string who = wire_login(officer("who"));
  ASSERT_EQ(send("GET", "/api/v1/cases/WHO-2025-0102?why=triage", "", who).status, 200);
  const std::string eubam = wire_login(officer("eubam"));
  Response log = send("GET", "/api/v1/read-log?ref=WHO-2025-0102", "", eubam);
  ASSERT_EQ(log.status, 200) << log.body;
  const json reads = json::parse(log.body)["reads"];
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0]["account"], officer("who"));
  EXPECT_EQ(reads[0]["reason"], "triage");
  EXPECT_EQ(reads[0]["party"], "who");
}

TEST_F(ApiServerTest, AHeadOfAWebUiFileHasItsLengthAndNoBody) {
  const std::filesystem::path web = dir() / "web";
  std::filesystem::create_directories(web);
  std::ofstream(web / "index.html") << "<!doctype html><title>Corridor</title>";
  auto files = StaticFiles::load(web.string());
  ASSERT_TRUE(files.ok()) << files.error().message;
  ApiOptions o;
  o.static_files = std::make_shared<const StaticFiles>(std::move(files).value());
  api = std::make_unique<Api>(*svc, *auth, env, o);
  Response get = send("GET", "/");
  ASSERT_EQ(get.status, 200) << get.body;
  Response head = send("HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty()) << head.body;
  EXPECT_EQ(head.headers.get("Content-Length").value_or(""), std::to_string(get.body.size()));
  EXPECT_EQ(head.headers.get("ETag"), get.headers.get("ETag"));
  // The connection is still good for the next request.
  EXPECT_EQ(send("GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace corridor::api::testing
