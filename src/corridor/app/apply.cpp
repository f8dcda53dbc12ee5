#include <corridor/app/apply.hpp>

#include <corridor/app/apply_dedup.hpp>
#include <corridor/app/apply_officers.hpp>

#include <corridor/app/crossing_apply.hpp>
#include <corridor/app/log_subjects.hpp>
#include <corridor/app/public_form.hpp>
#include <corridor/app/stats_tally.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/core/dedup.hpp>
#include <corridor/core/person_fields.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/dedup_persons.hpp>
#include <corridor/store/dedup_repo.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/private_repo.hpp>

#include <algorithm>
#include <cstdlib>

namespace corridor::app {
namespace {

using core::Errc;
using core::refuse;
using core::Result;
using ledger::Statement;
using ledger::StatementKind;

// The signature lines of a note, as a decision row keeps them.
std::string signature_lines(const ledger::Note& note) {
  std::string out;
  for (const auto& s : note.signatures) out += ledger::format_signature_line(s);
  return out;
}

struct Loaded {
  store::StoredCase sc;
  const core::WorkflowDef* wf = nullptr;
};

Result<Loaded> load(store::Database& db, const core::Config& config, const std::string& ref) {
  auto found = store::load_case(db, ref);
  if (!found) return std::move(found).error();
  if (!*found) return core::make_error(Errc::not_found, "no case " + ref);
  Loaded l{std::move(**found), nullptr};
  l.wf = config.workflow_for(l.sc.record.direction, l.sc.record.category);
  if (!l.wf) return store_inconsistent("no workflow for case " + ref);
  return l;
}

// Live, private data a statement names but the store lacks is the
// submitter's fault; in a replay it is a broken store.
core::Error missing(bool live, std::string_view rule, const std::string& why) {
  return live ? refuse(rule, why) : store_inconsistent(why);
}

Result<std::string> note_text(store::Database& db, const std::optional<core::Hash256>& hash,
                              bool live) {
  if (!hash) return std::string();
  auto text = store::load_note(db, *hash);
  if (!text) return std::move(text).error();
  if (!*text)
    return missing(live, "unknown-note",
                   "the note " + core::to_hex(*hash) + " is not in the private store");
  return std::move(**text);
}

// An amendment names the fields it changed: amendable fields
// (core::amendable_field_names), each once, and identity fields exactly when
// the snapshot changed.
Result<void> check_fields(const ledger::Amendment& a) {
  const auto& all = core::amendable_field_names();
  const auto& identity = core::snapshot_fields();
  bool any_identity = false;
  for (std::size_t i = 0; i < a.fields.size(); ++i) {
    const std::string& f = a.fields[i];
    if (std::find(all.begin(), all.end(), f) == all.end())
      return refuse("amendment-fields", "'" + f + "' is not a field that can be amended");
    if (std::find(a.fields.begin(), a.fields.begin() + static_cast<std::ptrdiff_t>(i), f) !=
        a.fields.begin() + static_cast<std::ptrdiff_t>(i))
      return refuse("amendment-fields", "'" + f + "' is named twice");
    any_identity |= std::find(identity.begin(), identity.end(), f) != identity.end();
  }
  if (any_identity != (a.snapshot != a.previous))
    return refuse("amendment-fields", any_identity
                                          ? "identity fields changed but the snapshot did not"
                                          : "the snapshot changed but no identity field did");
  return {};
}

// The private fields as the statement (by the hash of its text) left them;
// `fallback` (the private row) when no row records it: an amendment signed
// elsewhere, or one older than the table.
Result<store::PrivateValues> private_after(store::Database& db, const core::Hash256& text_hash,
                                           store::PrivateValues fallback) {
  auto after = store::private_values_after(db, text_hash);
  if (!after) return std::move(after).error();
  return *after ? std::move(**after) : std::move(fallback);
}

// The identity a statement's snapshot names, and the case's private row:
// the private data every registration and amendment is applied with.
Result<std::pair<store::Identity, store::CasePrivate>> private_data(store::Database& db,
                                                                    const std::string& ref,
                                                                    const core::Hash256& snapshot,
                                                                    bool live) {
  auto id = store::load_identity(db, snapshot);
  if (!id) return std::move(id).error();
  if (!*id || (*id)->case_ref != ref)
    return missing(live, "unknown-snapshot",
                   "no identity for case " + ref + " with snapshot " + core::to_hex(snapshot));
  auto priv = store::load_case_private(db, ref);
  if (!priv) return std::move(priv).error();
  if (!*priv) return missing(live, "unknown-snapshot", "no private record for case " + ref);
  return std::pair{std::move(**id), std::move(**priv)};
}

Result<void> apply_registration(store::Database& db, const core::Config& config, const Statement& s,
                                const ledger::Registration& reg, bool live, Applied& out) {
  if (!config.may_register(s.party, reg.category))
    return refuse("registration-party",
                  s.party + " may not register " + reg.category + " cases (config [registration])");
  auto data = private_data(db, s.case_ref, reg.snapshot, live);
  if (!data) return std::move(data).error();
  auto& [id, priv] = *data;
  // Amended since? Then the private row holds the latest values; the first
  // amendment kept those the case was registered with.
  auto registered = store::registered_private_values(db, s.case_ref);
  if (!registered) return std::move(registered).error();
  if (*registered) {
    priv.urgency = (*registered)->urgency;
    priv.diagnosis = (*registered)->diagnosis;
    priv.phone = (*registered)->phone;
  }
  core::CaseRecord r;
  r.ref = s.case_ref;
  r.direction = reg.direction;
  r.category = reg.category;
  r.group_ref = reg.group_ref;
  r.urgency = priv.urgency;
  r.diagnosis = priv.diagnosis;
  r.requested_on = core::parse_date(priv.requested_on);
  r.flags = store::decode_flags(priv.flags);
  r.person = std::move(id.person);
  r.person.phone = priv.phone;
  r.salt = std::move(id.salt);
  r.snapshot = reg.snapshot;
  r.registered_at = s.time;
  if (core::snapshot_hash(r.person, r.salt) != reg.snapshot)
    return store_inconsistent("the identity of case " + s.case_ref +
                              " does not hash to its snapshot");
  if (auto ins = store::insert_case(db, r); !ins) {
    if (ins.error().rule == store::k_ref_taken)
      return refuse("ref-taken", "case " + s.case_ref + " already exists");
    if (ins.error().rule == store::k_open_case)
      return refuse("person-open-case", "the person of case " + s.case_ref +
                                            " already has an open " +
                                            std::string(core::to_string(reg.direction)) + " case");
    return std::move(ins).error();
  }
  if (auto saved = store::save_registrant(db, s.case_ref, s.party); !saved) return saved;
  out.state = core::CaseState::registered;
  return tally::changed(db, config, std::nullopt, tally::new_case(std::move(r)), s.time);
}

Result<void> apply_decision(store::Database& db, const core::Config& config, const Statement& s,
                            const ledger::Decision& dec, std::string_view signatures, bool live,
                            Applied& out) {
  if (dec.outcome != core::Outcome::deny && !dec.reason.empty())
    return refuse("deny-reason", "a reason code goes with deny only");
  auto l = load(db, config, s.case_ref);
  if (!l) return std::move(l).error();
  core::CaseFacts& facts = l->sc.facts;
  auto note = note_text(db, dec.note, live);
  if (!note) return std::move(note).error();
  const std::optional<store::StoredCase> was = l->sc;
  const core::CaseView before = core::derive(*l->wf, facts, s.time);
  core::Decision d{s.case_ref, dec.stage, s.party,      s.officer, dec.outcome,
                   dec.reason, *note,     dec.snapshot, s.time,    std::string(signatures)};
  if (auto ok = core::check_decision(*l->wf, before, facts.snapshot, d); !ok)
    return std::move(ok).error();
  if (auto ins = store::insert_decision(db, l->sc.record.id, d); !ins) return ins;
  facts.decisions.push_back(std::move(d));
  const core::CaseView after = core::derive(*l->wf, facts, s.time);
  out.state = after.state;
  if (auto r = store::save_state(db, l->sc.record.id, after); !r) return r;
  return tally::changed(db, config, was, l->sc, s.time);
}

std::vector<std::string> stale_stages(const core::CaseView& before, const core::CaseView& after) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < after.stages.size(); ++i)
    if (after.stages[i].status == core::StageStatus::stale &&
        before.stages[i].status != core::StageStatus::stale)
      out.push_back(after.stages[i].def->id);
  return out;
}

