// Service::decide, amend and close_case: each builds its statement, signs
// it with the officer's key in this process, and applies it as any signed
// statement is applied (apply.cpp), in one writer command.

#include <corridor/app/apply.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/core/national_id.hpp>
#include <corridor/core/person_fields.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

// Applies the requested field changes to the person; names the fields that
// really changed.
Result<std::vector<std::string>> apply_changes(const AmendRequest& req, core::Person& person,
                                               const core::Date& today) {
  const core::Person old = person;
  std::vector<core::Flag> ignored;  // flags are recomputed from the result
  for (const auto& [field, value] : req.changes)
    if (auto r = core::set_person_field(person, field, value, today, ignored); !r)
      return std::move(r).error();
  if (auto r = core::check_person_complete(person); !r) return std::move(r).error();
  std::vector<std::string> changed;
  for (std::string_view f : core::person_fields())
    if (core::person_field(old, f) != core::person_field(person, f)) changed.emplace_back(f);
  if (changed.empty())
    return core::make_error(Errc::bad_input, "nothing changes: the values are the same");
  return changed;
}

// The identity flags follow the identity: a corrected national ID loses its
// check-digit flag, a mistyped one gains it.
void refresh_identity_flags(core::CaseRecord& r) {
  std::erase_if(r.flags, [](const core::Flag& f) { return f.code == "id-check-digit"; });
  if (!r.person.national_id.empty() && !core::national_id_check_digit_ok(r.person.national_id))
    r.flags.push_back({"id-check-digit", "check digit fails (got " + r.person.national_id + ")"});
}

Result<store::StoredCase> read_case(store::Database& db, const std::string& ref) {
  auto found = store::load_case(db, ref);
  if (!found) return std::move(found).error();
  if (!*found) return core::make_error(Errc::not_found, "no case " + ref);
  return std::move(**found);
}

}  // namespace

Result<Applied> Service::sign_and_submit(ledger::Statement s, const ledger::PrivateKey& key,
                                         const std::string& text) {
  auto w = log_writer();
  if (!w) return std::move(w).error();
  auto sealed = seal_note(text, m_env);
  if (sealed) s.note = sealed->hash;
  auto note = sign(s, key);
  if (!note) return std::move(note).error();
  ApplyContext ctx{&m_config, &m_log_public, m_env.now(), m_log.get(), &key.public_key()};
  Result<Applied> out = core::make_error(Errc::internal, "not run");
  auto committed = (*w)->submit([&](store::Database& wdb) -> Result<void> {
    if (sealed)
      if (auto r = store::insert_note(wdb, sealed->hash, sealed->salt, sealed->text); !r) return r;
    out = apply_statement(wdb, ctx, *note);
    if (!out) return out.error();
    return {};
  });
  if (!committed) return std::move(committed).error();
  return out;
}

Result<DecisionReport> Service::decide(const DecideRequest& request,
                                       const ledger::PrivateKey& key) {
  return std::move(decide_all({&request, 1}, key).front());
}

std::vector<Result<DecisionReport>> Service::decide_all(std::span<const DecideRequest> requests,
                                                        const ledger::PrivateKey& key) {
  std::vector<Result<DecisionReport>> results(requests.size(),
                                              core::make_error(Errc::internal, "not run"));
  auto fail_all = [&](const core::Error& e) {
    for (auto& r : results) r = e;
    return results;
  };
  auto w = log_writer();
  if (!w) return fail_all(w.error());
  auto db = reader();
  if (!db) return fail_all(db.error());
  const core::Timestamp now = m_env.now();

  // Build and sign every statement before taking the writer.
  struct Signed {
    std::string note;
    std::optional<PrivateNote> text;
  };
  std::vector<std::optional<Signed>> notes(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const DecideRequest& req = requests[i];
    auto s = draft(ledger::StatementKind::decision, m_config, key, now, req.ref);
    if (!s) return fail_all(s.error());
    s->stage = req.stage;
    s->outcome = req.outcome;
    s->reason = req.reason;
    if (req.snapshot) {
      s->snapshot = *req.snapshot;
    } else {
      auto c = read_case(**db, req.ref);
      if (!c) {
        results[i] = std::move(c).error();
        continue;
      }
      s->snapshot = c->record.snapshot;
    }
    Signed sg{"", seal_note(req.note, m_env)};
    if (sg.text) s->note = sg.text->hash;
    auto note = sign(*s, key);
    if (!note) {
      results[i] = std::move(note).error();
      continue;
    }
    sg.note = std::move(note).value();
    notes[i] = std::move(sg);
  }

  ApplyContext ctx{&m_config, &m_log_public, now, m_log.get(), &key.public_key()};
  auto committed = (*w)->submit([&](store::Database& wdb) -> Result<void> {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (!notes[i]) continue;
      const Signed& sg = *notes[i];
      auto applied = store::in_savepoint(wdb, [&]() -> Result<Applied> {
        if (sg.text)
          if (auto r = store::insert_note(wdb, sg.text->hash, sg.text->salt, sg.text->text); !r)
            return std::move(r).error();
        return apply_statement(wdb, ctx, sg.note);
      });
      if (applied)
        results[i] =
            DecisionReport{requests[i].ref, requests[i].stage, requests[i].outcome, applied->state};
      else
        results[i] = applied.error();
      // A refusal wrote nothing; a store failure aborts the transaction.
      if (!applied && applied.error().code == Errc::internal) return applied.error();
    }
    return {};
  });
  if (!committed) return fail_all(committed.error());
  return results;
}

