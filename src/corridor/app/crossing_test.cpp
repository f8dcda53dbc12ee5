// Crossing days, manifests and the gate, end to end through the Service:
// every change a signed statement, every refusal named, and the whole week
// replayed from the log by rebuild and checked by verify.

#include <corridor/app/apply.hpp>
#include <corridor/app/signed_statement.hpp>
#include <corridor/app/test_deployment.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/core/mrz.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/store/log_repo.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

namespace corridor::app {
namespace {

using testing::k_hour;

constexpr core::Timestamp k_day = 24 * k_hour;

template <class T>
std::string refusal(const core::Result<T>& r) {
  if (r.ok()) return "(accepted)";
  EXPECT_EQ(r.error().code, core::Errc::refused) << r.error().message;
  return r.error().rule;
}

// A TD3 passport MRZ for a person, check digits computed.
std::string passport_mrz(const std::string& surname, const std::string& given,
                         const std::string& number, const core::Date& dob) {
  auto pad = [](std::string s, std::size_t n) {
    s.resize(n, '<');
    return s;
  };
  auto digit = [](std::string_view s) { return std::to_string(core::mrz_check_digit(s)); };
  const std::string line1 = pad("P<PSE" + surname + "<<" + given, 44);
  char yymmdd[16];
  std::snprintf(yymmdd, sizeof yymmdd, "%02d%02d%02d", dob.year % 100, dob.month, dob.day);
  const std::string doc = pad(number, 9), birth = yymmdd, expiry = "300101";
  const std::string personal = pad("", 14);
  const std::string composite_input =
      doc + digit(doc) + birth + digit(birth) + expiry + digit(expiry) + personal + "0";
  const std::string line2 = doc + digit(doc) + "PSE" + birth + digit(birth) + "F" + expiry +
                            digit(expiry) + personal + "0" + digit(composite_input);
  return line1 + "\n" + line2 + "\n";
}

class CrossingTest : public testing::DeploymentTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    import_good();
    approve_everything();
  }

  // Every stage of every case approved, in workflow order.
  void approve_everything() {
    for (int round = 0; round < 3; ++round) {
      auto all = svc->list_cases({});
      ASSERT_TRUE(all.ok());
      for (const CaseSummary& c : *all)
        for (const std::string& stage : c.pending) {
          const core::WorkflowDef* wf = svc->config().workflow_for(c.direction, c.category);
          const std::string party = wf->find_stage(stage)->party;
          auto d =
              svc->decide({c.ref, stage, core::Outcome::approve, "", "", std::nullopt}, key(party));
          ASSERT_TRUE(d.ok()) << c.ref << " " << stage << ": " << d.error().message;
        }
    }
  }

  // Noon (Gaza) on the n-th day after the start.
  void at_day(int n, int hour = 10) { env.set(k_start_midnight + n * k_day + (hour - 2) * k_hour); }
  core::Date day(int n) const { return k_first.plus_days(n); }

  core::Result<std::vector<DayInfo>> change(const std::string& action, int from, int to,
                                            const std::string& party,
                                            std::optional<core::Capacity> cap = std::nullopt) {
    CrossingChange c{action, day(from), day(to), "test: " + action, cap};
    return svc->change_crossing(c, key(party));
  }

  core::Capacity small() {
    auto c = core::parse_capacity("exit/medical=2,exit/companion=2,entry/total=1,entry/returnee=1");
    EXPECT_TRUE(c.ok());
    return *c;
  }

  std::vector<std::string> refs(const ManifestReport& m, bool standby) {
    std::vector<std::string> out;
    for (const auto& l : m.lines)
      if (l.standby == standby) out.push_back(l.ref);
    return out;
  }

  // 2025-11-24 is the start's date in Gaza; day(1) is the next day.
  const core::Date k_first{2025, 11, 24};
  const core::Timestamp k_start_midnight = core::Date{2025, 11, 24}.days_since_epoch() * k_day;
};

