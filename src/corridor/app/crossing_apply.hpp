#pragma once
// Applying the statements of crossing days, manifests and the gate
// (docs/crossing.md): the checks each kind makes and the projection it
// changes. Called by apply_statement, inside the writer's command; internal
// to app/.

#include <corridor/app/apply.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/database.hpp>

namespace corridor::app::detail {

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

// The day report the store's gate events give for `date` (after the
// no-shows are marked): the fields of a day-report statement.
struct ReportFields {
  std::string crossed;                   // core::format_capacity of the counts
  std::vector<std::string> turned_back;  // "REF:reason", by ref
  std::vector<std::string> no_show;      // refs
};
core::Result<ReportFields> report_fields(store::Database& db, const core::Date& date);
// The same from a day's events; `no_shows_to_come`: main-list travellers
// with no event yet, whom closing the day will mark.
ReportFields report_fields_of(const std::vector<store::GateEvent>& events,
                              const std::vector<std::string>& no_shows_to_come);
// Main-list travellers of the day with no gate event yet, who have not
// crossed (or been turned back) on another day.
core::Result<std::vector<std::string>> unaccounted(store::Database& db, const core::Date& date);

}  // namespace corridor::app::detail
