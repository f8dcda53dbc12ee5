// [[amend]]: who may amend which fields (docs/config.md), the load-time
// check against [visibility], and the rule amend-party (core/workflow.hpp).

#include <corridor/core/config.hpp>

#include <corridor/core/person_fields.hpp>
#include <corridor/core/workflow.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace corridor::core {
namespace {

std::string rafah_text() {
  std::ifstream in(CORRIDOR_SOURCE_DIR "/config/rafah.toml", std::ios::binary);
  EXPECT_TRUE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Config rafah() {
  auto r = parse_config(rafah_text(), "rafah.toml");
  EXPECT_TRUE(r) << r.error().message;
  return r ? std::move(r).value() : Config{};
}

// Rafah with its one occurrence of `from` replaced by `to`.
std::string rafah_with(std::string_view from, std::string_view to) {
  std::string text = rafah_text();
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from << " occurs twice";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string error_of(const std::string& text) {
  auto r = parse_config(text, "r.toml");
  return r ? "(parsed)" : r.error().message;
}

// The line (1-based) of the first occurrence of `what` in `text`.
int line_of(const std::string& text, std::string_view what) {
  auto at = text.find(what);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

const std::vector<std::string> k_identity{"name_ar",       "name_en", "national_id", "passport_no",
                                          "date_of_birth", "sex",     "nationality"};

TEST(ConfigAmend, RafahLetsPaAmendIdentityAndPhoneAndWhoTheMedicalSummaryOfItsOwnCases) {
  const Config c = rafah();
  for (const auto& f : k_identity) {
    EXPECT_TRUE(c.may_amend("pa", f, "who")) << f;
    EXPECT_FALSE(c.may_amend("who", f, "who")) << f;
  }
  EXPECT_TRUE(c.may_amend("pa", "phone", "who"));
  EXPECT_FALSE(c.may_amend("pa", "urgency", "pa"));
  EXPECT_FALSE(c.may_amend("pa", "diagnosis", "pa"));
  for (const char* f : {"urgency", "diagnosis", "phone"}) {
    EXPECT_TRUE(c.may_amend("who", f, "who")) << f;
    EXPECT_FALSE(c.may_amend("who", f, "pa")) << f << ": not a case the WHO registered";
  }
  for (const char* party : {"cogat", "egypt", "eubam"})
    for (std::string_view f : amendable_field_names())
      for (const char* registrant : {"who", "pa", party})
        EXPECT_FALSE(c.may_amend(party, f, registrant)) << party << " " << f;
}

TEST(ConfigAmend, RafahShowsPaThePhoneItCallsTravellersOn) {
  EXPECT_TRUE(rafah().may_see("pa", "phone"));
}

TEST(ConfigAmend, EveryAmendableFieldIsAVisibleFieldAndEveryPersonFieldIsAmendable) {
  const auto& visible = visible_field_names();
  for (std::string_view f : amendable_field_names())
    EXPECT_NE(std::find(visible.begin(), visible.end(), f), visible.end()) << f;
  const auto& amendable = amendable_field_names();
  for (std::string_view f : person_fields())
    EXPECT_NE(std::find(amendable.begin(), amendable.end(), f), amendable.end()) << f;
}

TEST(ConfigAmend, WithoutAnAmendTableNobodyAmends) {
  std::string text = rafah_text();
  text = text.substr(0, text.find("[[amend]]"));
  auto c = parse_config(text, "r.toml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->amend.empty());
  EXPECT_FALSE(c->may_amend("pa", "name_en", "pa"));
}

TEST(ConfigAmend, RefusesAPartyAmendingAFieldItCannotSeeNamingPartyAndField) {
  // pa without the phone in its [visibility], still amending it.
  const std::string text = rafah_with("\"nationality\", \"phone\", \"urgency\",\n      \"flags\"]",
                                      "\"nationality\", \"urgency\", \"flags\"]");
  const std::string e = error_of(text);
  EXPECT_NE(e.find("party 'pa' may amend 'phone' but not see it"), std::string::npos) << e;
  // At the field in the [[amend]] list.
  const int line = line_of(text, "\"nationality\", \"phone\"]");
  EXPECT_EQ(e.rfind("r.toml:" + std::to_string(line) + ":", 0), 0u) << e;
}

TEST(ConfigAmend, RefusesCogatAmendingThePhoneItCannotSee) {
  const std::string text = rafah_with("[[amend]]\nparty = \"who\"", "[[amend]]\nparty = \"cogat\"");
  EXPECT_NE(error_of(text).find("party 'cogat' may amend 'urgency' but not see it"),
            std::string::npos)
      << error_of(text);
}

TEST(ConfigAmend, RefusesWhatIsNotAnAmendTable) {
  EXPECT_NE(error_of(rafah_with("fields = [\"urgency\",", "fields = [\"flags\", \"urgency\","))
                .find("field 'flags' cannot be amended"),
            std::string::npos);
  EXPECT_NE(error_of(rafah_with("party = \"who\"\nfields", "party = \"whoo\"\nfields"))
                .find("unknown party 'whoo'"),
            std::string::npos);
  EXPECT_NE(error_of(rafah_with("cases = \"registered\"", "cases = \"own\""))
                .find("'cases' must be 'all' or 'registered' (got 'own')"),
            std::string::npos);
  EXPECT_NE(error_of(rafah_with("cases = \"registered\"", "case = \"registered\""))
                .find("unknown key 'case' in [[amend]]"),
            std::string::npos);
  EXPECT_NE(error_of(rafah_with("fields = [\"urgency\", \"diagnosis\", \"phone\"]",
                                "fields = [\"urgency\", \"phone\", \"phone\"]"))
                .find("'phone' is listed twice"),
            std::string::npos);
  EXPECT_NE(error_of(rafah_with("party = \"who\"\nfields = [\"urgency\", \"diagnosis\", \"phone\"]",
                                "party = \"who\""))
                .find("missing key 'fields' in [[amend]]"),
            std::string::npos);
}

TEST(AmendParty, RefusesByNameOnlyNamingTheRuleAndTheField) {
  const Config c = rafah();
  EXPECT_TRUE(check_amend_party(c, "pa", {"name_en", "phone"}, "who").ok());
  EXPECT_TRUE(check_amend_party(c, "who", {"urgency"}, "who").ok());
  auto cogat = check_amend_party(c, "cogat", {"phone"}, "who");
  ASSERT_FALSE(cogat);
  EXPECT_EQ(cogat.error().code, Errc::refused);
  EXPECT_EQ(cogat.error().rule, "amend-party");
  EXPECT_EQ(cogat.error().field, "phone");
  EXPECT_EQ(cogat.error().message.rfind("amend-party: phone: ", 0), 0u) << cogat.error().message;
  auto mixed = check_amend_party(c, "pa", {"name_en", "diagnosis"}, "pa");
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().message.rfind("amend-party: diagnosis: ", 0), 0u);
  EXPECT_EQ(mixed.error().field, "diagnosis");
  auto foreign = check_amend_party(c, "who", {"phone"}, "pa");
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("only on cases it registered"), std::string::npos);
  EXPECT_FALSE(check_amend_party(c, "who", {"urgency"}, "").ok());  // no registration known
}

}  // namespace
}  // namespace corridor::core