TEST_F(CrossingTest, ADayOpensOnlyWhenEveryRequiredPartyHasSigned) {
  EXPECT_EQ(refusal(change("open", 1, 1, "pa")), "crossing-party");
  auto first = change("open", 1, 3, "egypt", small());
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*first)[0].status, "pending");
  EXPECT_EQ((*first)[0].awaiting, std::vector<std::string>{"cogat"});
  EXPECT_EQ(refusal(change("open", 1, 1, "egypt", small())), "already-signed");
  // COGAT signing other capacities starts the signatures again.
  auto other = change("open", 1, 1, "cogat");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)[0].status, "pending");
  EXPECT_EQ((*other)[0].signed_by, std::vector<std::string>{"cogat"});
  ASSERT_TRUE(change("open", 1, 1, "egypt").ok());
  auto days = svc->days(day(1), day(2));
  ASSERT_TRUE(days.ok());
  EXPECT_EQ((*days)[0].status, "open");
  EXPECT_EQ((*days)[0].capacity, svc->config().days.capacity);
  EXPECT_EQ((*days)[1].status, "pending");
  EXPECT_EQ((*days)[0].events.size(), 3u);
  // The past cannot be changed.
  EXPECT_EQ(refusal(change("suspend", -1, -1, "cogat")), "day-past");
}

TEST_F(CrossingTest, ManifestFollowsThePolicyAndNeedsEveryApproval) {
  ASSERT_TRUE(change("open", 1, 1, "egypt", small()).ok());
  EXPECT_EQ(refusal(svc->build_manifest(day(1), core::Direction::exit, key("pa"))), "day-not-open");
  ASSERT_TRUE(change("open", 1, 1, "cogat", small()).ok());
  EXPECT_EQ(refusal(svc->build_manifest(day(1), core::Direction::exit, key("who"))),
            "manifest-party");
  auto m = svc->build_manifest(day(1), core::Direction::exit, key("pa"));
  ASSERT_TRUE(m.ok()) << m.error().message;
  // The life-saving child with their companion, then the critical patient
  // with theirs: 2 patients, 2 companions. Urgent and routine wait on standby.
  EXPECT_EQ(refs(*m, false), (std::vector<std::string>{"WHO-2025-0101", "WHO-2025-0101-C1",
                                                       "WHO-2025-0102", "WHO-2025-0102-C1"}));
  EXPECT_EQ(refs(*m, true),
            (std::vector<std::string>{"WHO-2025-0103", "WHO-2025-0104", "WHO-2025-0104-C1"}));
  auto why = std::find_if(m->not_chosen.begin(), m->not_chosen.end(),
                          [](const NotChosen& n) { return n.ref == "WHO-2025-0103"; });
  ASSERT_NE(why, m->not_chosen.end());
  EXPECT_EQ(why->reason, "quota-full");
  auto student = std::find_if(m->not_chosen.begin(), m->not_chosen.end(),
                              [](const NotChosen& n) { return n.ref == "MOE-2025-0007"; });
  ASSERT_NE(student, m->not_chosen.end());
  EXPECT_EQ(student->reason, "quota-full");  // students get 0 places out
  // The cases on the list are scheduled; standby ones stay cleared.
  EXPECT_EQ(svc->get_case("WHO-2025-0101")->view.state, core::CaseState::scheduled);
  EXPECT_EQ(svc->get_case("WHO-2025-0103")->view.state, core::CaseState::cleared);
  // A statement whose list differs from the policy's is refused.
  auto approved = svc->approve_manifest(day(1), core::Direction::exit, key("egypt"));
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->awaiting, std::vector<std::string>{"cogat"});
  env.advance(60);
  EXPECT_EQ(refusal(svc->approve_manifest(day(1), core::Direction::exit, key("egypt"))),
            "already-approved");
  EXPECT_EQ(refusal(svc->approve_manifest(day(1), core::Direction::exit, key("pa"))),
            "approval-party");
  // Rebuilt after Egypt approved: the approval no longer counts.
  env.advance(60);
  auto again = svc->build_manifest(day(1), core::Direction::exit, key("pa"));
  ASSERT_TRUE(again.ok()) << again.error().message;
  auto shown = svc->manifest(day(1), core::Direction::exit);
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->awaiting, (std::vector<std::string>{"egypt", "cogat"}));
  EXPECT_EQ(shown->lines[0].id_last4, "2336");
  EXPECT_EQ(shown->lines[0].name_en, "Mohammed Ahmad Al-Shaer");
  // Only the operator may look a document up at the gate.
  EXPECT_EQ(refusal(svc->checkin({day(1), "407182336"}, key("egypt"))), "gate-party");
  // Other capacities: the day must be signed again, and its lists no longer count.
  env.advance(60);
  auto other = change("open", 1, 1, "egypt");
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_EQ((*other)[0].status, "pending");
  EXPECT_EQ(svc->manifest(day(1), core::Direction::exit).error().code, core::Errc::not_found);
  EXPECT_EQ(svc->get_case("WHO-2025-0101")->view.state, core::CaseState::cleared);
}

