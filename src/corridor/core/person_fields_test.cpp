#include <corridor/core/person_fields.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

const Date k_today{2026, 11, 25};

Result<void> set(Person& p, std::string_view field, std::string_view value,
                 std::vector<Flag>* flags = nullptr) {
  std::vector<Flag> ignored;
  return set_person_field(p, field, value, k_today, flags ? *flags : ignored);
}

TEST(PersonFields, NamesAreStoredInNfc) {
  Person p;
  // ALEF + combining MADDA ABOVE is the same letter as ALEF WITH MADDA ABOVE.
  ASSERT_TRUE(set(p, "name_ar", "\u0627\u0653\u0645\u0646\u0629").ok());
  EXPECT_EQ(p.name_ar, "\u0622\u0645\u0646\u0629");
  ASSERT_TRUE(set(p, "name_en", "Rene\u0301").ok());
  EXPECT_EQ(p.name_en, "Ren\u00e9");
}

TEST(PersonFields, TrimsSpacesAndRefusesControlCharacters) {
  Person p;
  ASSERT_TRUE(set(p, "name_en", "  Amal Hamdan ").ok());
  EXPECT_EQ(p.name_en, "Amal Hamdan");
  auto r = set(p, "name_en", "Amal\nHamdan");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "name_en: contains a control character");
  EXPECT_EQ(p.name_en, "Amal Hamdan");  // unchanged on failure
}

TEST(PersonFields, FailedCheckDigitIsAFlagNotAnError) {
  Person p;
  std::vector<Flag> flags;
  ASSERT_TRUE(set(p, "national_id", "039337422", &flags).ok());
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].code, "id-check-digit");
  EXPECT_EQ(p.national_id, "039337422");
  flags.clear();
  ASSERT_TRUE(set(p, "national_id", "039337423", &flags).ok());
  EXPECT_TRUE(flags.empty());
}

TEST(PersonFields, EachFieldNamesItselfInItsError) {
  Person p;
  EXPECT_EQ(set(p, "national_id", "12345").error().message,
            "national_id: must be exactly 9 digits (got 12345)");
  EXPECT_EQ(set(p, "date_of_birth", "2027-01-01").error().message,
            "date_of_birth: is in the future (2027-01-01 is after 2026-11-25)");
  EXPECT_EQ(set(p, "sex", "X").error().message, "sex: must be M or F (got X)");
  EXPECT_NE(set(p, "passport_no", "c123").error().message.find("passport_no:"), std::string::npos);
  EXPECT_NE(set(p, "nationality", "Palestine").error().message.find("nationality:"),
            std::string::npos);
  EXPECT_NE(set(p, "phone", "call me").error().message.find("phone:"), std::string::npos);
  EXPECT_NE(set(p, "favourite_colour", "blue").error().message.find("not an identity field"),
            std::string::npos);
}

TEST(PersonFields, CompleteNeedsANameAndADocument) {
  Person p;
  EXPECT_FALSE(check_person_complete(p).ok());
  p.name_ar = "أمل";
  EXPECT_FALSE(check_person_complete(p).ok());
  p.passport_no = "C1234567";
  EXPECT_TRUE(check_person_complete(p).ok());
}

TEST(PersonFields, FieldValuesRoundTripByName) {
  Person p;
  for (auto [field, value] : {std::pair{"national_id", "039337423"},
                              {"passport_no", "C1234567"},
                              {"name_ar", "أمل"},
                              {"name_en", "Amal"},
                              {"date_of_birth", "1990-05-17"},
                              {"sex", "F"},
                              {"nationality", "PSE"},
                              {"phone", "+970 59 1"}}) {
    ASSERT_TRUE(set(p, field, value).ok()) << field;
    EXPECT_EQ(person_field(p, field), value) << field;
  }
  EXPECT_EQ(person_fields().size(), 8u);
}

}  // namespace
}  // namespace corridor::core
