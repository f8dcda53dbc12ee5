#include <corridor/core/text.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

TEST(Text, ChecksUtf8ByTable37) {
  EXPECT_TRUE(is_utf8("plain"));
  EXPECT_TRUE(is_utf8("\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF"));  // محمد
  EXPECT_TRUE(is_utf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_utf8("ab\xD9"));            // truncated
}

TEST(Text, FindsC0DelAndC1ControlsButNotAllowedOnes) {
  EXPECT_EQ(find_control("no controls"), std::nullopt);
  EXPECT_EQ(find_control("a\tb"), 1u);
  EXPECT_EQ(find_control("a\tb\nc", "\t\n"), std::nullopt);
  EXPECT_EQ(find_control("a\tb\rc", "\t\n"), 3u);
  EXPECT_EQ(find_control("x\x7F"), 1u);
  EXPECT_EQ(find_control("x\xC2\x9B[2J"), 1u);                    // CSI, a C1 control
  EXPECT_EQ(find_control("caf\xC3\xA9 \xC2\xA0"), std::nullopt);  // é, NBSP
  EXPECT_EQ(find_control(std::string_view("a\0b", 3)), 1u);
}

TEST(Text, NormalizesCrLfAndLoneCrToLf) {
  EXPECT_EQ(normalize_line_ends("a\r\nb\rc\nd\r"), "a\nb\nc\nd\n");
  EXPECT_EQ(normalize_line_ends("\r\r\n"), "\n\n");
  EXPECT_EQ(normalize_line_ends("none"), "none");
}

TEST(Text, AReasonIsPrintableUtf8OfBoundedLength) {
  EXPECT_EQ(reason_problem("preparing the gate", 200), "");
  EXPECT_EQ(reason_problem("line\nbreak", 200), "contains a control character (at byte 5)");
  EXPECT_EQ(reason_problem("\x1B[2Jcleared", 200), "contains a control character (at byte 1)");
  // A right-to-left override or a line separator makes a log line read
  // otherwise than it is; Arabic text itself is fine.
  EXPECT_EQ(reason_problem("ok \u202Eevil", 200),
            "contains a line separator or a direction override (at byte 4)");
  EXPECT_EQ(reason_problem("a\u2028b", 200),
            "contains a line separator or a direction override (at byte 2)");
  EXPECT_EQ(reason_problem("x\u2066y\u2069", 200),
            "contains a line separator or a direction override (at byte 2)");
  EXPECT_EQ(reason_problem("\u0645\u0631\u0627\u062C\u0639\u0629 \u2014 review", 200), "");
  EXPECT_EQ(reason_problem("bad \xFF", 200), "not valid UTF-8");
  EXPECT_EQ(reason_problem(std::string(201, 'a'), 200), "longer than 200 bytes");
}

}  // namespace
}  // namespace corridor::core