TEST_F(CrossingTest, AManifestStatementThatIsNotThePolicysIsRefused) {
  ASSERT_TRUE(change("open", 1, 1, "egypt", small()).ok());
  ASSERT_TRUE(change("open", 1, 1, "cogat", small()).ok());
  ledger::Statement s;
  s.log = svc->config().log.origin;
  s.time = env.now();
  s.party = "pa";
  s.officer = std::string(testing::k_officer);
  // A place sold to the routine patient, ahead of the life-saving child.
  s.body = ledger::Manifest{
      day(1),
      core::Direction::exit,
      {testing::public_id(*svc, "WHO-2025-0104"), testing::public_id(*svc, "WHO-2025-0104-C1"),
       testing::public_id(*svc, "WHO-2025-0101"), testing::public_id(*svc, "WHO-2025-0101-C1")},
      {}};
  auto body = ledger::format_statement(s);
  ASSERT_TRUE(body.ok());
  ledger::Note note{*body, {ledger::sign_note_text(*body, key("pa"))}};
  auto r = svc->submit(ledger::format_note(note));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rule, "manifest-policy");
  EXPECT_NE(r.error().message.find("not the policy's"), std::string::npos) << r.error().message;
}

// The public log lists a manifest's travellers in the order of their public
// ids, never in travel order, so that a name list published in travel
// order cannot be matched to it place by place; the store keeps the
// policy's travel order.
TEST_F(CrossingTest, TheLogListsTravellersByPublicIdAndTheStoreInTravelOrder) {
  ASSERT_TRUE(change("open", 1, 1, "egypt").ok());
  ASSERT_TRUE(change("open", 1, 1, "cogat").ok());
  auto built = svc->build_manifest(day(1), core::Direction::exit, key("pa"));
  ASSERT_TRUE(built.ok()) << built.error().message;
  auto shown = svc->manifest(day(1), core::Direction::exit);
  ASSERT_TRUE(shown.ok());
  std::vector<std::string> travel;
  for (const auto& l : shown->lines)
    if (!l.standby) travel.push_back(testing::public_id(*svc, l.ref));
  ASSERT_GE(travel.size(), 2u);
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  auto note = store::log_entry(**db, built->index);
  ASSERT_TRUE(note.ok() && *note);
  auto parsed = parse_signed_statement(**note);
  ASSERT_TRUE(parsed.ok());
  const auto& listed = parsed->statement.as<ledger::Manifest>()->travellers;
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end()));
  std::vector<std::string> sorted = travel;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(listed, sorted);
}

