#include <corridor/core/snapshot.hpp>

#include <gtest/gtest.h>

namespace corridor::core {
namespace {

Person sample() {
  Person p;
  p.name_ar = "محمد أحمد الأسطل";
  p.name_en = "Mohammed Ahmad al-Astal";
  p.national_id = "039337423";
  p.date_of_birth = Date{1990, 5, 17};
  p.sex = Sex::male;
  p.nationality = "PSE";
  p.phone = "+970 59 123 4567";
  return p;
}

const std::string k_salt(16, '\x01');

TEST(Snapshot, CanonicalFormIsDocumented) {
  // docs/snapshot.md gives this exact example.
  EXPECT_EQ(canonical_snapshot(sample(), k_salt),
            "corridor-snapshot-v1\n"
            "salt=01010101010101010101010101010101\n"
            "national_id=039337423\n"
            "passport_no=\n"
            "name_ar=محمد أحمد الأسطل\n"
            "name_en=Mohammed Ahmad al-Astal\n"
            "date_of_birth=1990-05-17\n"
            "sex=M\n"
            "nationality=PSE\n");
}

TEST(Snapshot, HashIsSha256OfCanonicalBytes) {
  // SHA-256 of the canonical example above, computed with sha256sum.
  EXPECT_EQ(to_hex(snapshot_hash(sample(), k_salt)),
            "68ad532986c8b8ac70dc0eedd29259da9984824eb99ff32187fd54d861c759fb");
}

TEST(Snapshot, EveryIdentityFieldChangesTheHash) {
  const Hash256 base = snapshot_hash(sample(), k_salt);
  auto changed = [&](auto mutate) {
    Person p = sample();
    mutate(p);
    return snapshot_hash(p, k_salt) != base;
  };
  EXPECT_TRUE(changed([](Person& p) { p.name_ar += "ي"; }));
  EXPECT_TRUE(changed([](Person& p) { p.name_en = "Muhammad Ahmad al-Astal"; }));
  EXPECT_TRUE(changed([](Person& p) { p.national_id = "039337431"; }));
  EXPECT_TRUE(changed([](Person& p) { p.passport_no = "C1234567"; }));
  EXPECT_TRUE(changed([](Person& p) { p.date_of_birth.day = 18; }));
  EXPECT_TRUE(changed([](Person& p) { p.sex = Sex::female; }));
  EXPECT_TRUE(changed([](Person& p) { p.nationality = "EGY"; }));
}

TEST(Snapshot, PhoneIsNotPartOfIt) {
  Person p = sample();
  p.phone = "+970 56 000 0000";
  EXPECT_EQ(snapshot_hash(p, k_salt), snapshot_hash(sample(), k_salt));
}

TEST(Snapshot, SaltChangesTheHash) {
  EXPECT_NE(snapshot_hash(sample(), k_salt), snapshot_hash(sample(), std::string(16, '\x02')));
}

// The public id (docs/log_format.md, "Public ids"): the expected values are
// Python's hashlib over the documented bytes, salt 16 x 0x01.
TEST(PublicId, IsTheDocumentedHashOfTheCaseKeyAndRef) {
  const std::string salt(16, '\x01');
  EXPECT_EQ(to_hex(case_key(salt)),
            "f0d1144fb1f5031260a9b354f9e8c7618aff7f100ba1bf77ecf2ca52c1b8dee5");
  EXPECT_EQ(public_id(case_key(salt), "WHO-2025-0101"), "82366f358312e64035e6d5ccb33a0a29");
  EXPECT_TRUE(is_public_id(public_id(case_key(salt), "WHO-2025-0101")));
  // Another salt, another id: without the salt the id says nothing of the ref.
  EXPECT_NE(public_id(case_key(std::string(16, '\x02')), "WHO-2025-0101"),
            public_id(case_key(salt), "WHO-2025-0101"));
  EXPECT_FALSE(is_public_id("WHO-2025-0101"));
  EXPECT_FALSE(is_public_id("82366F358312E64035E6D5CCB33A0A29"));
}

}  // namespace
}  // namespace corridor::core
