#include <corridor/core/national_id.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace corridor::core {
namespace {

// Every vector of tests/vectors/national_id.json (a byte-for-byte copy of
// shared/vectors/national_id.json).
TEST(NationalId, PassesPublishedVectors) {
  std::ifstream in(CORRIDOR_SOURCE_DIR "/tests/vectors/national_id.json");
  ASSERT_TRUE(in) << "missing tests/vectors/national_id.json";
  auto doc = nlohmann::json::parse(in);
  int checked = 0;
  for (const auto& v : doc.at("vectors")) {
    const std::string input = v.at("input");
    const bool valid = v.at("valid");
    auto normalized = normalize_national_id(input);
    const bool got = normalized && national_id_check_digit_ok(*normalized);
    EXPECT_EQ(got, valid) << input;
    if (v.contains("normalized")) {
      ASSERT_TRUE(normalized) << input;
      EXPECT_EQ(*normalized, v.at("normalized").get<std::string>()) << input;
    }
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST(NationalId, CheckDigitCompletesEightDigits) {
  EXPECT_EQ(national_id_check_digit("03933742"), '3');
  for (const char* eight : {"40000000", "80123456", "91234567", "03933742"}) {
    std::string nine = std::string(eight) + national_id_check_digit(eight);
    EXPECT_TRUE(national_id_check_digit_ok(nine)) << nine;
    nine[8] = nine[8] == '9' ? '0' : static_cast<char>(nine[8] + 1);
    EXPECT_FALSE(national_id_check_digit_ok(nine)) << nine;
  }
}

TEST(NationalId, RejectsWrongLengthAndLetters) {
  EXPECT_FALSE(national_id_check_digit_ok("03933742"));
  EXPECT_FALSE(national_id_check_digit_ok("0393374230"));
  EXPECT_FALSE(national_id_check_digit_ok("03933742a"));
  EXPECT_FALSE(normalize_national_id("12345678901"));
  EXPECT_FALSE(normalize_national_id("12a"));
  EXPECT_FALSE(national_id_check_digit_ok("000000000"));
}

}  // namespace
}  // namespace corridor::core
