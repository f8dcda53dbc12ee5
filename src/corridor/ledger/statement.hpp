#pragma once
// Statements: the text bodies of the signed notes in the log, one field
// per line, "name value". docs/log_format.md specifies them; change the
// form only with a new first line.
//
//   corridor-statement/v2
//   log corridor.rafah/log
//   kind decision
//   time 1764100000
//   party cogat
//   officer j.levi
//   case 5f0c1e9a2b7d4c3e8a1f6b0d9e2c7a45
//   stage security
//   outcome approve
//   snapshot 3f1c...(64 hex)
//
// No personal or medical data ever enters one: a case is named by its
// public id (core::public_id: it cannot be linked to the ref without the case's
// private salt) and its salted snapshot hash; a free-text note, and a
// reason the config keeps private, by a salted hash of it (the text stays
// in the deployment's private tables). In a Statement as parsed, every
// case value is a public id; app's private form (app/public_form.hpp) puts
// the refs and the private reasons in their place before it is applied.

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
#include <variant>
#include <vector>

namespace corridor::ledger {

inline constexpr std::string_view k_statement_header = "corridor-statement/v2";

enum class StatementKind {
  registration,       // a case enters the queue (import)
  decision,           // a party's answer at a stage
  amendment,          // the identity was corrected: new snapshot hash
  closure,            // withdrawn or deceased
  officer_add,        // the log key registers an officer's (or witness's) key
  officer_revoke,     // the log key revokes it
  crossing,           // a crossing day is opened, suspended or closed, with a reason
  manifest,           // the operator's list for one day and direction
  approval,           // a party approves that list (names its statement's hash)
  gate,               // a traveller crossed, was turned back, or did not show
  reexamination,      // the monitor orders a traveller re-examined; it is recorded
  day_report,         // the operator closes a day: counts, turned back, no-shows
  attestation,        // the monitor counter-signs a day's report
  officer_rotate,     // the log key replaces an officer's key with a new one
  same_person,        // two cases are one person: `case` closes as duplicate of `kept`
  different_persons,  // two cases are different persons: never proposed again
};
std::string_view to_string(StatementKind k);
std::optional<StatementKind> parse_statement_kind(std::string_view text);

// True for the kinds the log key signs (key history); the others are
// signed by the officer named in them.
bool signed_by_log(StatementKind k);
// True for the kinds about one case (they carry a `case` line).
bool names_case(StatementKind k);

// A crossing change: open (with the day's capacities), suspend or close.
enum class CrossingAction { open, suspend, close };
// What the gate recorded of a traveller.
enum class GateOutcome { crossed, turned_back, no_show };
// A re-examination: the monitor orders it, then records that it was done.
enum class ReexamStep { ordered, recorded };
std::string_view to_string(CrossingAction a);  // "open", "suspend", "close"
std::string_view to_string(GateOutcome o);     // "crossed", "turned-back", "no-show"
std::string_view to_string(ReexamStep s);      // "ordered", "recorded"
std::optional<CrossingAction> parse_crossing_action(std::string_view text);
std::optional<GateOutcome> parse_gate_outcome(std::string_view text);
std::optional<ReexamStep> parse_reexam_step(std::string_view text);

// One struct per kind, each with exactly its own fields, in the order of
// StatementKind. The header (log, time, party, officer, case) is Statement's.

// A case enters the queue (import).
struct Registration {
  std::string category;
  core::Direction direction = core::Direction::exit;
  std::string group_ref;  // optional
  core::Hash256 snapshot{};
  bool operator==(const Registration&) const = default;
};

// A party's answer at a stage.
struct Decision {
  std::string stage;
  core::Outcome outcome = core::Outcome::approve;
  std::string reason;                 // optional: a reason code (deny)
  std::optional<core::Hash256> note;  // note_hash of the free-text note, if any
  core::Hash256 snapshot{};
  bool operator==(const Decision&) const = default;
};

// The identity was corrected: the fields changed and the new snapshot.
struct Amendment {
  std::vector<std::string> fields;
  core::Hash256 previous{};
  core::Hash256 snapshot{};
  bool operator==(const Amendment&) const = default;
};

// Withdrawn or deceased. A kind the config keeps private is sealed: the
// log shows `closure sealed-<hash>` (sealed_token), `sealed` holds the hash
// and `kind` is known only once the private form has looked it up.
struct Closure {
  core::ClosureKind kind = core::ClosureKind::withdrawn;
  std::optional<core::Hash256> sealed;
  std::optional<core::Hash256> note;
  bool operator==(const Closure&) const = default;
};

// The log key registers an officer's (or witness's) key: its C2SP vkey.
struct OfficerAdd {
  std::string key;
  bool operator==(const OfficerAdd&) const = default;
};

// The log key revokes it.
struct OfficerRevoke {
  bool operator==(const OfficerRevoke&) const = default;
};

// The log key replaces an officer's key: `key` (the new C2SP vkey) signs
// from this entry on, `previous` (the key it retires, exactly as
// registered) signs nothing after it. Last in StatementKind so that the
// other kinds keep their indices.
struct OfficerRotate {
  std::string key;
  std::string previous;
  bool operator==(const OfficerRotate&) const = default;
};

// Two cases are one person (docs/dedup.md): the statement's `case` is
// closed as a duplicate of `kept`, which stays open and takes its group.
struct SamePerson {
  std::string kept;
  bool operator==(const SamePerson&) const = default;
};

// The statement's `case` and `other` are different persons: the pair is
// decided and never proposed again.
struct DifferentPersons {
  std::string other;
  bool operator==(const DifferentPersons&) const = default;
};

// A crossing day (to `until`, if more than one) is opened, suspended or
// closed. `reason`: public, one line, at most 200 bytes (the log is
// public, so never personal data). `capacity`: an opening's capacities.
struct CrossingChange {
  core::Date day;
  std::optional<core::Date> until;
  CrossingAction action = CrossingAction::open;
  std::string reason;
  std::optional<core::Capacity> capacity;
  bool operator==(const CrossingChange&) const = default;
};

// The operator's list for one day and direction, in travel order.
struct Manifest {
  core::Date day;
  core::Direction direction = core::Direction::exit;
  std::vector<std::string> travellers;
  std::vector<std::string> standby;
  bool operator==(const Manifest&) const = default;
};

// A party approves a manifest: SHA-256 of the manifest statement's text.
struct Approval {
  core::Date day;
  core::Direction direction = core::Direction::exit;
  core::Hash256 manifest{};
  bool operator==(const Approval&) const = default;
};

// A traveller crossed, was turned back (with a reason code) or did not show.
struct GateEvent {
  core::Date day;
  GateOutcome outcome = GateOutcome::crossed;
  std::string reason;  // turned back only
  core::Hash256 snapshot{};
  bool operator==(const GateEvent&) const = default;
};

// The monitor orders a traveller re-examined; it is recorded.
struct Reexamination {
  core::Date day;
  ReexamStep step = ReexamStep::ordered;
  std::optional<core::Hash256> note;
  bool operator==(const Reexamination&) const = default;
};

// One turned-back traveller of a day report ("REF:reason" in the text).
struct TurnBack {
  std::string ref;
  std::string reason;
  bool operator==(const TurnBack&) const = default;
};

// The operator closes a day: who crossed (counted as capacities are), who
// was turned back, by ref, and the no-shows, by ref.
struct DayReport {
  core::Date day;
  std::optional<core::Capacity> crossed;  // none if nobody crossed
  std::vector<TurnBack> turned_back;
  std::vector<std::string> no_shows;
  bool operator==(const DayReport&) const = default;
};

// The monitor counter-signs a day's report: SHA-256 of its text.
struct Attestation {
  core::Date day;
  core::Hash256 report{};
  bool operator==(const Attestation&) const = default;
};

// In the order of StatementKind: body.index() is the kind.
using StatementBody =
    std::variant<Registration, Decision, Amendment, Closure, OfficerAdd, OfficerRevoke,
                 CrossingChange, Manifest, Approval, GateEvent, Reexamination, DayReport,
                 Attestation, OfficerRotate, SamePerson, DifferentPersons>;

struct Statement {
  std::string log;  // the log's origin: a statement is for one deployment
  core::Timestamp time = 0;
  std::string party;
  std::string officer;
  std::string case_ref;  // the kinds that name one case (names_case); empty otherwise
  StatementBody body;