TEST_F(CrossingTest, AWeekAtTheGateReplaysFromTheLog) {
  // Day 1 to 7 opened by both neighbours, with small capacities.
  ASSERT_TRUE(change("open", 1, 7, "egypt", small()).ok());
  ASSERT_TRUE(change("open", 1, 7, "cogat", small()).ok());

  // --- day 1: a re-examination, a no-show and the standby list ---------------
  ASSERT_TRUE(svc->build_manifest(day(1), core::Direction::exit, key("pa")).ok());
  ASSERT_TRUE(svc->approve_manifest(day(1), core::Direction::exit, key("egypt")).ok());
  EXPECT_EQ(refusal(svc->checkin({day(1), "407182336"}, key("pa"))), "not-today");
  at_day(1, 8);
  EXPECT_EQ(refusal(svc->checkin({day(1), "407182336"}, key("pa"))), "manifest-not-approved");
  ASSERT_TRUE(svc->approve_manifest(day(1), core::Direction::exit, key("cogat")).ok());
  env.advance(60);
  auto crossed = svc->checkin({day(1), "407182336"}, key("pa"));
  ASSERT_TRUE(crossed.ok()) << crossed.error().message;
  EXPECT_EQ(crossed->ref, "WHO-2025-0101");
  EXPECT_EQ(crossed->state, core::CaseState::crossed);
  env.advance(60);
  EXPECT_EQ(refusal(svc->checkin({day(1), "407182336"}, key("pa"))), "already-checked-in");
  // The same number with a typo in it: its check digit is wrong, which is
  // what the gate is told, rather than that no one has this number.
  auto typo = svc->checkin({day(1), "407182337"}, key("pa"));
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().rule, "check-digit");
  EXPECT_EQ(typo.error().field, "document");
  // The monitor orders the companion re-examined: no crossing until recorded.
  EXPECT_EQ(refusal(svc->reexamination(day(1), "WHO-2025-0101-C1", "ordered", "", key("pa"))),
            "reexamination-party");
  ASSERT_TRUE(
      svc->reexamination(day(1), "WHO-2025-0101-C1", "ordered", "bag check", key("eubam")).ok());
  EXPECT_EQ(refusal(svc->checkin({day(1), "802334177"}, key("pa"))), "reexamination-pending");
  // The operator, whose crossing it holds, cannot lift it.
  EXPECT_EQ(refusal(svc->reexamination(day(1), "WHO-2025-0101-C1", "recorded", "", key("pa"))),
            "reexamination-party");
  ASSERT_TRUE(svc->reexamination(day(1), "WHO-2025-0101-C1", "recorded", "", key("eubam")).ok());
  // Checked by MRZ, with a name written in another order and case.
  CheckinRequest by_mrz{day(1)};
  by_mrz.national_id.reset();
  by_mrz.mrz = passport_mrz("AL<SHAER", "AMAL<MAHMOUD", "802334177", {1988, 9, 30});
  auto companion = svc->checkin(by_mrz, key("pa"));
  ASSERT_TRUE(companion.ok()) << companion.error().message;
  // A standby patient waits until a no-show frees a place, which the
  // operator may declare from noon.
  EXPECT_EQ(refusal(svc->checkin({day(1), "408627198"}, key("pa"))), "no-free-place");
  EXPECT_EQ(refusal(svc->no_show(day(1), "WHO-2025-0102", key("pa"))), "too-early");
  at_day(1, 12);
  EXPECT_EQ(refusal(svc->no_show(day(1), "WHO-2025-0103", key("pa"))), "not-on-manifest");
  ASSERT_TRUE(svc->no_show(day(1), "WHO-2025-0102", key("pa")).ok());
  EXPECT_EQ(svc->get_case("WHO-2025-0102")->view.state, core::CaseState::cleared);
  auto standby = svc->checkin({day(1), "408627198"}, key("pa"));
  ASSERT_TRUE(standby.ok()) << standby.error().message;
  EXPECT_TRUE(standby->standby);
  // A document that is not the approved one is refused, naming what differs.
  CheckinRequest wrong{day(1)};
  wrong.national_id.reset();
  wrong.mrz = passport_mrz("AL<NAJJAR", "KHALED<YOUSEF", "403915820", {1984, 1, 18});
  auto mismatch = svc->checkin(wrong, key("pa"));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().rule, "identity-mismatch");
  ASSERT_EQ(mismatch.error().details.size(), 1u);
  EXPECT_EQ(mismatch.error().details[0].rfind("date_of_birth", 0), 0u);
  // Closing: the critical patient's companion did not come.
  at_day(1, 16);
  auto report = svc->close_day(day(1), key("pa"));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->crossed.exit.places.at("medical"), 2);
  EXPECT_EQ(report->crossed.exit.places.at("companion"), 1);
  EXPECT_EQ(report->no_show, (std::vector<std::string>{"WHO-2025-0102", "WHO-2025-0102-C1"}));
  EXPECT_TRUE(report->log_differences.empty());
  EXPECT_EQ(refusal(svc->attest_day(day(1), key("pa"))), "attestation-party");
  auto attested = svc->attest_day(day(1), key("eubam"));
  ASSERT_TRUE(attested.ok()) << attested.error().message;
  ASSERT_TRUE(attested->attested_by);
  EXPECT_EQ(*attested->attested_by, "eubam/officer-1");
  EXPECT_EQ(refusal(svc->checkin({day(1), "900551268"}, key("pa"))), "day-closed");
  // The no-shows are back in the queue, with their place.
  EXPECT_EQ(svc->get_case("WHO-2025-0102")->view.state, core::CaseState::cleared);

  // --- day 2: built, then suspended: everyone back in the queue -------------
  auto d2 = svc->build_manifest(day(2), core::Direction::exit, key("pa"));
  ASSERT_TRUE(d2.ok()) << d2.error().message;
  EXPECT_EQ(refs(*d2, false)[0], "WHO-2025-0102");  // the no-show kept their place
  EXPECT_EQ(svc->get_case("WHO-2025-0102")->view.state, core::CaseState::scheduled);
  auto suspended = change("suspend", 2, 2, "cogat");
  ASSERT_TRUE(suspended.ok()) << suspended.error().message;
  EXPECT_EQ((*suspended)[0].status, "suspended");
  EXPECT_EQ(svc->get_case("WHO-2025-0102")->view.state, core::CaseState::cleared);
  EXPECT_EQ(svc->manifest(day(2), core::Direction::exit).error().code, core::Errc::not_found);

  // --- day 3: entry and exit, a traveller turned back --------------------------
  ASSERT_TRUE(svc->build_manifest(day(3), core::Direction::exit, key("pa")).ok());
  auto entry = svc->build_manifest(day(3), core::Direction::entry, key("pa"));
  ASSERT_TRUE(entry.ok()) << entry.error().message;
  EXPECT_EQ(refs(*entry, false).size(), 1u);  // entry/total=1
  for (auto dir : {core::Direction::exit, core::Direction::entry})
    for (const char* p : {"egypt", "cogat"})
      ASSERT_TRUE(svc->approve_manifest(day(3), dir, key(p)).ok());
  at_day(3);
  CheckinRequest back{day(3), "900551268"};
  back.outcome = "turned-back";
  back.reason = "no-such-reason";
  EXPECT_EQ(refusal(svc->checkin(back, key("pa"))), "turn-back-reason");
  back.reason = "too-ill-to-travel";
  auto turned = svc->checkin(back, key("pa"));
  ASSERT_TRUE(turned.ok()) << turned.error().message;
  EXPECT_EQ(turned->state, core::CaseState::turned_back);
  ASSERT_TRUE(svc->checkin({day(3), "403915820"}, key("pa")).ok());
  ASSERT_TRUE(
      svc->checkin({day(3), refs(*entry, false)[0] == "RET-2025-0011" ? "901483727" : "N0731845"},
                   key("pa"))
          .ok());
  at_day(3, 17);
  auto r3 = svc->close_day(day(3), key("pa"));
  ASSERT_TRUE(r3.ok()) << r3.error().message;
  ASSERT_EQ(r3->turned_back.size(), 1u);
  EXPECT_EQ(r3->turned_back[0],
            (std::pair<std::string, std::string>{"WHO-2025-0102", "too-ill-to-travel"}));
  EXPECT_EQ(r3->crossed.entry.places.size(), 1u);
  ASSERT_TRUE(svc->attest_day(day(3), key("eubam")).ok());

  // --- days 4 to 7: day 5 suspended; the rest of the queue crosses ----------
  auto suspended5 = change("suspend", 5, 5, "egypt");
  ASSERT_TRUE(suspended5.ok()) << suspended5.error().message;
  for (int n = 4; n <= 7; ++n) {
    at_day(n - 1, 18);
    if (n == 5) {
      EXPECT_EQ(refusal(svc->build_manifest(day(n), core::Direction::exit, key("pa"))),
                "day-not-open");
      continue;
    }
    for (auto dir : {core::Direction::exit, core::Direction::entry}) {
      auto m = svc->build_manifest(day(n), dir, key("pa"));
      ASSERT_TRUE(m.ok()) << n << ": " << m.error().message;
      for (const char* p : {"egypt", "cogat"})
        ASSERT_TRUE(svc->approve_manifest(day(n), dir, key(p)).ok());
      at_day(n, 9);
      for (const ManifestLine& l : m->lines) {
        if (l.standby) continue;
        auto c = svc->get_case(l.ref);
        ASSERT_TRUE(c.ok());
        const core::Person& p = c->record.person;
        env.advance(60);
        auto in = svc->checkin({day(n), p.national_id.empty() ? p.passport_no : p.national_id},
                               key("pa"));
        ASSERT_TRUE(in.ok()) << l.ref << ": " << in.error().message;
      }
      at_day(n - 1, 18);
    }
    at_day(n, 16);
    auto closed = svc->close_day(day(n), key("pa"));
    ASSERT_TRUE(closed.ok()) << n << ": " << closed.error().message;
    EXPECT_TRUE(closed->no_show.empty());
    ASSERT_TRUE(svc->attest_day(day(n), key("eubam")).ok());
  }
  // Everyone who could travel has: the routine patient's group on day 4.
  EXPECT_EQ(svc->get_case("WHO-2025-0104")->view.state, core::CaseState::crossed);
  EXPECT_EQ(svc->get_case("WHO-2025-0104-C1")->view.state, core::CaseState::crossed);

  // --- the figures -----------------------------------------------------------
  auto st = svc->stats(day(1));
  ASSERT_TRUE(st.ok());
  // Day 1: 3; day 3: a companion and the returnee; day 4: the routine
  // patient and their companion. The small capacities give the other
  // entry categories no place.
  EXPECT_EQ(st->crossed_since, 7);
  // Day 1: the critical patient (early) and their companion (at closing);
  // day 3: the routine patient and their companion.
  EXPECT_EQ(st->no_shows_since, 4);
  EXPECT_EQ(st->turned_back, 1);
  ASSERT_TRUE(st->days_to_cross_median);

  // --- replayed from the log, and verified -----------------------------------
  auto rebuilt = svc->rebuild(true);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(rebuilt->before, rebuilt->after);
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  auto source = database_source(**db);
  VerifyPolicy policy{svc->log_key(), svc->config().log.origin, {}, 0, {}};
  auto verified = verify_log(*source, policy);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_GT(verified->entries, 40u);
}

