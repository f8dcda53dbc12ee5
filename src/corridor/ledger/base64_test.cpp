#include <corridor/ledger/base64.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <utility>

namespace corridor::ledger {
namespace {

// RFC 4648 section 10.
const std::pair<const char*, const char*> k_rfc4648[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

TEST(Base64, MatchesRfc4648Vectors) {
  for (const auto& [plain, encoded] : k_rfc4648) {
    EXPECT_EQ(base64_encode(plain), encoded) << plain;
    const auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, plain) << encoded;
  }
}

TEST(Base64, RoundTripsEveryByteAtEveryLength) {
  for (std::size_t len = 0; len <= 300; ++len) {
    std::string bytes;
    for (std::size_t i = 0; i < len; ++i) bytes += static_cast<char>((i * 37 + len) & 0xff);
    const std::string text = base64_encode(bytes);
    EXPECT_EQ(text.size() % 4, 0u);
    const auto back = base64_decode(text);
    ASSERT_TRUE(back) << len;
    EXPECT_EQ(*back, bytes) << len;
  }
}

TEST(Base64, UsesTheStandardAlphabet) {
  EXPECT_EQ(base64_encode("\xfb\xff\xfe"), "+//+");
  const auto decoded = base64_decode("+//+");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, "\xfb\xff\xfe");
}

TEST(Base64, RejectsAnythingButCanonicalPaddedText) {
  for (const char* text : {
           "Zg",          // missing padding
           "Zg=",         // short padding
           "Zm8",         // missing padding
           "Zg===",       // too much padding
           "====",        // padding only
           "Z===",        // one character and padding
           "Zg==Zg==",    // padding in the middle
           "Zm9v\n",      // trailing newline
           " Zm9v",       // leading space
           "Zm 9v",       // inner space
           "Zm9v\tYmFy",  // tab
           "Zm9v\r\n",    // CRLF
           "-_-_",        // URL-safe alphabet
           "Zm9v!A==",    // a character outside the alphabet
           "Zh==",        // non-zero bits after the last byte
           "Zm9=",        // non-zero bits after the last byte
       }) {
    EXPECT_FALSE(base64_decode(text)) << '"' << text << '"';
  }
  EXPECT_FALSE(base64_decode(std::string("Zm9v\0", 5)));
}

// libsodium 1.0.18 reads every byte from 0x80 up as '/'; none may pass.
TEST(Base64, RejectsBytesAboveAscii) {
  ASSERT_TRUE(base64_decode("AA/A"));
  for (int c = 0x80; c <= 0xff; ++c) {
    std::string text = "AA/A";
    text[2] = static_cast<char>(c);
    EXPECT_FALSE(base64_decode(text)) << c;
  }
  for (int c = 0; c < 0x80; ++c) {
    std::string text = "AA/A";
    text[2] = static_cast<char>(c);
    const bool alphabet = std::isalnum(c) || c == '+' || c == '/';
    EXPECT_EQ(base64_decode(text).has_value(), alphabet) << c;
  }
}

}  // namespace
}  // namespace corridor::ledger
