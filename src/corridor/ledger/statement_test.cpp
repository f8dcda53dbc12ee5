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

Statement header() {
  Statement s;
  s.log = "corridor.rafah/log";
  s.time = 1795645442;
  s.party = "who";
  s.officer = "sara";
  s.case_ref = "2c03ec57f621ce22687b93c49eab9de8";
  return s;
}

Statement decision() {
  Statement s = header();
  Decision d;
  d.stage = "referral";
  d.outcome = core::Outcome::approve;
  d.snapshot = hash_of(1);
  s.body = d;
  return s;
}

TEST(Statement, DecisionHasTheDocumentedForm) {
  auto text = format_statement(decision());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text,
            "corridor-statement/v2\nlog corridor.rafah/log\nkind decision\ntime 1795645442\n"
            "party who\nofficer sara\ncase 2c03ec57f621ce22687b93c49eab9de8\nstage "
            "referral\noutcome approve\n"
            "snapshot " +
                core::to_hex(hash_of(1)) + "\n");
}

TEST(Statement, TheKindIsTheBodysAlternative) {
  Statement s = decision();
  EXPECT_EQ(s.kind(), StatementKind::decision);
  ASSERT_NE(s.as<Decision>(), nullptr);
  EXPECT_EQ(s.as<Manifest>(), nullptr);
  s.body = Attestation{};
  EXPECT_EQ(s.kind(), StatementKind::attestation);
  s.body = Registration{};
  EXPECT_EQ(s.kind(), StatementKind::registration);
}

TEST(Statement, EveryKindRoundTrips) {
  std::vector<Statement> all;
  Statement reg = header();
  reg.body = Registration{"companion", core::Direction::entry, "214e13fe432f3d94c1d278cd8bea0f96",
                          hash_of(1)};
  all.push_back(reg);
  Statement deny = header();
  deny.body = Decision{"referral", core::Outcome::deny, "not-eligible", hash_of(7), hash_of(1)};
  all.push_back(deny);
  Statement amend = header();
  amend.body = Amendment{{"name_en", "date_of_birth"}, hash_of(2), hash_of(1)};
  all.push_back(amend);
  Statement close = header();
  close.body = Closure{core::ClosureKind::deceased, std::nullopt, std::nullopt};
  all.push_back(close);
  Statement add = header();
  add.case_ref.clear();
  add.body = OfficerAdd{"who/sara+2ffd1b05+AUg/nbTeg4fvqC0lspcoeCyNHEP+O0Pc/46ZmFl7Fafn"};
  all.push_back(add);
  Statement revoke = add;
  revoke.body = OfficerRevoke{};
  all.push_back(revoke);
  Statement rotate = add;
  rotate.body = OfficerRotate{"who/sara+0a1b2c3d+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
                              "who/sara+2ffd1b05+AUg/nbTeg4fvqC0lspcoeCyNHEP+O0Pc/46ZmFl7Fafn"};
  all.push_back(rotate);
  for (const Statement& s : all) {
    auto text = format_statement(s);
    ASSERT_TRUE(text.ok()) << to_string(s.kind()) << ": " << text.error().message;
    auto back = parse_statement(*text);
    ASSERT_TRUE(back.ok()) << to_string(s.kind()) << ": " << back.error().message;
    EXPECT_EQ(*back, s) << *text;
    auto again = format_statement(*back);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *text) << to_string(s.kind());
  }
  EXPECT_EQ(
      *format_statement(reg),
      "corridor-statement/v2\nlog corridor.rafah/log\nkind registration\n"
      "time 1795645442\nparty who\nofficer sara\ncase 2c03ec57f621ce22687b93c49eab9de8\n"
      "category companion\ndirection entry\ngroup 214e13fe432f3d94c1d278cd8bea0f96\nsnapshot " +
          core::to_hex(hash_of(1)) + "\n");
  EXPECT_EQ(*format_statement(revoke),
            "corridor-statement/v2\nlog corridor.rafah/log\nkind officer-revoke\n"
            "time 1795645442\nparty who\nofficer sara\n");
  // A rotation: the new key, then the key it retires, as registered.
  EXPECT_EQ(*format_statement(rotate),
            "corridor-statement/v2\nlog corridor.rafah/log\nkind officer-rotate\n"
            "time 1795645442\nparty who\nofficer sara\n"
            "key who/sara+0a1b2c3d+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n"
            "previous who/sara+2ffd1b05+AUg/nbTeg4fvqC0lspcoeCyNHEP+O0Pc/46ZmFl7Fafn\n");
  EXPECT_TRUE(signed_by_log(StatementKind::officer_rotate));
  EXPECT_FALSE(names_case(StatementKind::officer_rotate));
  // Both fields are required, in this order.
  EXPECT_FALSE(parse_statement("corridor-statement/v2\nlog corridor.rafah/log\nkind "
                               "officer-rotate\ntime 1795645442\nparty who\nofficer sara\n"
                               "previous x\nkey y\n")
                   .ok());
}