// An amended identity's blocking keys replace the old ones, in a store
// whose cases have keys (an import fills them in one that has none).
Result<void> rekey(store::Database& db, const core::CaseRecord& r) {
  auto any = store::any_dedup_keys(db);
  if (!any) return std::move(any).error();
  if (!*any) return {};
  return store::put_dedup_keys(db, r.id, core::blocking_keys(core::dedup_person(r)));
}

Result<void> apply_amendment(store::Database& db, const core::Config& config, const Statement& s,
                             const ledger::Amendment& a, const core::Hash256& text_hash, bool live,
                             Applied& out) {
  if (auto f = check_fields(a); !f) return f;
  // Who may amend what comes first: names only, before anything is loaded.
  auto registrant = registering_party(db, s.case_ref);
  if (!registrant) return std::move(registrant).error();
  if (auto ok = core::check_amend_party(config, s.party, a.fields, *registrant); !ok) return ok;
  auto l = load(db, config, s.case_ref);
  if (!l) return std::move(l).error();
  const std::optional<store::StoredCase> was = l->sc;
  core::CaseRecord& r = l->sc.record;
  core::CaseFacts& facts = l->sc.facts;
  const core::CategoryDef* cat = config.find_category(r.category);
  if (std::find(a.fields.begin(), a.fields.end(), "urgency") != a.fields.end() &&
      !(cat && cat->needs_urgency))
    return refuse("amendment-fields", "a " + r.category + " case carries no urgency");
  const core::CaseView before = core::derive(*l->wf, facts, s.time);
  if (!core::is_open(before.state))
    return refuse("case-closed", "case " + s.case_ref + " is " +
                                     std::string(core::to_string(before.state)) +
                                     " and can no longer be amended");
  if (a.previous != facts.snapshot)
    return refuse("stale-snapshot", "the amendment was made on snapshot " +
                                        core::to_hex(a.previous).substr(0, 12) +
                                        "..., but the case's current one is " +
                                        core::to_hex(facts.snapshot).substr(0, 12) + "...");
  // The identity the new snapshot covers (the current one for a change of
  // private fields only), with the private fields as this amendment left
  // them and the flags of the private row.
  auto data = private_data(db, s.case_ref, a.snapshot, live);
  if (!data) return std::move(data).error();
  auto& [id, priv] = *data;
  auto values = private_after(db, text_hash, {priv.urgency, priv.diagnosis, priv.phone});
  if (!values) return std::move(values).error();
  r.person = std::move(id.person);
  r.person.phone = values->phone;
  r.urgency = values->urgency;
  r.diagnosis = values->diagnosis;
  r.flags = store::decode_flags(priv.flags);
  auto other = store::open_case_of(db, r.person.key(), r.direction);
  if (!other) return std::move(other).error();
  if (*other && **other != r.ref)
    return refuse("person-open-case", "that person already has an open " +
                                          std::string(core::to_string(r.direction)) + " case (" +
                                          **other + ")");
  r.snapshot = a.snapshot;
  // Private fields are not identity: only a new snapshot restarts the clock.
  const core::Timestamp snapshot_at = a.snapshot == facts.snapshot ? facts.snapshot_at : s.time;
  store::Amendment row{a.fields, a.previous, s.party, s.officer, s.time};
  if (auto saved = store::save_identity(db, r, row, snapshot_at); !saved) return saved;
  if (auto k = rekey(db, r); !k) return k;
  facts.snapshot = a.snapshot;
  facts.snapshot_at = snapshot_at;
  const core::CaseView after = core::derive(*l->wf, facts, s.time);
  out.now_stale = stale_stages(before, after);
  out.state = after.state;
  if (auto saved = store::save_state(db, r.id, after); !saved) return saved;
  return tally::changed(db, config, was, l->sc, s.time);
}

