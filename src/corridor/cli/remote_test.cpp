#include <corridor/cli/remote.hpp>

#include <corridor/api/problem.hpp>

#include <gtest/gtest.h>

namespace corridor::cli {
namespace {

// What the server sends for an Error, read back as the client sees it.
core::Error round_trip(const core::Error& e) {
  return error_of(api::problem_response(api::problem_of(e)));
}

TEST(RemoteError, KeepsTheRuleOfARefusal) {
  const core::Error back =
      round_trip(core::refuse("stage-party", "party cogat may not decide referral"));
  EXPECT_EQ(back.code, core::Errc::refused);
  EXPECT_EQ(back.rule, "stage-party");
  EXPECT_EQ(back.field, "");
  EXPECT_EQ(back.message, "stage-party: party cogat may not decide referral");
}

TEST(RemoteError, KeepsTheRuleOfAConflict) {
  const core::Error back = round_trip(core::refuse("ref-taken", "case X exists"));
  EXPECT_EQ(back.code, core::Errc::conflict);  // 409
  EXPECT_EQ(back.rule, "ref-taken");
}

TEST(RemoteError, KeepsTheFieldOfBadInput) {
  const core::Error back = round_trip(core::invalid("decisions[2].outcome", "missing"));
  EXPECT_EQ(back.code, core::Errc::bad_input);
  EXPECT_EQ(back.rule, "");  // "invalid" is a category, not a rule
  EXPECT_EQ(back.field, "decisions[2].outcome");
  EXPECT_EQ(back.message, "decisions[2].outcome: missing");
}

TEST(RemoteError, KeepsAWholeInputCodeAndItsLines) {
  core::Error e = core::refuse("import-rows", "2 error(s)", {}, core::Errc::bad_input);
  e.details = {"row 2, ref: empty", "row 3, sex: not M or F"};
  const core::Error back = round_trip(e);
  EXPECT_EQ(back.rule, "import-rows");
  EXPECT_EQ(back.details, e.details);
}

TEST(RemoteError, ANonProblemAnswerNamesTheStatusAndNoRule) {
  api::Response r;
  r.status = 502;
  r.body = "<html>bad gateway</html>";
  const core::Error back = error_of(r);
  EXPECT_EQ(back.code, core::Errc::internal);
  EXPECT_EQ(back.rule, "");
  EXPECT_NE(back.message.find("502"), std::string::npos);
}

}  // namespace
}  // namespace corridor::cli