  StatementKind kind() const { return static_cast<StatementKind>(body.index()); }
  template <class T>
  const T* as() const {
    return std::get_if<T>(&body);
  }
  template <class T>
  T* as() {
    return std::get_if<T>(&body);
  }
  bool operator==(const Statement&) const = default;
};

// Calls f(std::string&) on every value that names a case: the `case` line,
// a registration's group, a manifest's lists, a day report's turned-back
// and no-show lists, a same-person's kept case and a different-persons'
// other case. One list of those places for the formatter's check,
// proofs and app's public and private forms.
template <class S, class F>
void for_each_case(S& s, F&& f) {
  if (names_case(s.kind())) f(s.case_ref);
  if (auto* r = s.template as<Registration>(); r && !r->group_ref.empty()) f(r->group_ref);
  if (auto* m = s.template as<Manifest>()) {
    for (auto& ref : m->travellers) f(ref);
    for (auto& ref : m->standby) f(ref);
  }
  if (auto* d = s.template as<DayReport>()) {
    for (auto& t : d->turned_back) f(t.ref);
    for (auto& ref : d->no_shows) f(ref);
  }
  if (auto* p = s.template as<SamePerson>()) f(p->kept);
  if (auto* p = s.template as<DifferentPersons>()) f(p->other);
}

// A reason (or closure kind) the config keeps private is written as
// "sealed-" and the 64 hex digits of its note_hash; the code and salt stay in
// the private notes table.
std::string sealed_token(const core::Hash256& hash);
// The hash of a sealed token; nullopt for anything else (a public code).
std::optional<core::Hash256> parse_sealed(std::string_view text);

// True if the statement is about the case `ref`: its `case` line, a
// manifest or day report that lists it, or the other case of a same-person
// or different-persons statement. Proofs for a case hold exactly these.
bool mentions_case(const Statement& s, std::string_view ref);

// The key name an officer signs with: "<party>/<officer>".
std::string officer_key_name(std::string_view party, std::string_view officer);
// An officer name: 1 to 64 of [A-Za-z0-9._-]. Party ids follow the config.
bool valid_officer_name(std::string_view name);

// The body text, ending in '\n'. bad_input if a value is empty where one is
// required, or holds a character a field cannot (newline, control).
core::Result<std::string> format_statement(const Statement& s);

// Strict: the header, the fields in their order, nothing else; one text per
// statement, so format_statement(parse_statement(text)) == text (a capacity
// not in format_capacity's form is refused). bad_input naming the line.
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