Result<AmendReport> Service::amend(const AmendRequest& req, const ledger::PrivateKey& key) {
  auto w = log_writer();
  if (!w) return std::move(w).error();
  auto db = reader();
  if (!db) return std::move(db).error();
  const core::Timestamp now = m_env.now();
  auto c = read_case(**db, req.ref);
  if (!c) return std::move(c).error();
  core::CaseRecord& r = c->record;
  auto s = draft(ledger::StatementKind::amendment, m_config, key, now, req.ref);
  if (!s) return std::move(s).error();
  auto changed = apply_changes(req, r.person, today());
  if (!changed) return std::move(changed).error();
  refresh_identity_flags(r);
  s->fields = *changed;
  s->previous = r.snapshot;
  s->snapshot = core::snapshot_hash(r.person, r.salt);
  auto note = sign(*s, key);
  if (!note) return std::move(note).error();

  AmendReport rep;
  rep.ref = req.ref;
  rep.fields = std::move(changed).value();
  rep.flags = r.flags;
  ApplyContext ctx{&m_config, &m_log_public, now, m_log.get(), &key.public_key()};
  auto committed = (*w)->submit([&](store::Database& wdb) -> Result<void> {
    if (auto i = store::insert_identity(wdb, s->snapshot, {r.ref, r.salt, r.person}); !i) return i;
    auto priv = store::load_case_private(wdb, r.ref);
    if (!priv) return std::move(priv).error();
    if (!*priv) return core::make_error(Errc::internal, "no private record for case " + r.ref);
    (*priv)->phone = r.person.phone;
    (*priv)->flags = store::encode_flags(r.flags);
    if (auto u = store::upsert_case_private(wdb, **priv); !u) return u;
    auto applied = apply_statement(wdb, ctx, *note);
    if (!applied) return std::move(applied).error();
    rep.now_stale = applied->now_stale;
    rep.state = applied->state;
    return {};
  });
  if (!committed) return std::move(committed).error();
  return rep;
}

Result<core::CaseState> Service::close_case(const CloseRequest& req,
                                            const ledger::PrivateKey& key) {
  auto w = log_writer();
  if (!w) return std::move(w).error();
  const core::Timestamp now = m_env.now();
  auto s = draft(ledger::StatementKind::closure, m_config, key, now, req.ref);
  if (!s) return std::move(s).error();
  s->closure = req.kind;
  auto text = seal_note(req.note, m_env);
  if (text) s->note = text->hash;
  auto note = sign(*s, key);
  if (!note) return std::move(note).error();
  ApplyContext ctx{&m_config, &m_log_public, now, m_log.get(), &key.public_key()};
  core::CaseState state = core::CaseState::withdrawn;
  auto committed = (*w)->submit([&](store::Database& wdb) -> Result<void> {
    if (text)
      if (auto r = store::insert_note(wdb, text->hash, text->salt, text->text); !r) return r;
    auto applied = apply_statement(wdb, ctx, *note);
    if (!applied) return std::move(applied).error();
    state = applied->state;
    return {};
  });
  if (!committed) return std::move(committed).error();
  return state;
}

}  // namespace corridor::app
