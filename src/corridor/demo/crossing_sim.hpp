#pragma once
// The demo's crossing days (internal to demo/): over the last weeks of the
// simulation, Egypt and COGAT open each day, the crossings authority builds
// and publishes the lists, both approve them, and the gate runs: most
// travellers cross, some do not come (standby travellers take their
// places), a few are turned back, the EU monitor orders re-examinations and
// attests each day's report. One day is suspended after its list was built.

#include <corridor/app/env.hpp>
#include <corridor/app/service.hpp>
#include <corridor/demo/random.hpp>
#include <corridor/demo/run.hpp>
#include <corridor/ledger/key.hpp>

#include <functional>
#include <string_view>

namespace corridor::demo {

struct CrossingSim {
  app::Service& svc;
  app::ManualEnv& env;
  DemoRng& rng;
  // One of the party's demo officers.
  std::function<const ledger::PrivateKey&(std::string_view party)> officer;
  DemoRunReport& report;
  // The simulated clock never passes this (the demo's "now").
  core::Timestamp end = 0;

  // The gate runs on `day` (if it has an approved list), then it is closed
  // and attested.
  void run_gate(const core::Date& day);
  // Egypt and COGAT open `day`; the lists are built and approved (approved
  // by `approvers` only: the demo's last list awaits COGAT).
  void prepare(const core::Date& day, bool approve_all = true);
  // COGAT suspends `day`, with a reason: its travellers go back to the queue.
  void suspend(const core::Date& day, std::string_view reason);

private:
  void at(const core::Date& day, std::string_view hh_mm);
  void tally(const core::Result<app::CheckinReport>& r);
};

}  // namespace corridor::demo
