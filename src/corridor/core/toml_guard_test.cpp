// The TOML guard in front of toml++, on the config's path: a config nested
// deep enough to overflow toml++'s recursion, or with bytes toml++ must not
// see, is refused with the line and column before toml++ reads it.

#include <corridor/core/config.hpp>
#include <corridor/core/toml_guard.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace corridor::core {
namespace {

std::string rafah() {
  std::ifstream in(CORRIDOR_SOURCE_DIR "/config/rafah.toml", std::ios::binary);
  EXPECT_TRUE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(TomlGuard, TheShippedConfigPassesIt) {
  EXPECT_FALSE(detail::unsafe_toml_text(rafah()).has_value());
}

TEST(TomlGuard, ConfigNestedDeepEnoughToOverflowTheParserIsRefused) {
  std::string dotted = "x";
  for (int i = 0; i < 60'000; ++i) dotted += ".k";
  auto r = parse_config(dotted + " = 1\n" + rafah(), "c.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::bad_input);
  EXPECT_EQ(r.error().message, "c.toml:1:130: more than 64 dots in a line");

  const std::string deep = "x = " + std::string(100'000, '[') + std::string(100'000, ']') + "\n";
  r = parse_config(deep + rafah(), "c.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "c.toml:1:21: arrays or tables nested more than 16 deep");
}

TEST(TomlGuard, ConfigWithMalformedUtf8IsRefusedAtItsByte) {
  auto r = parse_config("# ok\nx = \"a\xC3\"\n" + rafah(), "c.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("c.toml:2:"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace corridor::core