Result<void> apply_closure(store::Database& db, const core::Config& config, const Statement& s,
                           const ledger::Closure& closure, bool live, Applied& out) {
  auto l = load(db, config, s.case_ref);
  if (!l) return std::move(l).error();
  core::CaseFacts& facts = l->sc.facts;
  auto note = note_text(db, closure.note, live);
  if (!note) return std::move(note).error();
  const core::Closure c{closure.kind, s.party, s.officer, *note, s.time};
  if (auto ok = core::check_closure(config, core::derive(*l->wf, facts, s.time), c); !ok) return ok;
  auto day = local_date(s.time, config.crossing.time_zone);
  if (!day) return std::move(day).error();
  const std::optional<store::StoredCase> was = l->sc;
  if (auto ins = store::insert_closure(db, l->sc.record.id, c, *day); !ins) return ins;
  facts.closure = c;
  const core::CaseView after = core::derive(*l->wf, facts, s.time);
  out.state = after.state;
  if (auto r = store::save_state(db, l->sc.record.id, after); !r) return r;
  return tally::changed(db, config, was, l->sc, s.time);
}

// The log index a statement gets: a replay's is given; live, it is the
// next one (the writer appends it in this transaction, after applying it).
Result<std::uint64_t> entry_index(store::Database& db, const ApplyContext& ctx,
                                  std::optional<std::uint64_t> replayed) {
  if (!ctx.log) return replayed.value_or(0);
  return store::log_size(db);
}

