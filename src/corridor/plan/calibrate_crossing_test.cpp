// What `plan calibrate` reads of the crossing (calibrate_crossing.cpp),
// on crossing tables filled by hand: which days count (over, in the
// window), which gate events (the patients', on days closed at the gate),
// the lists' groups and the entry side's registrations.

#include <corridor/plan/calibrate_observe.hpp>

#include <corridor/app/service.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/crossing_repo.hpp>

#include <gtest/gtest.h>

namespace corridor::plan::calibration {
namespace {

class ObserveCrossingTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto c = core::parse_config(app::embedded_default_config(), "rafah.toml");
    ASSERT_TRUE(c.ok());
    config = std::move(c).value();
    roles = *roles_of(config);
    auto opened = store::Database::open(":memory:", store::OpenMode::create);
    ASSERT_TRUE(opened.ok());
    db = std::make_unique<store::Database>(std::move(opened).value());
    obs.window.first = d(0);
    obs.window.today = d(9);
    obs.window.from = 1000;
    obs.window.now = 2000;
  }

  static core::Date d(int n) { return core::Date{2026, 3, 1}.plus_days(n); }

  void day(int n, const char* status, bool gate_closed, const char* capacity = "") {
    store::DayRow row;
    row.date = d(n);
    row.status = status;
    row.capacity = capacity;
    row.gate_closed = gate_closed;
    ASSERT_TRUE(store::save_day(*db, row).ok());
  }

  void gate(int n, const std::string& ref, const char* category, const char* outcome,
            core::Direction dir = core::Direction::exit) {
    store::GateEvent e;
    e.date = d(n);
    e.case_ref = ref;
    e.direction = dir;
    e.category = category;
    e.outcome = outcome;
    ASSERT_TRUE(store::insert_gate_event(*db, e).ok());
  }

  void add(const std::string& ref, const char* category, const std::string& group,
           core::Timestamp at, core::Direction dir = core::Direction::exit) {
    core::CaseRecord r;
    r.ref = ref;
    r.category = category;
    r.group_ref = group;
    r.direction = dir;
    r.registered_at = at;
    r.person.name_en = "X";
    r.person.national_id = std::to_string(100000000 + ++m_people);
    ASSERT_TRUE(store::insert_case(*db, r).ok());
  }

  core::Config config;
  Roles roles;
  std::unique_ptr<store::Database> db;
  Observations obs;

private:
  int m_people = 0;
};

TEST_F(ObserveCrossingTest, CountsTheWindowsDaysThatAreOverAndThePatientsAtTheGate) {
  day(-1, "open", true);  // before the window
  day(1, "open", true, "exit/medical=40,exit/companion=80,entry/total=30");
  day(2, "suspended", false);
  day(3, "open", false);      // ran, but its report is not made: no gate counts
  day(9, "open", false);      // today, still running: not over
  day(12, "pending", false);  // after today
  gate(-1, "P0", "medical", "no-show");
  gate(1, "P1", "medical", "crossed");
  gate(1, "P2", "medical", "no-show");
  gate(1, "P3", "medical", "turned-back");
  gate(1, "C1", "companion", "no-show");  // not a patient
  gate(1, "R1", "returnee", "crossed", core::Direction::entry);
  gate(3, "P4", "medical", "no-show");  // a day not closed at the gate
  ASSERT_TRUE(observe_crossing(*db, config, roles, obs).ok());
  ASSERT_EQ(obs.days.size(), 3u);
  EXPECT_EQ(obs.days[0].date, d(1));
  EXPECT_TRUE(obs.days[0].ran);
  EXPECT_EQ(obs.days[0].capacity.exit.of("medical"), 40);
  EXPECT_FALSE(obs.days[1].ran);
  EXPECT_TRUE(obs.days[2].ran);
  EXPECT_EQ(obs.days[2].capacity, config.days.capacity);  // no opening capacity: the config's
  EXPECT_EQ(obs.at_gate, 3);
  EXPECT_EQ(obs.no_shows, 1);
  EXPECT_EQ(obs.crossed, 1);
  EXPECT_EQ(obs.turned_back, 1);
}

TEST_F(ObserveCrossingTest, ListedGroupsAndEntryRegistrationsInTheWindow) {
  add("P1", "medical", "", 1100);
  add("P1-C1", "companion", "P1", 1100);
  add("P2", "medical", "", 1100);
  add("E1", "returnee", "", 500, core::Direction::entry);  // before the window
  add("E2", "returnee", "", 1500, core::Direction::entry);
  add("E3", "student", "", 1999, core::Direction::entry);
  store::ManifestRow m;
  m.date = d(4);
  m.main = {"P1", "P1-C1", "P2"};
  ASSERT_TRUE(store::insert_manifest(*db, m).ok());
  ASSERT_TRUE(observe_crossing(*db, config, roles, obs).ok());
  EXPECT_EQ(obs.companions, (std::map<int, std::int64_t>{{0, 1}, {1, 1}}));
  EXPECT_EQ(obs.entry_arrivals, 2);
}

}  // namespace
}  // namespace corridor::plan::calibration