// The kinds of crossing days (issue 4): each keeps what it carries.
Statement day_statement(StatementBody body) {
  Statement s = header();
  s.case_ref.clear();
  s.body = std::move(body);
  return s;
}

const core::Date k_day{2026, 2, 2};

core::Capacity capacity(std::string_view text) {
  auto c = core::parse_capacity(text);
  EXPECT_TRUE(c.ok());
  return c.ok() ? *c : core::Capacity{};
}

TEST(Statement, CrossingKindsRoundTrip) {
  Statement open = day_statement(CrossingChange{
      k_day, core::Date{2026, 2, 8}, CrossingAction::open, "Reopened under the ceasefire agreement",
      capacity("exit/companion=100,exit/medical=50,entry/total=50")});
  open.party = "egypt";
  Statement manifest = day_statement(
      Manifest{k_day,
               core::Direction::exit,
               {"a4353289a491e3054c3f49e932525e9b", "e53caee0ee165433c91514ae2e99e289",
                "9577a9745146cc027c547ceb952a6ad7"},
               {"d4a3cf70b165e895f1357a04863cae91"}});
  manifest.party = "pa";
  Statement approval = day_statement(Approval{k_day, core::Direction::entry, hash_of(3)});
  Statement gate =
      day_statement(GateEvent{k_day, GateOutcome::turned_back, "invalid-documents", hash_of(4)});
  gate.case_ref = "a4353289a491e3054c3f49e932525e9b";
  Statement reexam = day_statement(Reexamination{k_day, ReexamStep::ordered, hash_of(5)});
  reexam.case_ref = "a4353289a491e3054c3f49e932525e9b";
  Statement report = day_statement(
      DayReport{k_day,
                capacity("exit/companion=39,exit/medical=37"),
                {{"a4353289a491e3054c3f49e932525e9b", "invalid-documents"}},
                {"3e66651a05894339a5f752b83e65ccc0", "0f9d02a7ecba0523f53f954fb7e229f6"}});
  Statement attest = day_statement(Attestation{k_day, hash_of(6)});
  for (const Statement& s : {open, manifest, approval, gate, reexam, report, attest}) {
    auto text = format_statement(s);
    ASSERT_TRUE(text.ok()) << to_string(s.kind()) << ": " << text.error().message;
    auto back = parse_statement(*text);
    ASSERT_TRUE(back.ok()) << to_string(s.kind()) << ": " << back.error().message << "\n" << *text;
    EXPECT_EQ(*back, s) << *text;
    EXPECT_EQ(*format_statement(*back), *text);
  }
  // The form of each, as docs/log_format.md shows it.
  EXPECT_EQ(*format_statement(manifest),
            "corridor-statement/v2\nlog corridor.rafah/log\nkind manifest\ntime 1795645442\n"
            "party pa\nofficer sara\ndate 2026-02-02\ndirection exit\n"
            "travellers "
            "a4353289a491e3054c3f49e932525e9b,e53caee0ee165433c91514ae2e99e289,"
            "9577a9745146cc027c547ceb952a6ad7\nstandby d4a3cf70b165e895f1357a04863cae91\n");
  EXPECT_EQ(*format_statement(open),
            "corridor-statement/v2\nlog corridor.rafah/log\nkind crossing\ntime 1795645442\n"
            "party egypt\nofficer sara\ndate 2026-02-02\nuntil 2026-02-08\naction open\n"
            "reason Reopened under the ceasefire agreement\n"
            "capacity exit/companion=100,exit/medical=50,entry/total=50\n");
  EXPECT_EQ(*format_statement(report),
            "corridor-statement/v2\nlog corridor.rafah/log\nkind day-report\ntime 1795645442\n"
            "party who\nofficer sara\ndate 2026-02-02\ncrossed exit/companion=39,exit/medical=37\n"
            "turned-back a4353289a491e3054c3f49e932525e9b:invalid-documents\nno-show "
            "3e66651a05894339a5f752b83e65ccc0,0f9d02a7ecba0523f53f954fb7e229f6\n");
  EXPECT_EQ(*format_statement(gate),
            "corridor-statement/v2\nlog corridor.rafah/log\nkind gate\ntime 1795645442\n"
            "party who\nofficer sara\ncase a4353289a491e3054c3f49e932525e9b\ndate "
            "2026-02-02\noutcome turned-back\n"
            "reason invalid-documents\nsnapshot " +
                core::to_hex(hash_of(4)) + "\n");
  EXPECT_TRUE(mentions_case(manifest, "e53caee0ee165433c91514ae2e99e289"));
  EXPECT_TRUE(mentions_case(manifest, "d4a3cf70b165e895f1357a04863cae91"));
  EXPECT_FALSE(mentions_case(manifest, "0123"));  // a prefix of no id
  EXPECT_TRUE(mentions_case(report, "a4353289a491e3054c3f49e932525e9b"));
  EXPECT_TRUE(mentions_case(report, "3e66651a05894339a5f752b83e65ccc0"));
  EXPECT_FALSE(mentions_case(report, "9577a9745146cc027c547ceb952a6ad7"));
  EXPECT_TRUE(mentions_case(gate, "a4353289a491e3054c3f49e932525e9b"));
  EXPECT_FALSE(mentions_case(attest, "a4353289a491e3054c3f49e932525e9b"));
}