// One small function per kind, chosen by std::visit on the body.
struct Dispatch {
  store::Database& db;
  const ApplyContext& ctx;
  std::optional<std::uint64_t> index;  // a replay's
  const core::Config& config;
  const SignedStatement& in;
  const Statement& resolved;  // in.statement's private form: refs and reason codes
  bool live;
  Applied& out;

  const Statement& s() const { return resolved; }
  Result<void> operator()(const ledger::Registration& b) {
    return apply_registration(db, config, s(), b, live, out);
  }
  Result<void> operator()(const ledger::Decision& b) {
    return apply_decision(db, config, s(), b, signature_lines(in.note), live, out);
  }
  Result<void> operator()(const ledger::Amendment& b) {
    return apply_amendment(db, config, s(), b, in.text_hash, live, out);
  }
  Result<void> operator()(const ledger::Closure& b) {
    return apply_closure(db, config, s(), b, live, out);
  }
  Result<void> operator()(const ledger::OfficerAdd& b) {
    return apply_officer_add(db, config, s(), b);
  }
  Result<void> operator()(const ledger::OfficerRevoke&) {
    return apply_officer_revoke(db, config, s());
  }
  Result<void> operator()(const ledger::OfficerRotate& b) {
    return apply_officer_rotate(db, config, s(), b);
  }
  Result<void> operator()(const ledger::CrossingChange& b) {
    return detail::apply_crossing(db, config, s(), b);
  }
  Result<void> operator()(const ledger::Manifest& b) {
    return detail::apply_manifest(db, config, s(), b, in.text_hash);
  }
  Result<void> operator()(const ledger::Approval& b) {
    return detail::apply_approval(db, config, s(), b);
  }
  Result<void> operator()(const ledger::GateEvent& b) {
    return detail::apply_gate(db, config, s(), b, out);
  }
  Result<void> operator()(const ledger::Reexamination& b) {
    return detail::apply_reexamination(db, config, s(), b);
  }
  Result<void> operator()(const ledger::DayReport& b) {
    return detail::apply_day_report(db, config, s(), b, in.text_hash);
  }
  Result<void> operator()(const ledger::Attestation& b) {
    return detail::apply_attestation(db, config, s(), b);
  }
  Result<void> operator()(const ledger::SamePerson& b) {
    auto seq = entry_index(db, ctx, index);
    if (!seq) return std::move(seq).error();
    return detail::apply_same_person(db, config, s(), b, *seq, out);
  }
  Result<void> operator()(const ledger::DifferentPersons& b) {
    auto seq = entry_index(db, ctx, index);
    if (!seq) return std::move(seq).error();
    return detail::apply_different_persons(db, config, s(), b, *seq, out);
  }
};

}  // namespace

Result<std::string> registering_party(store::Database& db, std::string_view ref) {
  auto stored = store::registrant_of(db, ref);
  if (!stored) return std::move(stored).error();
  if (*stored) return std::move(**stored);
  // Registered before the table existed: the case's first log entry.
  auto entries = store::log_entries_of_case(db, ref);
  if (!entries) return std::move(entries).error();
  if (entries->empty()) return std::string();
  auto entry = store::log_entry(db, entries->front());
  if (!entry) return std::move(entry).error();
  if (!*entry)
    return store_inconsistent("log entry " + std::to_string(entries->front()) + " is missing");
  auto parsed = ledger::parse_note(**entry);
  auto s = parsed ? ledger::parse_statement(parsed->text) : core::Result<Statement>(parsed.error());
  if (!s)
    return store_inconsistent("log entry " + std::to_string(entries->front()) + " does not parse");
  if (s->kind() != StatementKind::registration || s->case_ref != ref) return std::string();
  return s->party;
}

