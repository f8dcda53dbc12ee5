// The web UI built into the binary (scripts/embed_web.cmake): the embedded
// set is web/static's files byte for byte, as StaticFiles::load reads them
// from the source tree this binary was built from, and a table is read by
// load's rules.

#include <corridor/api/static_files.hpp>

#include <sodium.h>

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace corridor::api {
namespace {

const std::string k_web_static = std::string(CORRIDOR_SOURCE_DIR) + "/web/static";

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
  crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, hash.data(), hash.size());
  return hex;
}

TEST(EmbeddedWeb, IsWebStaticByteForByte) {
  auto dir = StaticFiles::load(k_web_static);
  ASSERT_TRUE(dir.ok()) << dir.error().message;
  const StaticFiles embedded = StaticFiles::embedded();
  // The same paths: nothing missing (a file added since the build), nothing
  // extra (a file removed, or one load skips).
  ASSERT_EQ(embedded.paths(), dir->paths());
  for (std::string_view path : dir->paths()) {
    const StaticFile* want = dir->find(path);
    const StaticFile* got = embedded.find(path);
    ASSERT_NE(got, nullptr) << path;
    EXPECT_EQ(got->body.size(), want->body.size()) << path;
    EXPECT_TRUE(got->body == want->body) << path << " differs from " << k_web_static;
    EXPECT_EQ(got->content_type, want->content_type) << path;
    EXPECT_EQ(got->etag, want->etag) << path;
  }
}

TEST(EmbeddedWeb, EachFileHasTheHashTheBuildRecorded) {
  const auto table = embedded_web_files();
  ASSERT_FALSE(table.empty());
  for (const EmbeddedFile& f : table)
    EXPECT_EQ(sha256_hex(std::string_view(f.begin, static_cast<std::size_t>(f.end - f.begin))),
              f.sha256)
        << f.path;
}

TEST(EmbeddedWeb, HoldsTheIndexTheAppAndTheVendoredFiles) {
  const StaticFiles embedded = StaticFiles::embedded();
  const StaticFile* index = embedded.find("/");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index, embedded.find("/index.html"));
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(index->body.find("<!doctype html>"), std::string::npos);
  const StaticFile* app = embedded.find("/js/app.js");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->content_type, "text/javascript; charset=utf-8");
  // npm's uPlot, copied by web/scripts/vendor.mjs before the build.
  ASSERT_NE(embedded.find("/vendor/uPlot.esm.js"), nullptr);
  EXPECT_EQ(embedded.find("/vendor/uPlot.min.css")->content_type, "text/css; charset=utf-8");
}

TEST(EmbeddedWeb, ATableIsReadByLoadsRules) {
  const std::string a = "export {};\n", b = "SECRET=1\n";
  auto row = [](std::string_view path, const std::string& body) {
    return EmbeddedFile{path, "", body.data(), body.data() + body.size()};
  };
  const std::vector<EmbeddedFile> table = {
      row("/index.html", a),  row("/js/app.js", a),         row("/.env", b),
      row("/.git/config", b), row("/node_modules/x.js", b), row("/js/../secret", b),
      row("/js/./app.js", b), row("//index.html", b),       row("index.html", b),
      row("/js/", b),         row("/node_modules", a),      row("", b)};
  const StaticFiles files = StaticFiles::from_table(table);
  EXPECT_EQ(files.paths(),
            (std::vector<std::string_view>{"/index.html", "/js/app.js", "/node_modules"}));
  EXPECT_EQ(files.find("/js/app.js")->body, a);
  EXPECT_EQ(files.find("/js/app.js")->content_type, "text/javascript; charset=utf-8");
}

}  // namespace
}  // namespace corridor::api