TEST(Statement, ActionsHaveTheirLogNames) {
  EXPECT_EQ(to_string(CrossingAction::suspend), "suspend");
  EXPECT_EQ(to_string(GateOutcome::turned_back), "turned-back");
  EXPECT_EQ(to_string(GateOutcome::no_show), "no-show");
  EXPECT_EQ(to_string(ReexamStep::recorded), "recorded");
  EXPECT_EQ(parse_gate_outcome("no-show"), GateOutcome::no_show);
  EXPECT_EQ(parse_crossing_action("close"), CrossingAction::close);
  EXPECT_EQ(parse_reexam_step("ordered"), ReexamStep::ordered);
  EXPECT_FALSE(parse_gate_outcome("no_show"));
}

// One text per statement: a capacity in another order or spelling than
// format_capacity's would parse to the same value as the canonical one.
TEST(Statement, RefusesACapacityNotInItsCanonicalForm) {
  Statement open = day_statement(CrossingChange{k_day, std::nullopt, CrossingAction::open, "Open",
                                                capacity("exit/medical=1,exit/total=3")});
  const std::string text = *format_statement(open);
  ASSERT_NE(text.find("capacity exit/medical=1,exit/total=3\n"), std::string::npos) << text;
  auto swapped = text;
  swapped.replace(swapped.find("exit/medical=1,exit/total=3"), 27, "exit/total=3,exit/medical=1");
  auto r = parse_statement(swapped);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Errc::bad_input);
  EXPECT_EQ(r.error().message,
            "statement line 10: capacity: not in the canonical form "
            "'exit/medical=1,exit/total=3'");
  auto broken = text;
  broken.replace(broken.find("exit/total=3"), 12, "exit/total=x");
  r = parse_statement(broken);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("statement line 10: capacity: capacity item 2"),
            std::string::npos)
      << r.error().message;

  Statement report = day_statement(DayReport{k_day, capacity("entry/total=2"), {}, {}});
  auto rt = *format_statement(report);
  rt.replace(rt.find("crossed entry/total=2"), 21, "crossed entry/total=02");
  EXPECT_FALSE(parse_statement(rt).ok());
}

