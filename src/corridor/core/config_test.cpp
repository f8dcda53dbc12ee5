#include <corridor/core/config.hpp>

#include <corridor/core/intake.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace corridor::core {
namespace {

// A small valid configuration. The tests below change one piece of it and
// expect the message at a line and column of this text, so edits that shift
// lines must keep the line count (replace a line by a comment).
constexpr std::string_view k_base = R"([crossing]
id = "test"
name = "Test crossing"
time_zone = "Asia/Gaza"
directions = ["exit", "entry"]
child_age = 18

[[party]]
id = "who"
name = "WHO"

[[party]]
id = "cogat"
name = "COGAT"

[[category]]
id = "medical"
name = "Patient"
directions = ["exit"]
urgency = true

[[category]]
id = "companion"
name = "Companion"
directions = ["exit"]
group_of = "medical"

[[category]]
id = "returnee"
name = "Returnee"
directions = ["entry"]

[urgency]
levels = ["critical", "routine"]

[[workflow]]
direction = "exit"
categories = ["medical", "companion"]

[[workflow.stage]]
id = "security"
party = "cogat"
step = 2
reasons = ["security-refusal", "other"]
deadline_hours = 24
valid_days = 14

[[workflow.stage]]
id = "referral"
party = "who"
step = 1
reasons = ["not-eligible", "other"]
deadline_hours = 72

[[workflow]]
direction = "entry"
categories = ["returnee"]

[[workflow.stage]]
id = "screening"
party = "cogat"
step = 1
reasons = ["other"]
deadline_hours = 24

[closure]
deceased = ["who"]
withdrawn = ["who", "cogat"]

[registration]
who = ["medical", "companion"]
cogat = ["*"]

[visibility]
who = ["*"]
cogat = ["name_en", "national_id"]
)";

// k_base with its one occurrence of `from` replaced by `to`.
std::string with(std::string_view from, std::string_view to) {
  std::string doc(k_base);
  auto at = doc.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(doc.find(from, at + 1), std::string::npos) << from << " occurs twice";
  if (at != std::string::npos) doc.replace(at, from.size(), to);
  return doc;
}

std::string error_of(std::string_view doc) {
  auto r = parse_config(doc, "t.toml");
  if (r) return "(parsed)";
  EXPECT_EQ(r.error().code, Errc::bad_input);
  return r.error().message;
}

Config parse_ok(std::string_view doc) {
  auto r = parse_config(doc, "t.toml");
  if (!r) ADD_FAILURE() << r.error().message;
  return r ? std::move(r).value() : Config{};
}

