#include <corridor/ledger/statement.hpp>

#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/statement_text.hpp>

#include <sodium.h>

#include <algorithm>

namespace corridor::ledger {
namespace {

constexpr std::string_view k_kinds[] = {
    "registration", "decision",       "amendment",     "closure",
    "officer-add",  "officer-revoke", "crossing",      "manifest",
    "approval",     "gate",           "reexamination", "day-report",
    "attestation",  "officer-rotate", "same-person",   "different-persons"};

constexpr std::string_view k_crossing_actions[] = {"open", "suspend", "close"};
constexpr std::string_view k_gate_outcomes[] = {"crossed", "turned-back", "no-show"};
constexpr std::string_view k_reexam_steps[] = {"ordered", "recorded"};

template <class E, std::size_t N>
std::optional<E> enum_of(const std::string_view (&names)[N], std::string_view text) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(StatementKind k) { return k_kinds[static_cast<int>(k)]; }

std::optional<StatementKind> parse_statement_kind(std::string_view text) {
  return enum_of<StatementKind>(k_kinds, text);
}

std::string_view to_string(CrossingAction a) { return k_crossing_actions[static_cast<int>(a)]; }
std::string_view to_string(GateOutcome o) { return k_gate_outcomes[static_cast<int>(o)]; }
std::string_view to_string(ReexamStep s) { return k_reexam_steps[static_cast<int>(s)]; }

std::optional<CrossingAction> parse_crossing_action(std::string_view text) {
  return enum_of<CrossingAction>(k_crossing_actions, text);
}
std::optional<GateOutcome> parse_gate_outcome(std::string_view text) {
  return enum_of<GateOutcome>(k_gate_outcomes, text);
}
std::optional<ReexamStep> parse_reexam_step(std::string_view text) {
  return enum_of<ReexamStep>(k_reexam_steps, text);
}

bool signed_by_log(StatementKind k) {
  return k == StatementKind::officer_add || k == StatementKind::officer_revoke ||
         k == StatementKind::officer_rotate;
}

bool names_case(StatementKind k) {
  switch (k) {
    case StatementKind::registration:
    case StatementKind::decision:
    case StatementKind::amendment:
    case StatementKind::closure:
    case StatementKind::gate:
    case StatementKind::reexamination:
    case StatementKind::same_person:
    case StatementKind::different_persons:
      return true;
    default:
      return false;
  }
}

bool mentions_case(const Statement& s, std::string_view ref) {
  if (const auto* p = s.as<SamePerson>()) return s.case_ref == ref || p->kept == ref;
  if (const auto* p = s.as<DifferentPersons>()) return s.case_ref == ref || p->other == ref;
  if (names_case(s.kind())) return s.case_ref == ref;
  auto is = [&](const std::string& item) { return item == ref; };
  if (const auto* m = s.as<Manifest>())
    return std::any_of(m->travellers.begin(), m->travellers.end(), is) ||
           std::any_of(m->standby.begin(), m->standby.end(), is);
  if (const auto* r = s.as<DayReport>())
    return std::any_of(r->turned_back.begin(), r->turned_back.end(),
                       [&](const TurnBack& t) { return t.ref == ref; }) ||
           std::any_of(r->no_shows.begin(), r->no_shows.end(), is);
  return false;
}

std::string officer_key_name(std::string_view party, std::string_view officer) {
  return std::string(party) + "/" + std::string(officer);
}

bool valid_officer_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

namespace {

// Every value that names a case must be a public id: a ref in the public log
// would link its statements to a person (docs/log_format.md, "Public ids").
std::optional<std::string> bad_case_value(const Statement& s) {
  std::optional<std::string> bad;
  for_each_case(s, [&](const std::string& v) {
    if (!bad && !core::is_public_id(v)) bad = v.empty() ? std::string("(empty)") : v;
  });
  return bad;
}

constexpr std::string_view k_sealed_prefix = "sealed-";

}  // namespace

std::string sealed_token(const core::Hash256& hash) {
  return std::string(k_sealed_prefix) + core::to_hex(hash);
}

std::optional<core::Hash256> parse_sealed(std::string_view text) {
  if (text.size() != k_sealed_prefix.size() + 64 || !text.starts_with(k_sealed_prefix))
    return std::nullopt;
  return core::hash_from_hex(text.substr(k_sealed_prefix.size()));
}

core::Result<std::string> format_statement(const Statement& s) {
  if (bad_case_value(s))
    return core::make_error(
        core::Errc::bad_input,
        "case: not a public id (the log names a case by its 32-hex-digit public "
        "id, never by its ref)");
  detail::Writer w;
  std::string out(k_statement_header);
  w.field("log", s.log);
  w.field("kind", to_string(s.kind()));
  w.field("time", std::to_string(s.time));
  w.field("party", s.party);
  w.field("officer", s.officer);
  if (names_case(s.kind())) w.field("case", s.case_ref);
  detail::write_body(w, s.body);
  if (const auto* c = s.as<CrossingChange>(); c && c->reason.size() > detail::k_max_crossing_reason)
    return core::make_error(core::Errc::bad_input,
                            "the reason is at most " +
                                std::to_string(detail::k_max_crossing_reason) +
                                " bytes (it is public, in the log; this one has " +
                                std::to_string(c->reason.size()) + ")");
  auto body = w.finish();
  if (!body) return std::move(body).error();
  return out + "\n" + *body;
}

core::Result<Statement> parse_statement(std::string_view text) {
  detail::Reader r(text);
  auto header = r.raw_line();
  if (header && *header == "corridor-statement/v1")
    return r.fail_at(1,
                     "a version-1 statement (corridor-statement/v1, which names cases by ref); "
                     "this log is format version 2 (docs/log_format.md)");
  if (!header || *header != k_statement_header)
    return r.fail_at(
        1, "not a statement (the first line must be " + std::string(k_statement_header) + ")");
  Statement s;
  auto log = r.take("log");
  if (!log) return std::move(log).error();
  s.log = std::move(log).value();
  auto kind_text = r.take("kind");
  if (!kind_text) return std::move(kind_text).error();
  auto kind = parse_statement_kind(*kind_text);
  if (!kind) return r.fail_taken("unknown kind '" + *kind_text + "'");
  auto time = r.take("time");
  if (!time) return std::move(time).error();
  auto t = detail::parse_time(*time);
  if (!t) return r.fail_taken("time: not a decimal number of seconds");
  s.time = *t;
  auto party = r.take("party");
  if (!party) return std::move(party).error();
  s.party = std::move(party).value();
  auto officer = r.take("officer");
  if (!officer) return std::move(officer).error();
  s.officer = std::move(officer).value();
  if (names_case(*kind)) {
    auto ref = r.take("case");
    if (!ref) return std::move(ref).error();
    s.case_ref = std::move(ref).value();
  }
  auto body = detail::read_body(r, *kind);
  if (!body) return std::move(body).error();
  s.body = std::move(body).value();
  if (!r.at_end()) return r.fail("unexpected field");
  if (auto bad = bad_case_value(s))
    return core::make_error(core::Errc::bad_input, "statement: '" + *bad +
                                                       "' names a case but is not a public id (32 "
                                                       "lowercase hex digits)");
  return s;
}
core::Result<void> check_statement_signature(const Note& note, const PublicKey& key) {
  const std::string who = key.name;
  if (note.signatures.size() != 1)
    return core::refuse("extra-signature",
                        "a statement carries exactly one signature line (it has " +
                            std::to_string(note.signatures.size()) + ")");
  const NoteSignature& sig = note.signatures.front();
  if (sig.name != key.name || sig.key_id != key.id)
    return core::refuse("unknown-key",
                        "the statement is not signed with the registered key of " + who);
  if (!verify_note_signature(note.text, sig, key))
    return core::refuse("bad-signature", "the signature by " + who + " does not verify");
  return {};
}

core::Hash256 note_hash(std::string_view salt, std::string_view text) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  constexpr std::string_view prefix = "corridor-note/v1\n";
  auto add = [&](std::string_view b) {
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  };
  add(prefix);
  add(salt);
  add(text);
  core::Hash256 h;
  crypto_hash_sha256_final(&st, h.data());
  return h;
}

}  // namespace corridor::ledger