TEST(Statement, ADayReportTurnBackIsRefColonReason) {
  Statement report = day_statement(
      DayReport{k_day, std::nullopt, {{"a4353289a491e3054c3f49e932525e9b", "no-papers"}}, {}});
  auto text = *format_statement(report);
  EXPECT_EQ(text.find("crossed"), std::string::npos);  // nobody crossed: no line
  auto bad = text;
  bad.replace(bad.find("a4353289a491e3054c3f49e932525e9b:no-papers"), 42,
              "a4353289a491e3054c3f49e932525e9b");
  auto r = parse_statement(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(
      r.error().message.find("turned-back: 'a4353289a491e3054c3f49e932525e9b' is not REF:reason"),
      std::string::npos)
      << r.error().message;
}

TEST(Statement, CrossingReasonIsOneShortPublicLine) {
  CrossingChange c{k_day, std::nullopt, CrossingAction::suspend, std::string(201, 'x'), {}};
  Statement s = day_statement(c);
  EXPECT_FALSE(format_statement(s).ok());
  s.as<CrossingChange>()->reason = "a\nb";
  EXPECT_FALSE(format_statement(s).ok());
  s.as<CrossingChange>()->reason = "Held closed pending the return of remains";
  ASSERT_TRUE(format_statement(s).ok());
  std::string text = *format_statement(s);
  auto bad = text;
  bad.replace(bad.find("action suspend"), 14, "action reopen!");
  auto r = parse_statement(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("action"), std::string::npos) << r.error().message;
  auto long_reason = text;
  long_reason.replace(long_reason.find("Held closed"), 11, std::string(201, 'x'));
  EXPECT_FALSE(parse_statement(long_reason).ok());
}

TEST(Statement, RefusesAValueWithANewlineOrControlCharacter) {
  Statement s = decision();
  s.as<Decision>()->reason = "a\nkind officer-add";
  s.as<Decision>()->outcome = core::Outcome::deny;
  auto text = format_statement(s);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.error().message.find("'reason'"), std::string::npos) << text.error().message;
  s.as<Decision>()->reason = "tab\there";
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

  r = parse_statement("corridor-statement/v3\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("statement line 1:"), std::string::npos);

  auto swapped = text;
  swapped.replace(swapped.find("party who\nofficer sara\n"), 23, "officer sara\nparty who\n");
  EXPECT_FALSE(parse_statement(swapped).ok());
}

TEST(Statement, RefusesEmptyFieldNamesAndLeadingZeroTimes) {
  Statement s = header();
  s.body = Amendment{{"", "name_en"}, hash_of(2), hash_of(1)};
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

// Issue 16: the public log never names a case by its ref.
TEST(Statement, AVersionOneStatementIsRefusedByName) {
  auto text = *format_statement(decision());
  text.replace(0, std::string("corridor-statement/v2").size(), "corridor-statement/v1");
  auto r = parse_statement(text);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("version-1 statement"), std::string::npos) << r.error().message;
}

TEST(Statement, ARefWhereACaseIsNamedIsRefusedBothWays) {
  Statement s = decision();
  s.case_ref = "WHO-2025-0101";
  EXPECT_FALSE(format_statement(s).ok());
  auto text = *format_statement(decision());
  text.replace(text.find("2c03ec57"), 32, "WHO-2025-0101");
  EXPECT_FALSE(parse_statement(text).ok());
  // In a list too: a manifest's travellers, a day report's no-shows.
  Statement m = header();
  m.case_ref.clear();
  m.body = Manifest{core::Date{2026, 2, 2}, core::Direction::exit, {"WHO-1"}, {}};
  EXPECT_FALSE(format_statement(m).ok());
  m.body = DayReport{core::Date{2026, 2, 2}, std::nullopt, {}, {"WHO-3"}};
  EXPECT_FALSE(format_statement(m).ok());
  // Upper-case hex is not the one form either.
  s.case_ref = "2C03EC57F621CE22687B93C49EAB9DE8";
  EXPECT_FALSE(format_statement(s).ok());
}

TEST(Statement, ASealedClosureKindRoundTrips) {
  Statement s = header();
  Closure c;
  c.sealed = hash_of(7);
  s.body = c;
  auto text = format_statement(s);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_NE(text->find("\nclosure sealed-" + core::to_hex(hash_of(7)) + "\n"), std::string::npos)
      << *text;
  auto back = parse_statement(*text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, s);
  EXPECT_EQ(parse_sealed(sealed_token(hash_of(7))), hash_of(7));
  EXPECT_FALSE(parse_sealed("sealed-1234"));
  EXPECT_FALSE(parse_sealed("security-refusal"));
}

}  // namespace
}  // namespace corridor::ledger