// One text per statement: every entry of a log that saw every crossing
// kind formats back, from its parsed form, to the very bytes signed.
TEST_F(CrossingTest, EveryStoredStatementFormatsBackToItsSignedText) {
  ASSERT_TRUE(change("open", 1, 2, "egypt", small()).ok());
  ASSERT_TRUE(change("open", 1, 2, "cogat", small()).ok());
  ASSERT_TRUE(svc->build_manifest(day(1), core::Direction::exit, key("pa")).ok());
  for (const char* p : {"egypt", "cogat"})
    ASSERT_TRUE(svc->approve_manifest(day(1), core::Direction::exit, key(p)).ok()) << p;
  at_day(1, 8);
  ASSERT_TRUE(svc->checkin({day(1), "407182336"}, key("pa")).ok());
  ASSERT_TRUE(
      svc->reexamination(day(1), "WHO-2025-0101-C1", "ordered", "bag check", key("eubam")).ok());
  ASSERT_TRUE(svc->reexamination(day(1), "WHO-2025-0101-C1", "recorded", "", key("eubam")).ok());
  at_day(1, 12);
  ASSERT_TRUE(svc->no_show(day(1), "WHO-2025-0102", key("pa")).ok());
  at_day(1, 16);
  auto closed = svc->close_day(day(1), key("pa"));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  ASSERT_TRUE(svc->attest_day(day(1), key("eubam")).ok());
  auto db = svc->reader();
  ASSERT_TRUE(db.ok());
  auto size = store::log_size(**db);
  ASSERT_TRUE(size.ok());
  std::set<ledger::StatementKind> kinds;
  int batches = 0;
  auto read =
      store::for_each_log_entry(**db, 0, *size, [&](std::uint64_t idx, std::string_view note) {
        // An import's batch and rows (docs/log_format.md 2.1): their own forms.
        if (ledger::is_row_entry(note)) {
          auto row = ledger::parse_row(note);
          EXPECT_TRUE(row.ok() && *ledger::format_row(*row) == note) << "entry " << idx;
          return true;
        }
        if (ledger::is_batch_text(note)) {
          auto n = ledger::parse_note(note);
          auto b =
              n ? ledger::parse_batch(n->text) : core::Result<ledger::RegistrationBatch>(n.error());
          EXPECT_TRUE(b.ok() && *ledger::format_batch(*b) == n->text) << "entry " << idx;
          batches += b.ok();
          return true;
        }
        auto parsed = parse_signed_statement(note);
        EXPECT_TRUE(parsed.ok()) << idx << ": " << parsed.error().message;
        if (!parsed) return false;
        auto text = ledger::format_statement(parsed->statement);
        EXPECT_TRUE(text.ok()) << idx;
        EXPECT_EQ(text.ok() ? *text : "", parsed->note.text) << "entry " << idx;
        kinds.insert(parsed->statement.kind());
        return true;
      });
  ASSERT_TRUE(read.ok());
  EXPECT_GE(batches, 1);  // the cases were registered by an import
  for (auto k : {ledger::StatementKind::decision, ledger::StatementKind::officer_add,
                 ledger::StatementKind::crossing, ledger::StatementKind::manifest,
                 ledger::StatementKind::approval, ledger::StatementKind::gate,
                 ledger::StatementKind::reexamination, ledger::StatementKind::day_report,
                 ledger::StatementKind::attestation})
    EXPECT_TRUE(kinds.count(k)) << ledger::to_string(k);
}

