#include <corridor/api/problem.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace corridor::api {
namespace {

// An Error with the given members and a message that names no rule or field.
core::Error error(core::Errc code, std::string rule, std::string field = {}) {
  core::Error e = core::make_error(code, "a message for people, with no prefix");
  e.rule = std::move(rule);
  e.field = std::move(field);
  return e;
}

TEST(ProblemOf, TakesTheCodeAndStatusFromTheRuleMemberNotTheMessage) {
  const struct {
    const char* rule;
    int status;
  } cases[] = {{"stage-party", 403},    {"unknown-key", 403},    {"stale-snapshot", 409},
               {"ref-taken", 409},      {"already-signed", 409}, {"deny-reason", 422},
               {"manifest-policy", 422}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rule);
    const Problem p = problem_of(error(core::Errc::refused, c.rule));
    EXPECT_EQ(p.code, c.rule);
    EXPECT_EQ(p.status, c.status);
    EXPECT_EQ(p.detail, "a message for people, with no prefix");
  }
}

TEST(ProblemOf, NeverReadsARuleOutOfTheMessage) {
  const Problem refused =
      problem_of(core::make_error(core::Errc::refused, "stage-party: looks like a rule"));
  EXPECT_EQ(refused.code, "refused");
  EXPECT_EQ(refused.status, 422);
  const Problem input = problem_of(core::make_error(core::Errc::bad_input, "outcome: missing"));
  EXPECT_EQ(input.code, "invalid");
  EXPECT_EQ(input.field, "");
}

TEST(ProblemOf, TakesTheFieldFromTheFieldMember) {
  const Problem p = problem_of(error(core::Errc::bad_input, "", "decisions[2].stage"));
  EXPECT_EQ(p.status, 422);
  EXPECT_EQ(p.code, "invalid");
  EXPECT_EQ(p.field, "decisions[2].stage");
  const Problem amend = problem_of(error(core::Errc::refused, "amend-party", "changes.phone"));
  EXPECT_EQ(amend.status, 403);
  EXPECT_EQ(amend.field, "changes.phone");
}

TEST(ProblemOf, AWholeInputCodeIsItsOwnCode) {
  EXPECT_EQ(problem_of(error(core::Errc::bad_input, "import-rows")).code, "import-rows");
  EXPECT_EQ(problem_of(error(core::Errc::bad_input, "some-other")).code, "invalid");
}

TEST(ProblemOf, AConflictTakesItsRuleOrTheCategory) {
  const Problem named = problem_of(error(core::Errc::conflict, "account-exists", "name"));
  EXPECT_EQ(named.status, 409);
  EXPECT_EQ(named.code, "account-exists");
  EXPECT_EQ(named.field, "name");
  EXPECT_EQ(problem_of(error(core::Errc::conflict, "")).code, "conflict");
}

TEST(ProblemOf, AnInternalErrorTellsNothing) {
  core::Error e = error(core::Errc::internal, "x", "y");
  e.details = {"/var/lib/corridor/db: disk I/O error"};
  const Problem p = problem_of(e);
  EXPECT_EQ(p.status, 500);
  EXPECT_EQ(p.code, "internal");
  EXPECT_EQ(p.field, "");
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.detail.find("message"), std::string::npos);
}

TEST(ProblemOf, TheRefuseHelperMapsAsBefore) {
  const Problem p = problem_of(core::refuse("stale-manifest", "the manifest changed"));
  EXPECT_EQ(p.status, 409);
  EXPECT_EQ(p.code, "stale-manifest");
  EXPECT_EQ(p.detail, "stale-manifest: the manifest changed");
  const Problem f = problem_of(core::invalid("outcome", "'maybe' is not approve"));
  EXPECT_EQ(f.code, "invalid");
  EXPECT_EQ(f.field, "outcome");
}

TEST(ProblemResponse, CarriesTheRuleAsAMemberBesideTheType) {
  const Response r =
      problem_response(problem_of(core::refuse("stale-manifest", "the manifest changed")));
  const nlohmann::json j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j.at("rule"), "stale-manifest");
  EXPECT_EQ(j.at("type"), "urn:corridor:problem:stale-manifest");
  EXPECT_EQ(r.status, 409);
}

}  // namespace
}  // namespace corridor::api