Result<Applied> apply_registration_row(store::Database& db, const ApplyContext& ctx,
                                       const Statement& row) {
  auto resolved = to_private_form(db, *ctx.config, row, ctx.log != nullptr);
  if (!resolved) return std::move(resolved).error();
  const Statement& s = *resolved;
  const auto* reg = s.as<ledger::Registration>();
  if (!reg) return store_inconsistent("a registration row that is not a registration");
  Applied out;
  out.statement = s;
  if (auto r = apply_registration(db, *ctx.config, s, *reg, ctx.log != nullptr, out); !r)
    return std::move(r).error();
  return out;
}

Result<void> check_clock(const core::Config& config, const ApplyContext& ctx,
                         core::Timestamp time) {
  if (ctx.now && std::llabs(time - *ctx.now) > config.log.max_skew_seconds)
    return refuse("clock-skew", "the statement's time " + core::format_timestamp(time) +
                                    " is more than " + std::to_string(config.log.max_skew_seconds) +
                                    " s from the store's clock " +
                                    core::format_timestamp(*ctx.now));
  return {};
}

namespace {

Result<Applied> apply_at(store::Database& db, const ApplyContext& ctx, const SignedStatement& in,
                         std::optional<std::uint64_t> index) {
  const core::Config& config = *ctx.config;
  const Statement& s = in.statement;
  if (s.log != config.log.origin)
    return refuse("wrong-log", "the statement is for log " + s.log + ", not " + config.log.origin);
  if (auto ok = check_signer(db, ctx, in.note, s); !ok) return std::move(ok).error();
  // A statement is applied once: the same signed text again is a replay.
  if (ctx.log) {
    auto seen = store::statement_entry(db, in.text_hash);
    if (!seen) return std::move(seen).error();
    if (*seen)
      return refuse("replayed",
                    "this statement is already in the log, as entry " + std::to_string(**seen));
  }
  if (auto ok = check_clock(config, ctx, s.time); !ok) return std::move(ok).error();
  // Each note and sealed reason belongs to one statement: checked before
  // any is read, so that nothing of another's text reaches a refusal.
  const auto private_texts = private_text_subjects(s);
  if (ctx.log)
    if (auto ok = check_private_texts_unused(db, private_texts); !ok) return std::move(ok).error();
  // The log names cases by public id and seals private reasons; the rules
  // and the projection work on refs and codes (app/public_form.hpp).
  auto resolved = ledger::signed_by_log(s.kind())
                      ? Result<Statement>(s)
                      : to_private_form(db, config, s, ctx.log != nullptr);
  if (!resolved) return std::move(resolved).error();
  Applied out;
  out.statement = *resolved;
  out.text_hash = in.text_hash;
  Dispatch apply{db, ctx, index, config, in, *resolved, ctx.log != nullptr, out};
  if (auto applied = std::visit(apply, resolved->body); !applied) return std::move(applied).error();
  // Every statement moves the figures' horizon, whether or not it changed
  // a case, so that live and replay agree (stats_tally.hpp).
  if (auto moved = tally::advance(db, config, s.time); !moved) return std::move(moved).error();
  if (ctx.log) {
    auto idx = ctx.log->append(db, in.bytes);
    if (!idx) return std::move(idx).error();
    out.index = *idx;
    for (const std::string& subject : private_texts)
      if (auto r = store::insert_log_case(db, subject, *idx); !r) return std::move(r).error();
    for (const std::string& subject : subjects_of(*resolved))
      if (auto r = store::insert_log_case(db, subject, *idx); !r) return std::move(r).error();
    if (auto r = store::insert_statement_hash(db, in.text_hash, *idx); !r)
      return std::move(r).error();
  }
  return out;
}

}  // namespace

Result<Applied> apply_statement(store::Database& db, const ApplyContext& ctx,
                                const SignedStatement& in, std::uint64_t index) {
  return apply_at(db, ctx, in, index);
}

Result<Applied> apply_statement(store::Database& db, const ApplyContext& ctx,
                                const SignedStatement& in) {
  return apply_at(db, ctx, in, std::nullopt);
}

}  // namespace corridor::app
