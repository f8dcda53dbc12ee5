#include <corridor/ledger/statement.hpp>

#include <gtest/gtest.h>

#include <string>

namespace corridor::ledger {
namespace {

core::Hash256 hash_of(char c) {
  core::Hash256 h;
  h.fill(static_cast<std::uint8_t>(c));
  return h;
}

Statement decision() {
  Statement s;
  s.kind = StatementKind::decision;
  s.log = "corridor.rafah/log";
  s.time = 1795645442;
  s.party = "who";
  s.officer = "sara";
  s.case_ref = "WHO-2025-0101";
  s.stage = "referral";
  s.outcome = core::Outcome::approve;
  s.snapshot = hash_of(1);
  return s;
}

TEST(Statement, DecisionHasTheDocumentedForm) {
  auto text = format_statement(decision());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text,
            "corridor-statement/v1\nlog corridor.rafah/log\nkind decision\ntime 1795645442\n"
            "party who\nofficer sara\ncase WHO-2025-0101\nstage referral\noutcome approve\n"
            "snapshot " +
                core::to_hex(hash_of(1)) + "\n");
}

TEST(Statement, EveryKindRoundTrips) {
  std::vector<Statement> all;
  Statement reg = decision();
  reg.kind = StatementKind::registration;
  reg.category = "companion";
  reg.direction = core::Direction::entry;
  reg.group_ref = "WHO-2025-0100";
  all.push_back(reg);
  Statement deny = decision();
  deny.outcome = core::Outcome::deny;
  deny.reason = "not-eligible";
  deny.note = hash_of(7);
  all.push_back(deny);
  Statement amend = decision();
  amend.kind = StatementKind::amendment;
  amend.fields = {"name_en", "date_of_birth"};
  amend.previous = hash_of(2);
  all.push_back(amend);
  Statement close = decision();
  close.kind = StatementKind::closure;
  close.closure = core::ClosureKind::deceased;
  all.push_back(close);
  Statement add = decision();
  add.kind = StatementKind::officer_add;
  add.case_ref.clear();
  add.key = "who/sara+2ffd1b05+AUg/nbTeg4fvqC0lspcoeCyNHEP+O0Pc/46ZmFl7Fafn";
  all.push_back(add);
  Statement revoke = add;
  revoke.kind = StatementKind::officer_revoke;
  revoke.key.clear();
  all.push_back(revoke);
  for (const Statement& s : all) {
    // Fields a kind does not carry are not written, so compare the parsed
    // form with a statement carrying only those.
    auto text = format_statement(s);
    ASSERT_TRUE(text.ok()) << to_string(s.kind) << ": " << text.error().message;
    auto back = parse_statement(*text);
    ASSERT_TRUE(back.ok()) << to_string(s.kind) << ": " << back.error().message;
    auto again = format_statement(*back);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *text) << to_string(s.kind);
    EXPECT_EQ(back->kind, s.kind);
    EXPECT_EQ(back->case_ref, s.case_ref);
  }
  EXPECT_EQ(parse_statement(*format_statement(amend))->fields, amend.fields);
  EXPECT_EQ(parse_statement(*format_statement(deny))->note, deny.note);
  EXPECT_EQ(parse_statement(*format_statement(reg))->group_ref, "WHO-2025-0100");
}

// The kinds of crossing days (issue 4): each keeps what it carries.
Statement day_statement(StatementKind kind) {
  Statement s = decision();
  s.kind = kind;
  s.case_ref.clear();
  s.stage.clear();
  s.snapshot = {};
  s.day = core::Date{2026, 2, 2};
  return s;
}

TEST(Statement, CrossingKindsRoundTrip) {
  Statement open = day_statement(StatementKind::crossing);
  open.party = "egypt";
  open.until = core::Date{2026, 2, 8};
  open.action = "open";
  open.reason = "Reopened under the ceasefire agreement";
  open.capacity = "exit/medical=50,exit/companion=100,entry/total=50";
  Statement manifest = day_statement(StatementKind::manifest);
  manifest.party = "pa";
  manifest.refs = {"WHO-1", "WHO-1-C1", "WHO-7"};
  manifest.others = {"WHO-9"};
  Statement approval = day_statement(StatementKind::approval);
  approval.direction = core::Direction::entry;
  approval.target = hash_of(3);
  Statement gate = day_statement(StatementKind::gate);
  gate.case_ref = "WHO-1";
  gate.action = "turned-back";
  gate.reason = "invalid-documents";
  gate.snapshot = hash_of(4);
  Statement reexam = day_statement(StatementKind::reexamination);
  reexam.case_ref = "WHO-1";
  reexam.action = "ordered";
  reexam.note = hash_of(5);
  Statement report = day_statement(StatementKind::day_report);
  report.capacity = "exit/medical=37,exit/companion=39";
  report.others = {"WHO-1:invalid-documents"};
  report.refs = {"WHO-3", "WHO-4"};
  Statement attest = day_statement(StatementKind::attestation);
  attest.target = hash_of(6);
  for (const Statement& s : {open, manifest, approval, gate, reexam, report, attest}) {
    auto text = format_statement(s);
    ASSERT_TRUE(text.ok()) << to_string(s.kind) << ": " << text.error().message;
    auto back = parse_statement(*text);
    ASSERT_TRUE(back.ok()) << to_string(s.kind) << ": " << back.error().message << "\n" << *text;
    EXPECT_EQ(*back, s) << *text;
  }
  // The form of one, as docs/log_format.md shows it.
  EXPECT_EQ(*format_statement(manifest),
            "corridor-statement/v1\nlog corridor.rafah/log\nkind manifest\ntime 1795645442\n"
            "party pa\nofficer sara\ndate 2026-02-02\ndirection exit\n"
            "travellers WHO-1,WHO-1-C1,WHO-7\nstandby WHO-9\n");
  EXPECT_TRUE(mentions_case(manifest, "WHO-1-C1"));
  EXPECT_TRUE(mentions_case(manifest, "WHO-9"));
  EXPECT_FALSE(mentions_case(manifest, "WHO-"));
  EXPECT_TRUE(mentions_case(report, "WHO-1"));
  EXPECT_FALSE(mentions_case(report, "WHO-7"));
  EXPECT_TRUE(mentions_case(gate, "WHO-1"));
  EXPECT_FALSE(mentions_case(attest, "WHO-1"));
}

