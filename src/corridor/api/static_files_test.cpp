// The web UI's files (`serve --static DIR`): what is loaded and what is
// skipped, content types and ETags, and how the Api answers with them
// beside its routes, without a socket.

#include <corridor/api/static_files.hpp>

#include <corridor/api/api_test_fixture.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace corridor::api {
namespace {

namespace fs = std::filesystem;
using testing::Reply;

constexpr std::string_view k_index = "<!doctype html><title>Corridor</title>";
constexpr std::string_view k_secret = "a file beside the web UI's directory";

void write(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(StaticContentType, FollowsTheExtension) {
  EXPECT_EQ(content_type_of("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_of("/app/main.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_of("/app/sign.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_of("/style.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_of("/strings.json"), "application/json");
  EXPECT_EQ(content_type_of("/app/main.js.map"), "application/json");
  EXPECT_EQ(content_type_of("/logo.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_of("/logo.png"), "image/png");
  EXPECT_EQ(content_type_of("/favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_of("/fonts/a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_of("/robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_of("/data.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_of("/LICENSE"), "application/octet-stream");
  EXPECT_EQ(content_type_of("/v1.0/README"), "application/octet-stream");
}

TEST(StaticEtag, MatchesAListAWildcardAndWeakTags) {
  const std::string etag = "\"0123abcd\"";
  EXPECT_TRUE(etag_matches("\"0123abcd\"", etag));
  EXPECT_TRUE(etag_matches("\"x\", \"0123abcd\"", etag));
  EXPECT_TRUE(etag_matches("W/\"0123abcd\"", etag));
  EXPECT_TRUE(etag_matches("*", etag));
  EXPECT_FALSE(etag_matches("\"0123abce\"", etag));
  EXPECT_FALSE(etag_matches("", etag));
  EXPECT_FALSE(etag_matches("0123abcd", etag));
}

class StaticFilesTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "corridor-static-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    m_root = tmpl;
    web = m_root / "web";
    write(web / "index.html", k_index);
    write(web / "app" / "main.js", "export {};\n");
    write(web / "app" / "style.css", "body{}\n");
    write(web / ".env", "SECRET=1\n");
    write(web / ".git" / "config", "[core]\n");
    write(web / "node_modules" / "lib" / "index.js", "module.exports = 1;\n");
    write(m_root / "secret.txt", k_secret);
    fs::create_symlink(m_root / "secret.txt", web / "link.txt");
    fs::create_directory_symlink(m_root, web / "up");
  }
  void TearDown() override { fs::remove_all(m_root); }

  fs::path web;

private:
  fs::path m_root;
};

TEST_F(StaticFilesTest, LoadsRegularFilesAndSkipsHiddenModulesAndLinks) {
  auto files = StaticFiles::load(web.string());
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(files->size(), 3u);
  ASSERT_NE(files->find("/index.html"), nullptr);
  EXPECT_EQ(files->find("/index.html")->body, k_index);
  EXPECT_EQ(files->find("/app/main.js")->content_type, "text/javascript; charset=utf-8");
  for (const char* hidden : {"/.env", "/.git/config", "/node_modules/lib/index.js", "/link.txt",
                             "/up/secret.txt", "/up/web/index.html"})
    EXPECT_EQ(files->find(hidden), nullptr) << hidden;
}

TEST_F(StaticFilesTest, TheRootIsIndexHtml) {
  auto files = StaticFiles::load(web.string());
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(files->find("/"), files->find("/index.html"));
  EXPECT_EQ(files->find("/app"), nullptr);
}

TEST_F(StaticFilesTest, DotSegmentsNameNoFile) {
  auto files = StaticFiles::load(web.string());
  ASSERT_TRUE(files.ok()) << files.error().message;
  for (const char* path : {"/../secret.txt", "/app/../index.html", "/./index.html", "//index.html",
                           "index.html", "/app/main.js/"})
    EXPECT_EQ(files->find(path), nullptr) << path;
}

TEST_F(StaticFilesTest, EtagIsStrongAndFollowsTheBytes) {
  auto files = StaticFiles::load(web.string());
  ASSERT_TRUE(files.ok()) << files.error().message;
  const std::string etag = files->find("/index.html")->etag;
  EXPECT_EQ(etag.size(), 34u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_NE(files->find("/app/main.js")->etag, etag);
}

TEST_F(StaticFilesTest, AMissingDirectoryIsAnErrorNamingIt) {
  const std::string missing = (web / "nope").string();
  auto files = StaticFiles::load(missing);
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.error().code, core::Errc::not_found);
  EXPECT_NE(files.error().message.find(missing), std::string::npos) << files.error().message;
  EXPECT_NE(files.error().message.find("no such directory"), std::string::npos);
}

TEST_F(StaticFilesTest, AFileIsNotADirectory) {
  const std::string file = (web / "index.html").string();
  auto files = StaticFiles::load(file);
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.error().code, core::Errc::not_found);
  EXPECT_NE(files.error().message.find(file), std::string::npos) << files.error().message;
  EXPECT_NE(files.error().message.find("not a directory"), std::string::npos);
}

TEST_F(StaticFilesTest, AnUnreadableFileIsAnErrorNamingIt) {
  const fs::path locked = web / "app" / "locked.js";
  write(locked, "x");
  fs::permissions(locked, fs::perms::none);
  if (std::ifstream(locked)) GTEST_SKIP() << "running as root: permissions do not stop reads";
  auto files = StaticFiles::load(web.string());
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.error().code, core::Errc::not_found);
  EXPECT_NE(files.error().message.find(locked.string()), std::string::npos)
      << files.error().message;
}

// --- the Api in front of them --------------------------------------------------

class StaticApiTest : public testing::ApiTest {
protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    const fs::path web = dir() / "web";
    write(web / "index.html", k_index);
    write(web / "app" / "main.js", "export {};\n");
    write(web / ".env", "SECRET=1\n");
    write(web / "node_modules" / "lib" / "index.js", "module.exports = 1;\n");
    write(dir() / "secret.txt", k_secret);
    auto files = StaticFiles::load(web.string());
    ASSERT_TRUE(files.ok()) << files.error().message;
    ApiOptions o;
    o.static_files = std::make_shared<const StaticFiles>(std::move(files).value());
    api = std::make_unique<Api>(*svc, *auth, env, o);
  }

  static void expect_security_headers(const Reply& r) {
    EXPECT_EQ(r.header("Content-Security-Policy"),
              "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
              "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
              "form-action 'self'");
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  }

  void expect_no_route(const Reply& r) {
    EXPECT_EQ(r.status, 404) << r.text;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
    EXPECT_EQ(r.problem(), "no-route") << r.text;
  }
};

TEST_F(StaticApiTest, TheRootServesIndexHtmlWithSecurityHeaders) {
  const Reply r = call("GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.text, k_index);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  EXPECT_FALSE(r.header("ETag").empty());
  expect_security_headers(r);
  EXPECT_EQ(call("GET", "/index.html").text, k_index);
}

TEST_F(StaticApiTest, AScriptHasItsContentType) {
  const Reply r = call("GET", "/app/main.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/javascript; charset=utf-8");
  expect_security_headers(r);
}

TEST_F(StaticApiTest, AMatchingIfNoneMatchIsNotModified) {
  const std::string etag = call("GET", "/app/main.js").header("ETag");
  ASSERT_FALSE(etag.empty());
  const Reply same = call("GET", "/app/main.js", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.text.empty());
  EXPECT_EQ(same.header("ETag"), etag);
  const Reply other = call("GET", "/app/main.js", "", "", {{"If-None-Match", "\"stale\""}});
  EXPECT_EQ(other.status, 200);
}

TEST_F(StaticApiTest, AHeadHasTheHeadersOfAGet) {
  const Reply get = call("GET", "/app/main.js");
  const Reply head = call("HEAD", "/app/main.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Type"), get.header("Content-Type"));
  EXPECT_EQ(head.header("ETag"), get.header("ETag"));
  expect_security_headers(head);
  // The body stays for the server to measure: it sends only the header
  // (api_server_test.cpp checks the wire).
}

TEST_F(StaticApiTest, TraversalCannotLeaveTheDirectory) {
  for (const char* target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/app/..%2f..%2fsecret.txt",
        "/app/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt"}) {
    SCOPED_TRACE(target);
    const Reply r = call("GET", target);
    EXPECT_EQ(r.text.find(k_secret), std::string::npos);
    expect_no_route(r);
  }
  // A deep link with dot segments gets the UI's page, never the file.
  const Reply r = call("GET", "/%2e%2e/%2e%2e/etc/passwd");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.text, k_index);
}

TEST_F(StaticApiTest, HiddenFilesAndNodeModulesAreNotServed) {
  expect_no_route(call("GET", "/.env"));
  expect_no_route(call("GET", "/node_modules/lib/index.js"));
}

TEST_F(StaticApiTest, ADeepLinkGetsIndexHtmlAndAMissingFileA404) {
  const Reply deep = call("GET", "/cases/WHO-2025-0101");
  EXPECT_EQ(deep.status, 200);
  EXPECT_EQ(deep.text, k_index);
  expect_security_headers(deep);
  expect_no_route(call("GET", "/app/missing.js"));
}

TEST_F(StaticApiTest, TheApiKeepsItsOwnAnswers) {
  expect_no_route(call("GET", "/api/v1/nope"));
  expect_no_route(call("GET", "/api/v1/nope/deeper"));
  expect_no_route(call("GET", "/api"));
  EXPECT_EQ(call("GET", "/healthz").status, 200);
  EXPECT_EQ(call("HEAD", "/healthz").status, 405);
  EXPECT_EQ(call("GET", "/api/v1/openapi.json").header("Content-Type"), "application/json");
  // Only GET and HEAD read files.
  expect_no_route(call("POST", "/index.html", "{}"));
  expect_no_route(call("DELETE", "/"));
}

TEST_F(StaticApiTest, MetricsLabelStaticAnswersStatic) {
  call("GET", "/");
  call("GET", "/cases/WHO-2025-0101");
  const Reply m = call("GET", "/metrics");
  EXPECT_NE(m.text.find("route=\"static\""), std::string::npos);
  EXPECT_EQ(m.text.find("WHO-2025-0101"), std::string::npos);
  EXPECT_EQ(m.text.find("index.html"), std::string::npos);
}

using NoStaticApiTest = testing::ApiTest;

TEST_F(NoStaticApiTest, WithoutStaticFilesTheRootIsNoRoute) {
  const Reply r = call("GET", "/");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.problem(), "no-route");
  EXPECT_EQ(r.header("Content-Security-Policy"), "");
}

}  // namespace
}  // namespace corridor::api