TEST_F(CrossingTest, AStandbyTravellerOnALaterListMayGoToday) {
  ASSERT_TRUE(change("open", 1, 1, "egypt", small()).ok());
  ASSERT_TRUE(change("open", 1, 1, "cogat", small()).ok());
  // Day 2 has one patient's place: the urgent patient, the routine one on standby.
  auto one = core::parse_capacity("exit/medical=1,exit/companion=2");
  ASSERT_TRUE(change("open", 2, 2, "egypt", *one).ok());
  ASSERT_TRUE(change("open", 2, 2, "cogat", *one).ok());
  ASSERT_TRUE(svc->build_manifest(day(1), core::Direction::exit, key("pa")).ok());
  auto later = svc->build_manifest(day(2), core::Direction::exit, key("pa"));
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(refs(*later, false)[0], "WHO-2025-0103");  // also day 1's first standby
  for (int n : {1, 2})
    for (const char* p : {"egypt", "cogat"})
      ASSERT_TRUE(svc->approve_manifest(day(n), core::Direction::exit, key(p)).ok());
  at_day(1, 13);
  ASSERT_TRUE(svc->no_show(day(1), "WHO-2025-0102", key("pa")).ok());
  auto went = svc->checkin({day(1), "408627198"}, key("pa"));
  ASSERT_TRUE(went.ok()) << went.error().message;
  EXPECT_TRUE(went->standby);
  at_day(1, 16);
  ASSERT_TRUE(svc->close_day(day(1), key("pa")).ok());
  // On day 2 their place is free for day 2's standby list.
  at_day(2, 10);
  auto standby2 = std::find_if(later->lines.begin(), later->lines.end(),
                               [](const ManifestLine& l) { return l.standby; });
  ASSERT_NE(standby2, later->lines.end());
  ASSERT_EQ(standby2->ref, "WHO-2025-0104");
  auto c2 = svc->get_case(standby2->ref);
  ASSERT_TRUE(c2.ok());
  auto gap = svc->checkin({day(2), c2->record.person.national_id}, key("pa"));
  ASSERT_TRUE(gap.ok()) << standby2->ref << ": " << gap.error().message;
  EXPECT_TRUE(gap->standby);
  at_day(2, 16);
  auto second = svc->close_day(day(2), key("pa"));
  ASSERT_TRUE(second.ok()) << second.error().message;
  // Day 2's list had them first; they crossed the day before.
  EXPECT_EQ(std::count(second->no_show.begin(), second->no_show.end(), "WHO-2025-0103"), 0);
  EXPECT_EQ(svc->get_case("WHO-2025-0103")->view.state, core::CaseState::crossed);
}