namespace corridor::ledger {
namespace {

// Possible duplicates (docs/dedup.md): both cases by public id, nothing else.
TEST(Statement, PairDecisionsHaveTheDocumentedForm) {
  const std::string kept = "5f0c1e9a2b7d4c3e8a1f6b0d9e2c7a45";
  Statement same = header();
  same.body = SamePerson{kept};
  Statement different = header();
  different.body = DifferentPersons{kept};
  EXPECT_EQ(*format_statement(same),
            "corridor-statement/v2\nlog corridor.rafah/log\nkind same-person\n"
            "time 1795645442\nparty who\nofficer sara\ncase 2c03ec57f621ce22687b93c49eab9de8\n"
            "kept " +
                kept + "\n");
  EXPECT_EQ(*format_statement(different),
            "corridor-statement/v2\nlog corridor.rafah/log\nkind different-persons\n"
            "time 1795645442\nparty who\nofficer sara\ncase 2c03ec57f621ce22687b93c49eab9de8\n"
            "other " +
                kept + "\n");
  for (const Statement& s : {same, different}) {
    auto back = parse_statement(*format_statement(s));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, s);
    EXPECT_TRUE(names_case(s.kind()));
    EXPECT_FALSE(signed_by_log(s.kind()));
    // Either case's proof holds it.
    EXPECT_TRUE(mentions_case(s, kept));
    EXPECT_TRUE(mentions_case(s, s.case_ref));
    EXPECT_FALSE(mentions_case(s, "0123456789abcdef0123456789abcdef"));
  }
  // Appended: every earlier kind keeps its index.
  EXPECT_EQ(static_cast<int>(StatementKind::same_person), 14);
  EXPECT_EQ(static_cast<int>(StatementKind::different_persons), 15);
  EXPECT_EQ(parse_statement_kind("same-person"), StatementKind::same_person);
  // A ref where a case is named is refused: the log never holds one.
  same.body = SamePerson{"WHO-2025-0101"};
  EXPECT_FALSE(format_statement(same).ok());
  // The duplicate closure is a closure kind of its own.
  Statement close = header();
  close.body = Closure{core::ClosureKind::duplicate, std::nullopt, std::nullopt};
  auto back = parse_statement(*format_statement(close));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->as<Closure>()->kind, core::ClosureKind::duplicate);
}

}  // namespace
}  // namespace corridor::ledger
