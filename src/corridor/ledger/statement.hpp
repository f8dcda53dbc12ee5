#pragma once
// Statements: the text bodies of the signed notes in the log, one field
// per line, "name value". docs/log_format.md specifies them; change the
// form only with a new first line.
//
//   corridor-statement/v1
//   log corridor.rafah/log
//   kind decision
//   time 1764100000
//   party cogat
//   officer j.levi
//   case R-2026-000123
//   stage security
//   outcome approve
//   snapshot 3f1c...(64 hex)
//
// No personal or medical data ever enters one: a case is named by its ref
// and its salted snapshot hash; a free-text note by a salted hash of it
// (the text stays in the deployment's private tables).

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/tiles.hpp>  // k_max_entry_size: an entry's size limit

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

inline constexpr std::string_view k_statement_header = "corridor-statement/v1";

enum class StatementKind {
  registration,    // a case enters the queue (import)
  decision,        // a party's answer at a stage
  amendment,       // the identity was corrected: new snapshot hash
  closure,         // withdrawn or deceased
  officer_add,     // the log key registers an officer's (or witness's) key
  officer_revoke,  // the log key revokes it
  crossing,        // a crossing day is opened, suspended or closed, with a reason
  manifest,        // the operator's list for one day and direction
  approval,        // a party approves that list (names its statement's hash)
  gate,            // a traveller crossed, was turned back, or did not show
  reexamination,   // the monitor orders a traveller re-examined; it is recorded
  day_report,      // the operator closes a day: counts, turned back, no-shows
  attestation,     // the monitor counter-signs a day's report
};
std::string_view to_string(StatementKind k);
std::optional<StatementKind> parse_statement_kind(std::string_view text);

// True for the kinds the log key signs (key history); the others are
// signed by the officer named in them.
bool signed_by_log(StatementKind k);
// True for the kinds about one case (they carry a `case` line).
bool names_case(StatementKind k);

struct Statement {
  StatementKind kind = StatementKind::decision;
  std::string log;  // the log's origin: a statement is for one deployment
  core::Timestamp time = 0;
  std::string party;
  std::string officer;

  std::string case_ref;  // registration, decision, amendment, closure, gate, reexamination

  // registration
  std::string category;
  core::Direction direction = core::Direction::exit;
  std::string group_ref;  // optional

  // decision
  std::string stage;
  core::Outcome outcome = core::Outcome::approve;
  std::string reason;  // optional

  // decision, closure: hash of the free-text note (note_hash), if any
  std::optional<core::Hash256> note;

  // registration, decision: the snapshot; amendment: the new one
  core::Hash256 snapshot{};
  // amendment
  core::Hash256 previous{};
  std::vector<std::string> fields;

  // closure
  core::ClosureKind closure = core::ClosureKind::withdrawn;

  // officer_add: the verifier key (C2SP vkey)
  std::string key;

  // Crossing days. `day`: the crossing day (every kind below); `until`: the
  // last day a crossing change covers, if more than one.
  core::Date day;
  std::optional<core::Date> until;
  // crossing: open|suspend|close; gate: crossed|turned-back|no-show;
  // reexamination: ordered|recorded.
  std::string action;
  // crossing: the public reason (one line, at most 200 bytes; the log is
  // public, so never personal data). gate: the turn-back reason code.
  // (`reason` above.)
  // crossing open: the day's capacities (core::format_capacity);
  // day-report: the travellers who crossed, counted the same way.
  std::string capacity;
  // manifest: the main list in travel order; day-report: the no-shows.
  std::vector<std::string> refs;
  // manifest: the standby list; day-report: the turned back, "REF:reason".
  std::vector<std::string> others;
  // approval: SHA-256 of the manifest statement's text; attestation: of
  // the day-report statement's text.
  core::Hash256 target{};

  bool operator==(const Statement&) const = default;
};

// True if the statement is about the case `ref`: its `case` line, or a
// manifest or day report that lists it. Proofs for a case hold exactly these.
bool mentions_case(const Statement& s, std::string_view ref);

// The key name an officer signs with: "<party>/<officer>".
std::string officer_key_name(std::string_view party, std::string_view officer);
// An officer name: 1 to 64 of [A-Za-z0-9._-]. Party ids follow the config.
bool valid_officer_name(std::string_view name);

// The body text, ending in '\n'. bad_input if a value is empty where one is
// required, or holds a character a field cannot (newline, control).
core::Result<std::string> format_statement(const Statement& s);

// Strict: the header, the fields in their order, nothing else. bad_input
// naming the line.
core::Result<Statement> parse_statement(std::string_view text);

// The one rule for a statement's signature, used by the store, by verify
// and by proofs: the note carries exactly one signature line, by `key`
// (name and key ID), and it verifies. Errc::refused naming the rule:
// "extra-signature: ...", "unknown-key: ..." or "bad-signature: ...".
core::Result<void> check_statement_signature(const Note& note, const PublicKey& key);

// The commitment to a free-text note: SHA-256("corridor-note/v1\n" ||
// salt || text), with a random salt of its own, so that short notes cannot be
// guessed from their hash (a random salt per note).
core::Hash256 note_hash(std::string_view salt, std::string_view text);

}  // namespace corridor::ledger