// A deployment with the rule of equal numbers in and out turned on.
class EqualInOutTest : public CrossingTest {
protected:
  void SetUp() override {
    DeploymentTest::SetUp();
    auto text = read_file(CORRIDOR_SOURCE_DIR "/config/rafah.toml");
    ASSERT_TRUE(text.ok());
    std::string toml = *text;
    toml.replace(toml.find("equal_in_out = false"), 20, "equal_in_out = true");
    const std::string config = (dir() / "equal.toml").string();
    ASSERT_TRUE(std::ofstream(config) << toml);
    svc.reset();
    auto made = Service::init((dir() / "equal.db").string(), config, env,
                              (dir() / "equal.logkey").string());
    ASSERT_TRUE(made.ok()) << made.error().message;
    svc = std::move(made).value();
    ASSERT_TRUE(svc->config().days.equal_in_out);
    for (const auto& [party, k] : keys)
      ASSERT_TRUE(
          svc->add_officer(party, testing::k_officer, ledger::format_vkey(k.public_key())).ok());
    import_good();
    approve_everything();
  }
};

TEST_F(EqualInOutTest, EachDirectionHoldsAsManyAsTheOtherCould) {
  // Two places in; plenty out: the exit list is cut to two travellers.
  auto cap = core::parse_capacity(
      "exit/medical=50,exit/companion=100,entry/returnee=5,entry/humanitarian-staff=5,"
      "entry/student=5,entry/total=2");
  ASSERT_TRUE(cap.ok());
  ASSERT_TRUE(change("open", 1, 1, "egypt", *cap).ok());
  ASSERT_TRUE(change("open", 1, 1, "cogat", *cap).ok());
  auto out = svc->build_manifest(day(1), core::Direction::exit, key("pa"));
  ASSERT_TRUE(out.ok()) << out.error().message;
  auto in = svc->build_manifest(day(1), core::Direction::entry, key("pa"));
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(refs(*out, false).size(), 2u);
  EXPECT_EQ(refs(*in, false).size(), 2u);
  ASSERT_TRUE(out->max_travellers);
  EXPECT_EQ(*out->max_travellers, 2);
  // The life-saving child and their companion fill the two places out.
  EXPECT_EQ(refs(*out, false), (std::vector<std::string>{"WHO-2025-0101", "WHO-2025-0101-C1"}));
  auto why = std::find_if(out->not_chosen.begin(), out->not_chosen.end(),
                          [](const NotChosen& n) { return n.ref == "WHO-2025-0102"; });
  ASSERT_NE(why, out->not_chosen.end());
  EXPECT_EQ(why->reason, "equal-in-out");
}

}  // namespace
}  // namespace corridor::app