TEST(Statement, CrossingReasonIsOneShortPublicLine) {
  Statement s = day_statement(StatementKind::crossing);
  s.action = "suspend";
  s.reason = std::string(201, 'x');
  EXPECT_FALSE(format_statement(s).ok());
  s.reason = "a\nb";
  EXPECT_FALSE(format_statement(s).ok());
  s.reason = "Held closed pending the return of remains";
  ASSERT_TRUE(format_statement(s).ok());
  std::string text = *format_statement(s);
  auto bad = text;
  bad.replace(bad.find("action suspend"), 14, "action reopen!");
  auto r = parse_statement(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("action"), std::string::npos) << r.error().message;
}

TEST(Statement, RefusesAValueWithANewlineOrControlCharacter) {
  Statement s = decision();
  s.reason = "a\nkind officer-add";
  s.outcome = core::Outcome::deny;
  auto text = format_statement(s);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.error().message.find("'reason'"), std::string::npos) << text.error().message;
  s.reason = "tab\there";
  EXPECT_FALSE(format_statement(s).ok());
}

TEST(Statement, ParseNamesTheLineThatIsWrong) {
  std::string text = *format_statement(decision());
  auto bad_outcome = text;
  bad_outcome.replace(bad_outcome.find("approve"), 7, "maybe");
  auto r = parse_statement(bad_outcome);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "statement line 9: outcome: not approve, deny, return or revoke");

  auto upper = text;
  const auto at = upper.find("snapshot ") + 9;
  upper.replace(at, 2, "AB");
  r = parse_statement(upper);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "statement line 10: snapshot: not 64 lowercase hex");

  r = parse_statement(text + "extra field\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "statement line 11: unexpected field");

  r = parse_statement("corridor-statement/v2\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("statement line 1:"), std::string::npos);

  auto swapped = text;
  swapped.replace(swapped.find("party who\nofficer sara\n"), 23, "officer sara\nparty who\n");
  EXPECT_FALSE(parse_statement(swapped).ok());
}

TEST(Statement, RefusesEmptyFieldNamesAndLeadingZeroTimes) {
  Statement s = decision();
  s.kind = StatementKind::amendment;
  s.fields = {"", "name_en"};
  s.previous = hash_of(2);
  auto text = format_statement(s);
  ASSERT_TRUE(text.ok());
  auto r = parse_statement(*text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "statement line 8: fields: an empty field name");

  std::string t = *format_statement(decision());
  t.replace(t.find("time 1"), 6, "time 01");
  EXPECT_FALSE(parse_statement(t).ok());
}

TEST(Statement, NoteHashDependsOnSaltAndText) {
  const auto a = note_hash("salt-1", "attach the scan");
  EXPECT_EQ(a, note_hash("salt-1", "attach the scan"));
  EXPECT_NE(a, note_hash("salt-2", "attach the scan"));
  EXPECT_NE(a, note_hash("salt-1", "attach the scans"));
}

TEST(Statement, OfficerNames) {
  EXPECT_TRUE(valid_officer_name("dr.rana"));
  EXPECT_TRUE(valid_officer_name("desk-7_b"));
  EXPECT_FALSE(valid_officer_name(""));
  EXPECT_FALSE(valid_officer_name("a b"));
  EXPECT_FALSE(valid_officer_name("a/b"));
  EXPECT_FALSE(valid_officer_name("a+b"));
  EXPECT_FALSE(valid_officer_name(std::string(65, 'a')));
  EXPECT_EQ(officer_key_name("cogat", "desk.7"), "cogat/desk.7");
}

}  // namespace
}  // namespace corridor::ledger
