#pragma once
// Applying the statements of crossing days, manifests and the gate
// (docs/crossing.md): each kind loads what its rules (core/days.hpp,
// core/manifest_rules.hpp, core/gate.hpp, core/day_report.hpp) take, calls
// them, and stores what they decide. Called by apply_statement (its
// std::visit), inside the writer's command; internal to app/.
//   crossing_apply.cpp           loading and saving a case's gate facts
//   crossing_apply_days.cpp      opening, suspending, closing days
//   crossing_apply_manifest.cpp  manifests and approvals
//   crossing_apply_gate.cpp      the gate, re-examinations, day reports, attestations

#include <corridor/app/apply.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/day_report.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/database.hpp>

#include <optional>
#include <string>
#include <vector>

namespace corridor::app::detail {

// The day report the store's gate events give for `date` (after the
// no-shows are marked): the fields of a day-report statement.
core::Result<core::ReportFields> report_fields(store::Database& db, const core::Date& date);
// Main-list travellers of the day with no gate event yet, who have not
// crossed (or been turned back) on another day.
core::Result<std::vector<std::string>> unaccounted(store::Database& db, const core::Date& date);

// --- one function per kind ---------------------------------------------

// One function per kind: `s` is the statement (its header), the second
// argument its body. `text_hash` is SHA-256 of the statement's text: what
// approvals and attestations name.
core::Result<void> apply_crossing(store::Database& db, const core::Config& config,
                                  const ledger::Statement& s, const ledger::CrossingChange& c);
core::Result<void> apply_manifest(store::Database& db, const core::Config& config,
                                  const ledger::Statement& s, const ledger::Manifest& list,
                                  const core::Hash256& text_hash);
core::Result<void> apply_approval(store::Database& db, const core::Config& config,
                                  const ledger::Statement& s, const ledger::Approval& a);
core::Result<void> apply_gate(store::Database& db, const core::Config& config,
                              const ledger::Statement& s, const ledger::GateEvent& g, Applied& out);
core::Result<void> apply_reexamination(store::Database& db, const core::Config& config,
                                       const ledger::Statement& s, const ledger::Reexamination& x);
core::Result<void> apply_day_report(store::Database& db, const core::Config& config,
                                    const ledger::Statement& s, const ledger::DayReport& rep,
                                    const core::Hash256& text_hash);
core::Result<void> apply_attestation(store::Database& db, const core::Config& config,
                                     const ledger::Statement& s, const ledger::Attestation& a);

// --- what they share (crossing_apply.cpp) --------------------------------

// The crossing zone's date at `t`.
core::Result<core::Date> today_of(const core::Config& config, core::Timestamp t);
// A case by ref; "unknown-case" if there is none.
core::Result<store::StoredCase> load_case(store::Database& db, const std::string& ref);
// Re-derives a case after a change to its gate facts at `at` and saves its
// state.
core::Result<core::CaseView> save_case(store::Database& db, const core::Config& config,
                                       const store::StoredCase& sc, core::Timestamp at);
// Puts a case on a day's schedule, or back in the queue (nullopt).
core::Result<void> reschedule(store::Database& db, const core::Config& config,
                              const std::string& ref, std::optional<core::Date> on,
                              core::Timestamp at);
// Everyone scheduled on the day goes back to the queue, place kept, and the
// day's manifests are void.
core::Result<void> unschedule_day(store::Database& db, const core::Config& config,
                                  const core::Date& date, core::Timestamp at);

}  // namespace corridor::app::detail