// "direction/category: stage(party,step) ..." for each workflow.
std::vector<std::string> outline(const Config& c) {
  std::vector<std::string> out;
  for (const auto& w : c.workflows) {
    std::string line = std::string(to_string(w.direction)) + "/" + w.category + ":";
    for (const auto& s : w.stages)
      line += " " + s.id + "(" + s.party + "," + std::to_string(s.step) + ")";
    out.push_back(line);
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ------------------------------------------------------------ valid input

TEST(Config, ParsesEveryPartOfAValidConfig) {
  Config c = parse_ok(k_base);
  EXPECT_EQ(c.source, "t.toml");
  EXPECT_EQ(c.crossing.id, "test");
  EXPECT_EQ(c.crossing.time_zone, "Asia/Gaza");
  EXPECT_EQ(c.crossing.directions, (std::vector{Direction::exit, Direction::entry}));
  EXPECT_EQ(c.crossing.child_age, 18);
  ASSERT_EQ(c.parties.size(), 2u);
  EXPECT_EQ(c.parties[1].name, "COGAT");
  ASSERT_EQ(c.categories.size(), 3u);
  EXPECT_TRUE(c.categories[0].needs_urgency);
  EXPECT_EQ(c.categories[1].group_of, "medical");
  EXPECT_FALSE(c.categories[2].group_of.has_value());
  EXPECT_EQ(c.urgencies, (std::vector<std::string>{"critical", "routine"}));
  EXPECT_EQ(c.closures.at("withdrawn"), (std::vector<std::string>{"who", "cogat"}));
  EXPECT_EQ(c.registration.at("cogat"), std::vector<std::string>{"*"});
  EXPECT_EQ(c.visibility.at("cogat"), (std::vector<std::string>{"name_en", "national_id"}));
}

TEST(Config, ExpandsAWorkflowForEachOfItsCategoriesWithStagesSortedByStep) {
  Config c = parse_ok(k_base);
  EXPECT_EQ(outline(c), (std::vector<std::string>{
                            "exit/medical: referral(who,1) security(cogat,2)",
                            "exit/companion: referral(who,1) security(cogat,2)",
                            "entry/returnee: screening(cogat,1)",
                        }));
  const StageDef* s = c.workflow_for(Direction::exit, "companion")->find_stage("security");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->deadline_hours, 24);
  EXPECT_EQ(s->valid_days, 14);
  EXPECT_EQ(c.workflows[0].find_stage("referral")->valid_days, 0);  // the default
}

TEST(Config, KeepsDeclarationOrderOfParallelStages) {
  Config c = parse_ok(with("step = 2", "step = 1"));
  EXPECT_EQ(outline(c)[0], "exit/medical: security(cogat,1) referral(who,1)");
}

TEST(Config, ParsesTheRafahDeployment) {
  std::string text = read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml");
  auto r = parse_config(text, "config/rafah.toml");
  ASSERT_TRUE(r) << r.error().message;
  const Config& c = *r;
  EXPECT_EQ(c.crossing.id, "rafah");
  EXPECT_EQ(c.crossing.time_zone, "Asia/Gaza");
  EXPECT_EQ(c.crossing.child_age, 18);
  std::vector<std::string> parties;
  for (const auto& p : c.parties) parties.push_back(p.id);
  EXPECT_EQ(parties, (std::vector<std::string>{"who", "egypt", "cogat", "pa", "eubam"}));
  EXPECT_EQ(c.urgencies,
            (std::vector<std::string>{"life-saving", "critical", "urgent", "routine"}));
  EXPECT_TRUE(c.find_category("medical")->needs_urgency);
  EXPECT_EQ(c.find_category("companion")->group_of, "medical");
  EXPECT_FALSE(c.find_category("returnee")->allows(Direction::exit));
}

TEST(Config, RafahHasExactlyTheAgreedWorkflows) {
  auto r = parse_config(read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml"), "rafah.toml");
  ASSERT_TRUE(r) << r.error().message;
  const std::string others = " registration(pa,1) acceptance(egypt,2) security(cogat,2)";
  const std::string entry = " registration(pa,1) security(cogat,2) acceptance(egypt,3)";
  EXPECT_EQ(outline(*r), (std::vector<std::string>{
                             "exit/medical: referral(who,1) acceptance(egypt,2) security(cogat,2)",
                             "exit/companion: acceptance(egypt,1) security(cogat,1)",
                             "exit/dual-national:" + others,
                             "exit/student:" + others,
                             "exit/humanitarian-staff:" + others,
                             "exit/other:" + others,
                             "entry/dual-national:" + entry,
                             "entry/student:" + entry,
                             "entry/humanitarian-staff:" + entry,
                             "entry/other:" + entry,
                             "entry/returnee:" + entry,
                         }));
}

TEST(Config, RafahStagesHaveTheirDeadlinesValiditiesAndReasons) {
  auto r = parse_config(read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml"), "rafah.toml");
  ASSERT_TRUE(r) << r.error().message;
  const std::map<std::string, std::pair<int, int>> expected{{"referral", {72, 0}},
                                                            {"registration", {24, 0}},
                                                            {"security", {24, 14}},
                                                            {"acceptance", {48, 30}}};
  for (const auto& w : r->workflows)
    for (const auto& s : w.stages) {
      EXPECT_EQ(std::pair(s.deadline_hours, s.valid_days), expected.at(s.id)) << s.id;
      EXPECT_TRUE(s.accepts_reason("other")) << s.id;
    }
  const auto* medical = r->workflow_for(Direction::exit, "medical");
  EXPECT_TRUE(medical->find_stage("acceptance")->accepts_reason("no-hospital-bed"));
  EXPECT_TRUE(medical->find_stage("referral")->accepts_reason("duplicate-referral"));
  EXPECT_TRUE(r->workflow_for(Direction::entry, "student")
                  ->find_stage("registration")
                  ->accepts_reason("temporary-id"));
}

TEST(Config, RafahShowsEachPartyOnlyWhatItNeeds) {
  auto r = parse_config(read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml"), "rafah.toml");
  ASSERT_TRUE(r) << r.error().message;
  const Config& c = *r;
  for (auto field : visible_field_names()) EXPECT_TRUE(c.may_see("who", field)) << field;
  for (auto field : {"urgency", "diagnosis", "phone"}) EXPECT_FALSE(c.may_see("cogat", field));
  for (auto field : {"name_ar", "national_id", "passport_no", "date_of_birth"})
    EXPECT_TRUE(c.may_see("cogat", field));
  EXPECT_TRUE(c.may_see("egypt", "diagnosis"));
  EXPECT_TRUE(c.may_see("egypt", "urgency"));
  EXPECT_FALSE(c.may_see("pa", "diagnosis"));
  EXPECT_TRUE(c.may_see("pa", "requested_on"));
  EXPECT_FALSE(c.may_see("eubam", "diagnosis"));
  EXPECT_TRUE(c.may_see("eubam", "national_id"));
  EXPECT_TRUE(c.may_register("who", "companion"));
  EXPECT_FALSE(c.may_register("who", "student"));
  EXPECT_TRUE(c.may_register("pa", "returnee"));
  EXPECT_FALSE(c.may_register("cogat", "medical"));
  EXPECT_TRUE(c.may_close("who", "deceased"));
  EXPECT_TRUE(c.may_close("pa", "withdrawn"));
  EXPECT_FALSE(c.may_close("cogat", "withdrawn"));
}

// ------------------------------------------------------- member functions

TEST(Config, VisibleFieldsAreTheIntakeColumnsAndFlags) {
  std::vector<std::string_view> expected = intake_columns();
  expected.push_back("flags");
  EXPECT_EQ(visible_field_names(), expected);
}

TEST(Config, ParsesAndPrintsDirections) {
  EXPECT_EQ(parse_direction("exit"), Direction::exit);
  EXPECT_EQ(parse_direction("entry"), Direction::entry);
  EXPECT_EQ(parse_direction("Exit"), std::nullopt);
  EXPECT_EQ(to_string(Direction::entry), "entry");
}

TEST(Config, RanksUrgencyMostUrgentFirst) {
  Config c = parse_ok(k_base);
  EXPECT_EQ(c.urgency_rank("critical"), 0);
  EXPECT_EQ(c.urgency_rank("routine"), 1);
  EXPECT_EQ(c.urgency_rank("whenever"), std::nullopt);
}

TEST(Config, StarMeansEveryKnownCategoryOrField) {
  Config c = parse_ok(k_base);
  EXPECT_TRUE(c.may_register("cogat", "returnee"));
  EXPECT_FALSE(c.may_register("cogat", "tourist"));  // unknown category
  EXPECT_FALSE(c.may_register("who", "returnee"));
  EXPECT_FALSE(c.may_register("nobody", "medical"));
  EXPECT_TRUE(c.may_see("who", "phone"));
  EXPECT_FALSE(c.may_see("who", "salt"));  // not a visible field
  EXPECT_TRUE(c.may_see("cogat", "national_id"));
  EXPECT_FALSE(c.may_see("cogat", "phone"));
  EXPECT_FALSE(c.may_see("nobody", "ref"));
}

TEST(Config, FindsPartiesCategoriesWorkflowsAndStages) {
  Config c = parse_ok(k_base);
  EXPECT_EQ(c.find_party("cogat")->name, "COGAT");
  EXPECT_EQ(c.find_party("egypt"), nullptr);
  EXPECT_EQ(c.find_category("returnee")->name, "Returnee");
  EXPECT_EQ(c.find_category("student"), nullptr);
  EXPECT_EQ(c.workflow_for(Direction::entry, "medical"), nullptr);
  EXPECT_EQ(c.workflow_for(Direction::entry, "returnee")->find_stage("referral"), nullptr);
  EXPECT_TRUE(c.find_category("medical")->allows(Direction::exit));
  EXPECT_FALSE(c.find_category("medical")->allows(Direction::entry));
  EXPECT_TRUE(c.may_close("cogat", "withdrawn"));
  EXPECT_FALSE(c.may_close("cogat", "deceased"));
  EXPECT_FALSE(c.may_close("who", "expired"));
}

// ----------------------------------------------------------------- checks

TEST(Config, RejectsTomlSyntaxErrorAtItsPosition) {
  EXPECT_EQ(error_of(with("child_age = 18", "child_age = ")),
            "t.toml:6:13: Error while parsing key-value pair: expected value, saw '\\n'");
}

TEST(Config, RejectsMissingRequiredKey) {
  EXPECT_EQ(error_of(with("name = \"WHO\"", "# no name")),
            "t.toml:8:1: missing key 'name' in [[party]]");
}

TEST(Config, RejectsMissingRequiredTable) {
  EXPECT_EQ(error_of(with("[urgency]\nlevels = [\"critical\", \"routine\"]", "#\n#")),
            "t.toml:1:1: missing key 'urgency' in the top level");
}

TEST(Config, RejectsConfigWithoutParties) {
  EXPECT_EQ(error_of(with("[[party]]\nid = \"who\"\nname = \"WHO\"\n\n[[party]]\nid = \"cogat\"\n"
                          "name = \"COGAT\"",
                          "#\n#\n#\n#\n#\n#\n#")),
            "t.toml:1:1: no [[party]] table: at least one is needed");
}

TEST(Config, RejectsEmptyString) {
  EXPECT_EQ(error_of(with(R"(time_zone = "Asia/Gaza")", R"(time_zone = "")")),
            "t.toml:4:13: 'time_zone' must not be empty");
}

TEST(Config, RejectsWrongType) {
  EXPECT_EQ(error_of(with("child_age = 18", "child_age = \"18\"")),
            "t.toml:6:13: 'child_age' must be an integer, not a string");
}

TEST(Config, RejectsWrongTypeInsideAList) {
  EXPECT_EQ(error_of(with(R"(directions = ["exit", "entry"])", R"(directions = ["exit", 2])")),
            "t.toml:5:23: 'directions' must be a string, not an integer");
}

TEST(Config, RejectsATableWhereAnArrayOfTablesIsExpected) {
  EXPECT_EQ(error_of(with("[[party]]\nid = \"who\"\nname = \"WHO\"\n\n[[party]]\nid = \"cogat\"",
                          "[party]\nid = \"who\"\nname = \"WHO\"\n\n[party.x]\nid = \"cogat\"")),
            "t.toml:8:1: 'party' must be an array of tables ([[party]]), not a table");
}

TEST(Config, RejectsUnknownKey) {
  EXPECT_EQ(error_of(with("deadline_hours = 72", "deadline_hour = 72")),
            "t.toml:53:1: unknown key 'deadline_hour' in [[workflow.stage]]");
}

TEST(Config, RejectsUnknownTopLevelTable) {
  EXPECT_EQ(error_of(with("[visibility]", "[visiblity]")),
            "t.toml:74:2: unknown key 'visiblity' in the top level");
}

TEST(Config, RejectsAnIdThatIsNotACode) {
  EXPECT_EQ(error_of(with(R"(id = "who")", R"(id = "WHO")")),
            "t.toml:9:6: 'id' must hold only lowercase letters, digits and '-' (got 'WHO')");
}

TEST(Config, RejectsDuplicatePartyId) {
  EXPECT_EQ(error_of(with(R"(id = "cogat")", R"(id = "who")")),
            "t.toml:13:6: duplicate party id 'who' (first at line 8)");
}

TEST(Config, RejectsDuplicateCategoryId) {
  EXPECT_EQ(error_of(with(R"(id = "returnee")", R"(id = "medical")")),
            "t.toml:29:6: duplicate category id 'medical' (first at line 16)");
}

TEST(Config, RejectsDuplicateStageIdInAWorkflow) {
  EXPECT_EQ(error_of(with(R"(id = "referral")", R"(id = "security")")),
            "t.toml:49:6: duplicate stage id 'security' (first at line 40)");
}

TEST(Config, AcceptsTheSameStageIdInTwoWorkflows) {
  EXPECT_EQ(error_of(with(R"(id = "screening")", R"(id = "security")")), "(parsed)");
}

TEST(Config, RejectsUnknownPartyInStage) {
  EXPECT_EQ(error_of(with(R"(party = "who")", R"(party = "whoo")")),
            "t.toml:50:9: unknown party 'whoo'");
}

TEST(Config, RejectsUnknownPartyInClosure) {
  EXPECT_EQ(error_of(with(R"(deceased = ["who"])", R"(deceased = ["egypt"])")),
            "t.toml:67:13: unknown party 'egypt'");
}

TEST(Config, RejectsUnknownClosureKind) {
  EXPECT_EQ(error_of(with("deceased = ", "dead = ")),
            "t.toml:67:1: unknown closure kind 'dead' (expected 'withdrawn' or 'deceased')");
}

TEST(Config, RejectsUnknownPartyInRegistration) {
  EXPECT_EQ(error_of(with(R"(cogat = ["*"])", R"(egypt = ["*"])")),
            "t.toml:72:1: unknown party 'egypt'");
}

TEST(Config, RejectsUnknownCategoryInRegistration) {
  EXPECT_EQ(
      error_of(with(R"(who = ["medical", "companion"])", R"(who = ["medical", "companions"])")),
      "t.toml:71:19: unknown category 'companions'");
}

TEST(Config, RejectsUnknownPartyInVisibility) {
  EXPECT_EQ(error_of(with(R"(cogat = ["name_en")", R"(eubam = ["name_en")")),
            "t.toml:76:1: unknown party 'eubam'");
}

TEST(Config, RejectsUnknownVisibleField) {
  EXPECT_EQ(error_of(with(R"("name_en", "national_id"])", R"("name_en", "national_no"])")),
            "t.toml:76:21: unknown field 'national_no' (see docs/config.md)");
}

TEST(Config, RejectsUnknownCategoryInWorkflow) {
  EXPECT_EQ(error_of(with(R"(categories = ["returnee"])", R"(categories = ["returnees"])")),
            "t.toml:57:15: unknown category 'returnees'");
}

TEST(Config, RejectsUnknownDirectionInWorkflow) {
  EXPECT_EQ(error_of(with(R"(direction = "entry")", R"(direction = "in")")),
            "t.toml:56:13: unknown direction 'in' (expected 'exit' or 'entry')");
}

TEST(Config, RejectsCrossingDirectionOtherThanExitOrEntry) {
  EXPECT_EQ(
      error_of(with(R"(directions = ["exit", "entry"])", R"(directions = ["exit", "transit"])")),
      "t.toml:5:23: unknown direction 'transit' (expected 'exit' or 'entry')");
}

TEST(Config, RejectsCrossingDirectionListedTwice) {
  EXPECT_EQ(error_of(with(R"(directions = ["exit", "entry"])", R"(directions = ["exit", "exit"])")),
            "t.toml:5:23: 'exit' is listed twice in 'directions'");
}

TEST(Config, RejectsCategoryDirectionTheCrossingDoesNotHave) {
  EXPECT_EQ(error_of(with(R"(directions = ["exit", "entry"])", R"(directions = ["exit"])")),
            "t.toml:31:15: direction 'entry' is not one of the crossing's directions");
}

TEST(Config, RejectsWorkflowForADirectionTheCategoryDoesNotTravel) {
  EXPECT_EQ(error_of(with(R"(categories = ["returnee"])", R"(categories = ["medical"])")),
            "t.toml:57:15: category 'medical' does not travel 'entry' (see its 'directions')");
}

TEST(Config, RejectsCategoryAllowedInADirectionWithNoWorkflow) {
  EXPECT_EQ(error_of(with(R"(directions = ["entry"])", R"(directions = ["entry", "exit"])")),
            "t.toml:28:1: category 'returnee' may travel 'exit' but no workflow serves "
            "exit/returnee");
}

TEST(Config, RejectsTwoWorkflowsForOneDirectionAndCategory) {
  std::string doc(k_base);
  doc += "\n[[workflow]]\ndirection = \"exit\"\ncategories = [\"companion\"]\n";
  doc += "[[workflow.stage]]\nid = \"x\"\nparty = \"who\"\nstep = 1\nreasons = [\"other\"]\n";
  doc += "deadline_hours = 1\n";
  EXPECT_EQ(error_of(doc),
            "t.toml:80:15: a second workflow for exit/companion (the first is at line 38)");
}

TEST(Config, RejectsAGapInSteps) {
  EXPECT_EQ(error_of(with("step = 2", "step = 3")),
            "t.toml:43:8: step 3 leaves a gap: no stage has step 2");
}

TEST(Config, RejectsAFirstStepOtherThanOne) {
  EXPECT_EQ(error_of(with("step = 1\nreasons = [\"other\"]", "step = 2\nreasons = [\"other\"]")),
            "t.toml:62:8: step 2 leaves a gap: no stage has step 1");
}

TEST(Config, RejectsStepBelowOne) {
  EXPECT_EQ(error_of(with("step = 1\nreasons = [\"other\"]", "step = 0\nreasons = [\"other\"]")),
            "t.toml:62:8: 'step' must be between 1 and 1000 (got 0)");
}

TEST(Config, RejectsWorkflowWithoutStages) {
  EXPECT_EQ(error_of(with("[[workflow.stage]]\nid = \"screening\"\nparty = \"cogat\"\nstep = 1\n"
                          "reasons = [\"other\"]\ndeadline_hours = 24",
                          "#\n#\n#\n#\n#\n#")),
            "t.toml:55:1: the workflow has no [[workflow.stage]]");
}

TEST(Config, RejectsStageWithoutReasonOther) {
  EXPECT_EQ(
      error_of(with(R"(reasons = ["not-eligible", "other"])", R"(reasons = ["not-eligible"])")),
      "t.toml:52:11: 'reasons' must include 'other'");
}

TEST(Config, RejectsNegativeDeadline) {
  EXPECT_EQ(error_of(with("deadline_hours = 72", "deadline_hours = -1")),
            "t.toml:53:18: 'deadline_hours' must be between 0 and 8784 (got -1)");
}

TEST(Config, RejectsNegativeValidity) {
  EXPECT_EQ(error_of(with("valid_days = 14", "valid_days = -14")),
            "t.toml:46:14: 'valid_days' must be between 0 and 3660 (got -14)");
}

TEST(Config, RejectsIntegerBeyondTheRangeOfInt) {
  EXPECT_EQ(error_of(with("valid_days = 14", "valid_days = 4294967310")),
            "t.toml:46:14: 'valid_days' must be between 0 and 3660 (got 4294967310)");
}

TEST(Config, RejectsEmptyUrgencies) {
  EXPECT_EQ(error_of(with(R"(levels = ["critical", "routine"])", "levels = []")),
            "t.toml:34:10: 'levels' must not be empty");
}

TEST(Config, RejectsDuplicateUrgency) {
  EXPECT_EQ(
      error_of(with(R"(levels = ["critical", "routine"])", R"(levels = ["critical", "critical"])")),
      "t.toml:34:23: 'critical' is listed twice in 'levels'");
}

TEST(Config, RejectsUrgencyOnACategoryWithGroupOf) {
  EXPECT_EQ(error_of(with(R"(group_of = "medical")", "group_of = \"medical\"\nurgency = true")),
            "t.toml:26:12: a category with 'group_of' takes its urgency from its group: it "
            "cannot also have urgency = true");
}

TEST(Config, RejectsGroupOfAnUnknownCategory) {
  EXPECT_EQ(error_of(with(R"(group_of = "medical")", R"(group_of = "patient")")),
            "t.toml:26:12: 'group_of' names an unknown category 'patient'");
}

TEST(Config, RejectsGroupOfACategoryThatIsItselfInAGroup) {
  EXPECT_EQ(error_of(with(R"(group_of = "medical")", R"(group_of = "companion")")),
            "t.toml:26:12: 'group_of' must name a category that is not itself in a group "
            "('companion' has group_of)");
}

TEST(Config, NeverThrowsOnBinaryInput) {
  std::string junk("\0\xff[[x]]\n=\"\x01", 10);
  EXPECT_FALSE(parse_config(junk, "junk"));
  EXPECT_FALSE(parse_config("", "empty"));
}

}  // namespace
}  // namespace corridor::core

namespace corridor::core {
namespace {

// ------------------------------------------------ crossing days (issue 4)

TEST(ConfigCrossing, RafahFollowsTheReportedCapacitiesAndRules) {
  auto r = parse_config(read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml"), "rafah.toml");
  ASSERT_TRUE(r) << r.error().message;
  const Config& c = *r;
  // Feb 2026: 50 patients + 100 companions out, 50 people in; 09:00-15:00.
  EXPECT_EQ(c.days.capacity.exit.of("medical"), 50);
  EXPECT_EQ(c.days.capacity.exit.of("companion"), 100);
  EXPECT_EQ(c.days.capacity.exit.of("student"), 0);
  EXPECT_EQ(c.days.capacity.entry.total, 50);
  EXPECT_EQ(c.days.opens_at, "09:00");
  EXPECT_EQ(c.days.closes_at, "15:00");
  EXPECT_FALSE(c.days.equal_in_out);
  EXPECT_EQ(c.days.open, (std::vector<std::string>{"egypt", "cogat"}));
  EXPECT_EQ(c.manifest.operator_party, "pa");
  EXPECT_EQ(c.manifest.approvers, (std::vector<std::string>{"egypt", "cogat"}));
  EXPECT_EQ(c.manifest.monitor, "eubam");
  EXPECT_EQ(c.manifest.min_companions_child, 1);
  EXPECT_EQ(c.priority.urgency_points, 1000);
}

TEST(ConfigCrossing, CapacityRoundTripsAndNamesTheBadItem) {
  auto c = parse_capacity("exit/medical=50,exit/companion=100,entry/total=50");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->exit.of("companion"), 100);
  EXPECT_EQ(c->entry.total, 50);
  EXPECT_EQ(format_capacity(*c), "exit/companion=100,exit/medical=50,entry/total=50");
  EXPECT_EQ(*parse_capacity(format_capacity(*c)), *c);
  EXPECT_TRUE(parse_capacity("")->exit.places.empty());
  auto bad = parse_capacity("exit/medical=50,sideways/medical=1");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("item 2"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(parse_capacity("exit/medical=-1"));
  EXPECT_FALSE(parse_capacity("exit/medical=050"));
  EXPECT_FALSE(parse_capacity("exit/medical=1,exit/medical=2"));
  EXPECT_FALSE(parse_capacity("exit/=3"));
  EXPECT_FALSE(parse_capacity("exit/medical=1,"));
}

std::string rafah_with(std::string_view from, std::string_view to) {
  std::string text = read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml");
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string rafah_error(std::string_view from, std::string_view to) {
  auto r = parse_config(rafah_with(from, to), "r.toml");
  return r ? "(parsed)" : r.error().message;
}

TEST(ConfigCrossing, RejectsWhatCannotWork) {
  EXPECT_NE(rafah_error("open = [\"egypt\", \"cogat\"]", "open = [\"egypt\", \"nobody\"]")
                .find("unknown party 'nobody'"),
            std::string::npos);
  EXPECT_NE(rafah_error("opens = \"09:00\"", "opens = \"9am\"").find("HH:MM"), std::string::npos);
  EXPECT_NE(rafah_error("closes = \"15:00\"", "closes = \"08:00\"").find("must be after"),
            std::string::npos);
  EXPECT_NE(rafah_error("medical = 50\ncompanion = 100", "medical = 50\nreturnee = 100")
                .find("does not travel 'exit'"),
            std::string::npos);
  EXPECT_NE(rafah_error("medical = 50\ncompanion", "medical = -5\ncompanion")
                .find("between 0 and 999999"),
            std::string::npos);
  EXPECT_NE(rafah_error("standby = 10", "standby = \"ten\"").find("'standby' must be an integer"),
            std::string::npos);
  EXPECT_NE(rafah_error("\"reexamination\", \"other\"]", "\"reexamination\"]")
                .find("must include 'other'"),
            std::string::npos);
  EXPECT_NE(rafah_error("operator = \"pa\"", "operater = \"pa\"").find("unknown key 'operater'"),
            std::string::npos);
}

// ------------------------------------------------------------ [reasons]

TEST(ConfigReasons, RafahMarksEveryHealthRelatedReasonMedical) {
  auto r = parse_config(read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml"), "rafah.toml");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->medical_reasons,
            (std::vector<std::string>{"not-eligible", "no-hospital-bed", "specialty-not-accepted",
                                      "too-ill-to-travel"}));
  for (const char* code : {"security-refusal", "identity-mismatch", "incomplete-file", "other"})
    EXPECT_FALSE(r->is_medical_reason(code)) << code;
}

TEST(ConfigReasons, AMedicalReasonReachesMedicalViewsAndItsSignerOnly) {
  auto r = parse_config(read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml"), "rafah.toml");
  ASSERT_TRUE(r) << r.error().message;
  const Config& c = *r;
  EXPECT_TRUE(c.sees_medical("who"));
  EXPECT_TRUE(c.sees_medical("egypt"));
  for (const char* p : {"cogat", "pa", "eubam", ""}) EXPECT_FALSE(c.sees_medical(p)) << p;
  // Given by the operator at the gate: the WHO and Egypt see it, and the
  // operator that wrote it; COGAT, EUBAM and an admin do not.
  EXPECT_TRUE(c.may_see_reason("who", "pa", "too-ill-to-travel"));
  EXPECT_TRUE(c.may_see_reason("egypt", "pa", "too-ill-to-travel"));
  EXPECT_TRUE(c.may_see_reason("pa", "pa", "too-ill-to-travel"));
  EXPECT_FALSE(c.may_see_reason("cogat", "pa", "too-ill-to-travel"));
  EXPECT_FALSE(c.may_see_reason("eubam", "pa", "too-ill-to-travel"));
  EXPECT_FALSE(c.may_see_reason("", "", "too-ill-to-travel"));
  EXPECT_FALSE(c.may_see_reason("pa", "egypt", "no-hospital-bed"));
  // Any other reason reaches everyone.
  EXPECT_TRUE(c.may_see_reason("cogat", "pa", "identity-mismatch"));
  EXPECT_TRUE(c.may_see_reason("", "", "security-refusal"));
}

TEST(ConfigReasons, WithoutTheTableNoReasonIsMedical) {
  const Config c = parse_ok(k_base);
  EXPECT_TRUE(c.medical_reasons.empty());
  EXPECT_TRUE(c.may_see_reason("cogat", "who", "not-eligible"));
}

TEST(ConfigReasons, AcceptsDenyAndTurnBackReasons) {
  const Config c =
      parse_ok(std::string(k_base) + "[reasons]\nmedical = [\"not-eligible\", \"other\"]\n");
  EXPECT_EQ(c.medical_reasons, (std::vector<std::string>{"not-eligible", "other"}));
  EXPECT_TRUE(c.is_medical_reason("not-eligible"));
  EXPECT_FALSE(c.may_see_reason("cogat", "who", "not-eligible"));
  EXPECT_TRUE(c.may_see_reason("who", "who", "not-eligible"));
}

TEST(ConfigReasons, RejectsACodeThatIsNoConfiguredReason) {
  EXPECT_EQ(
      error_of(std::string(k_base) + "[reasons]\nmedical = [\"not-eligible\", \"too-ill\"]\n"),
      "t.toml:78:28: 'medical' names 'too-ill', which is neither a stage's deny reason "
      "nor a turn-back reason");
  // A closure kind is the case's state, which every party sees: not a reason.
  EXPECT_NE(error_of(std::string(k_base) + "[reasons]\nmedical = [\"deceased\"]\n")
                .find("'medical' names 'deceased'"),
            std::string::npos);
  EXPECT_NE(rafah_error("medical = [\"not-eligible\"", "medical = [\"too-ill-to-travle\"")
                .find("'medical' names 'too-ill-to-travle'"),
            std::string::npos);
}

// Issue 16: what the public log shows in clear. Nothing listed: all sealed.
TEST(ConfigReasons, PublicReasonsAreListedAndNeverMedical) {
  EXPECT_TRUE(parse_ok(k_base).public_reasons.empty());
  const Config c =
      parse_ok(std::string(k_base) + "[reasons]\npublic = [\"other\", \"deceased\"]\n");
  EXPECT_TRUE(c.is_public_reason("deceased"));
  EXPECT_TRUE(c.is_public_reason("other"));
  EXPECT_FALSE(c.is_public_reason("withdrawn"));
  EXPECT_NE(error_of(std::string(k_base) + "[reasons]\npublic = [\"too-ill\"]\n")
                .find("'public' names 'too-ill', which is neither a reason nor a closure kind"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(k_base) +
                     "[reasons]\nmedical = [\"not-eligible\"]\npublic = [\"not-eligible\"]\n")
                .find("a medical reason: the public log never shows one"),
            std::string::npos);
  // Rafah: a state's refusal and a death in clear, nothing health-related.
  const Config rafah = parse_ok(read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml"));
  EXPECT_TRUE(rafah.is_public_reason("security-refusal"));
  EXPECT_TRUE(rafah.is_public_reason("deceased"));
  for (const std::string& m : rafah.medical_reasons) EXPECT_FALSE(rafah.is_public_reason(m)) << m;
}

TEST(ConfigReasons, RejectsABadTable) {
  EXPECT_NE(error_of(std::string(k_base) + "[reasons]\nmedicall = [\"other\"]\n")
                .find("unknown key 'medicall' in [reasons]"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(k_base) + "[reasons]\nmedical = []\n").find("must not be empty"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(k_base) + "[reasons]\nmedical = [\"other\", \"other\"]\n")
                .find("listed twice"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(k_base) + "[reasons]\nmedical = [\"Other\"]\n").find("lowercase"),
            std::string::npos);
  EXPECT_NE(
      error_of(std::string(k_base) + "[reasons]\nmedical = \"other\"\n").find("must be an array"),
      std::string::npos);
}

}  // namespace
}  // namespace corridor::core

// ------------------------------------------------ [[log.witness]] (issue 13)

namespace corridor::core {
namespace {

constexpr std::string_view k_vkey =
    "who/witness+5a54c43c+BAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";

// k_base with a [log] whose witnesses are who and cogat, and `tables`.
std::string with_log(const std::string& tables) {
  return with("[[party]]\nid = \"who\"",
              "[log]\norigin = \"t/log\"\nwitnesses = [\"who\", \"cogat\"]\nwitness_quorum = 1\n" +
                  tables + "\n[[party]]\nid = \"who\"");
}

std::string entry(std::string_view party, std::string_view url, std::string_view key) {
  return "[[log.witness]]\nparty = \"" + std::string(party) + "\"\nurl = \"" + std::string(url) +
         "\"\nkey = \"" + std::string(key) + "\"\n";
}

TEST(ConfigWitnessUrls, ParsesEachEntry) {
  Config c = parse_ok(with_log(entry("who", "http://127.0.0.1:8091/w", k_vkey)));
  ASSERT_EQ(c.log.witness_urls.size(), 1u);
  EXPECT_EQ(c.log.witness_urls[0],
            (WitnessEndpoint{"who", "http://127.0.0.1:8091/w", std::string(k_vkey)}));
  EXPECT_TRUE(parse_ok(with_log("")).log.witness_urls.empty());
}

// A key whose base64 holds a '+' (about one key in four) is a key too.
TEST(ConfigWitnessUrls, TakesAKeyWhoseBase64HoldsAPlus) {
  constexpr std::string_view plus =
      "who/witness+d3b7ad61+BC0f0cdc+QEGPqzEbsWUeIfi1642frMM1Aq1UNQV266f";
  Config c = parse_ok(with_log(entry("who", "http://h:1", plus)));
  ASSERT_EQ(c.log.witness_urls.size(), 1u);
  EXPECT_EQ(c.log.witness_urls[0].key, plus);
}

TEST(ConfigWitnessUrls, RefusesBadEntriesNamingTheProblem) {
  const std::pair<std::string, std::string> cases[] = {
      {entry("pa", "http://h:1", k_vkey), "'pa' is not one of [log] 'witnesses'"},
      {entry("who", "http://h:1", k_vkey) + entry("who", "http://h:2", k_vkey), "listed twice"},
      {entry("who", "https://h:1", k_vkey), "'url' must be http://"},
      {entry("who", "http://", k_vkey), "'url' must be http://"},
      {entry("who", "http://h:1/a b", k_vkey), "'url' must be http://"},
      {entry("who", "http://h:1", "who/witness"), "not a verifier key"},
      {entry("cogat", "http://h:1", k_vkey), "must be 'cogat/NAME'"},
      {entry("who", "http://h:1",
             "who/witness+5A54C43C+BAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"),
       "8 lowercase hex"},
      {entry("who", "http://h:1", "who/witness+5a54c43c+BAAB"), "not the base64"},
      {entry("who", "http://h:1",
             "who/witness+9b559f37+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"),
       "not a witness (cosignature, type 0x04) key"},
      {entry("who", "http://h:1",
             "who/witness+00000000+BAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"),
       "key ID does not match"},
      {"[[log.witness]]\nparty = \"who\"\nurl = \"http://h:1\"\n", "missing key 'key'"},
      {entry("who", "http://h:1", k_vkey) + "port = 1\n", "unknown key 'port'"},
  };
  for (const auto& [tables, want] : cases) {
    const std::string message = error_of(with_log(tables));
    EXPECT_NE(message.find(want), std::string::npos) << tables << "\n-> " << message;
  }
}

}  // namespace
}  // namespace corridor::core
