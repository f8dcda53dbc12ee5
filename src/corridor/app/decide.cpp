// Service::decide, amend and close_case: each builds its statement, signs
// it with the officer's key in this process, and applies it as any signed
// statement is applied (apply.cpp), in one writer command.

#include <corridor/app/apply.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/app/public_form.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/core/intake.hpp>
#include <corridor/core/national_id.hpp>
#include <corridor/core/person_fields.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/private_repo.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

// The requested fields are ones an amendment can change. Names only.
Result<std::vector<std::string>> requested_fields(const AmendRequest& req) {
  const auto& names = core::amendable_field_names();
  std::vector<std::string> out;
  for (const auto& [field, value] : req.changes) {
    if (std::find(names.begin(), names.end(), field) == names.end())
      return core::invalid(field, "not a field an amendment can change");
    if (std::find(out.begin(), out.end(), field) != out.end())
      return core::invalid(field, "given twice");
    out.push_back(field);
  }
  if (out.empty()) return core::invalid("changes", "none given");
  return out;
}

// Sets urgency or diagnosis from its text, by the rules of docs/csv.md.
Result<void> set_medical_field(const core::Config& config, core::CaseRecord& r,
                               std::string_view field, const std::string& value) {
  if (field == "diagnosis") {
    core::Diagnosis d = core::clean_diagnosis(value);
    if (!d.problem.empty()) return core::invalid("diagnosis", d.problem);
    r.diagnosis = std::move(d.text);
    return {};
  }
  const core::CategoryDef* cat = config.find_category(r.category);
  if (!cat || !cat->needs_urgency)
    return core::invalid("urgency", "a " + r.category + " case carries no urgency");
  if (!config.urgency_rank(value))
    return core::invalid("urgency", "not one of the [urgency] levels");
  r.urgency = value;
  return {};
}

// Applies the requested changes to the case; names the fields that really
// changed, in amendable_field_names() order. Only ever called once the
// party is known to be allowed every requested field (and so to see it).
Result<std::vector<std::string>> apply_changes(const core::Config& config, const AmendRequest& req,
                                               core::CaseRecord& r, const core::Date& today) {
  const core::CaseRecord old = r;
  std::vector<core::Flag> ignored;  // flags are recomputed from the result
  for (const auto& [field, value] : req.changes) {
    auto set = field == "urgency" || field == "diagnosis"
                   ? set_medical_field(config, r, field, value)
                   : core::set_person_field(r.person, field, value, today, ignored);
    if (!set) return std::move(set).error();
  }
  if (auto c = core::check_person_complete(r.person); !c) return std::move(c).error();
  std::vector<std::string> changed;
  for (std::string_view f : core::person_fields())
    if (core::person_field(old.person, f) != core::person_field(r.person, f))
      changed.emplace_back(f);
  if (old.urgency != r.urgency) changed.emplace_back("urgency");
  if (old.diagnosis != r.diagnosis) changed.emplace_back("diagnosis");
  if (changed.empty())
    return core::make_error(Errc::bad_input, "nothing changes: the values are the same");
  return changed;
}

bool changes_private(const std::vector<std::string>& fields) {
  return std::any_of(fields.begin(), fields.end(), [](const std::string& f) {
    return f == "urgency" || f == "diagnosis" || f == "phone";
  });
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

// The private data an amendment's statement names, stored before it is
// applied: the identity of its snapshot, the case's private row, and the
// private fields' history (store/private_repo.hpp) if it changes them.
Result<void> store_private_data(store::Database& db, const core::CaseRecord& r,
                                const core::Hash256& snapshot,
                                const std::optional<store::PrivateAmendment>& history) {
  if (auto i = store::insert_identity(db, snapshot, {r.ref, r.salt, r.person}); !i) return i;
  auto priv = store::load_case_private(db, r.ref);
  if (!priv) return std::move(priv).error();
  if (!*priv) return core::make_error(Errc::internal, "no private record for case " + r.ref);
  (*priv)->phone = r.person.phone;
  (*priv)->urgency = r.urgency;
  (*priv)->diagnosis = r.diagnosis;
  (*priv)->flags = store::encode_flags(r.flags);
  if (auto u = store::upsert_case_private(db, **priv); !u) return u;
  if (history) return store::insert_private_amendment(db, *history);
  return {};
}

}  // namespace

std::vector<std::optional<ledger::PublicKey>> Service::trusted_keys(
    std::span<const SignedStatement> notes, const ledger::PublicKey* signed_by) {
  if (!signed_by) return preverify_all(notes);
  return std::vector<std::optional<ledger::PublicKey>>(notes.size(), *signed_by);
}

Result<Prepared<Applied>> Service::prepare_statement(ledger::Statement s, const std::string& text) {
  auto w = log_writer();  // fail before anyone signs if nothing can be appended
  if (!w) return std::move(w).error();
  auto db = reader();
  if (!db) return std::move(db).error();
  auto sealed = seal_note(text, m_env);
  if (sealed)  // the kinds that carry a note
    std::visit(
        [&](auto& body) {
          if constexpr (requires { body.note; }) body.note = sealed->hash;
        },
        s.body);
  auto reasons = to_public_form(**db, m_config, m_env, s);
  if (!reasons) return std::move(reasons).error();
  auto body = ledger::format_statement(s);
  if (!body) return std::move(body).error();
  std::vector<std::string> bodies{std::move(body).value()};
  auto commit = [this, sealed, reasons = std::move(reasons).value(), bodies](
                    std::span<const std::string> notes,
                    const ledger::PublicKey* signed_by) -> Result<Applied> {
    auto signed_notes = check_signed_bodies(notes, bodies);
    if (!signed_notes) return std::move(signed_notes).error();
    auto w = log_writer();
    if (!w) return std::move(w).error();
    const auto keys = trusted_keys(*signed_notes, signed_by);
    ApplyContext ctx{&m_config, &m_log_public, m_env.now(), m_log.get(),
                     keys[0] ? &*keys[0] : nullptr};
    Result<Applied> out = core::make_error(Errc::internal, "not run");
    auto committed = (*w)->submit([&](store::Database& wdb) -> Result<void> {
      if (sealed)
        if (auto r = store::insert_note(wdb, sealed->hash, sealed->salt, sealed->text); !r)
          return r;
      if (auto r = store_sealed(wdb, reasons); !r) return r;
      out = apply_statement(wdb, ctx, (*signed_notes)[0]);
      if (!out) return out.error();
      return {};
    });
    if (!committed) return std::move(committed).error();
    return out;
  };
  return Prepared<Applied>{std::move(bodies), std::move(commit)};
}

Result<DecisionReport> Service::decide(const DecideRequest& request,
                                       const ledger::PrivateKey& key) {
  return std::move(decide_all({&request, 1}, key).front());
}

std::vector<Result<DecisionReport>> Service::decide_all(std::span<const DecideRequest> requests,
                                                        const ledger::PrivateKey& key) {
  auto out = sign_and_commit(prepare_decide_all(requests, key.public_key()), key);
  if (out) return std::move(out).value();
  return std::vector<Result<DecisionReport>>(requests.size(), out.error());
}

Result<Prepared<std::vector<Result<DecisionReport>>>> Service::prepare_decide_all(
    std::span<const DecideRequest> requests, const ledger::PublicKey& officer) {
  using Reports = std::vector<Result<DecisionReport>>;
  auto w = log_writer();
  if (!w) return std::move(w).error();
  auto db = reader();
  if (!db) return std::move(db).error();
  const core::Timestamp now = m_env.now();

  // Every statement is drafted before anyone signs; a request that cannot
  // be drafted (no such case) keeps its error and gets no body.
  Reports results(requests.size(), core::make_error(Errc::internal, "not run"));
  std::vector<std::optional<PrivateNote>> texts(requests.size());
  std::vector<std::vector<PrivateNote>> reasons(requests.size());  // sealed reasons
  std::vector<std::size_t> drafted;                                // request index of each body
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const DecideRequest& req = requests[i];
    ledger::Decision d{req.stage, req.outcome, req.reason, std::nullopt, {}};
    if (req.snapshot) {
      d.snapshot = *req.snapshot;
    } else {
      auto c = read_case(**db, req.ref);
      if (!c) {
        results[i] = std::move(c).error();
        continue;
      }
      d.snapshot = c->record.snapshot;
    }
    texts[i] = seal_note(req.note, m_env);
    if (texts[i]) d.note = texts[i]->hash;
    auto s = draft(m_config, officer, now, req.ref, std::move(d));
    if (!s) return std::move(s).error();
    auto sealed = to_public_form(**db, m_config, m_env, *s);
    if (!sealed) {
      results[i] = std::move(sealed).error();
      continue;
    }
    reasons[i] = std::move(sealed).value();
    auto body = ledger::format_statement(*s);
    if (!body) {
      results[i] = std::move(body).error();
      continue;
    }
    drafted.push_back(i);
    bodies.push_back(std::move(body).value());
  }
  std::vector<DecideRequest> reqs(requests.begin(), requests.end());
  auto commit = [this, reqs = std::move(reqs), results, texts, reasons, drafted, bodies,
                 used = false](std::span<const std::string> notes,
                               const ledger::PublicKey* signed_by) mutable -> Result<Reports> {
    if (used) return core::make_error(core::Errc::conflict, "this draft was already committed");
    auto signed_notes = check_signed_bodies(notes, bodies);
    if (!signed_notes) return std::move(signed_notes).error();
    used = true;
    auto w = log_writer();
    if (!w) return std::move(w).error();
    const auto keys = trusted_keys(*signed_notes, signed_by);
    const core::Timestamp now = m_env.now();
    auto committed = (*w)->submit([&](store::Database& wdb) -> Result<void> {
      for (std::size_t k = 0; k < drafted.size(); ++k) {
        const std::size_t i = drafted[k];
        const auto& text = texts[i];
        ApplyContext ctx{&m_config, &m_log_public, now, m_log.get(), keys[k] ? &*keys[k] : nullptr};
        auto applied = store::in_savepoint(wdb, [&]() -> Result<Applied> {
          if (text)
            if (auto r = store::insert_note(wdb, text->hash, text->salt, text->text); !r)
              return std::move(r).error();
          if (auto r = store_sealed(wdb, reasons[i]); !r) return std::move(r).error();
          return apply_statement(wdb, ctx, (*signed_notes)[k]);
        });
        if (applied)
          results[i] = DecisionReport{reqs[i].ref, reqs[i].stage, reqs[i].outcome, applied->state};
        else
          results[i] = applied.error();
        // A refusal wrote nothing; a store failure aborts the transaction.
        if (!applied && applied.error().code == Errc::internal) return applied.error();
      }
      return {};
    });
    if (!committed) return std::move(committed).error();
    return results;
  };
  return Prepared<Reports>{std::move(bodies), std::move(commit)};
}

Result<AmendReport> Service::amend(const AmendRequest& req, const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_amend(req, key.public_key()), key);
}

Result<Prepared<AmendReport>> Service::prepare_amend(const AmendRequest& req,
                                                     const ledger::PublicKey& officer) {
  auto w = log_writer();
  if (!w) return std::move(w).error();
  auto db = reader();
  if (!db) return std::move(db).error();
  const core::Timestamp now = m_env.now();
  auto c = read_case(**db, req.ref);
  if (!c) return std::move(c).error();
  core::CaseRecord r = c->record;
  auto s = draft(m_config, officer, now, req.ref, ledger::Amendment{});
  if (!s) return std::move(s).error();
  auto& amendment = std::get<ledger::Amendment>(s->body);
  // Who may amend what, before any value is looked at: a refusal must not
  // depend on the values, so it tells nothing about them (amend-party).
  auto requested = requested_fields(req);
  if (!requested) return std::move(requested).error();
  auto registrant = registering_party(**db, req.ref);
  if (!registrant) return std::move(registrant).error();
  if (auto ok = core::check_amend_party(m_config, s->party, *requested, *registrant); !ok)
    return std::move(ok).error();
  auto changed = apply_changes(m_config, req, r, today());
  if (!changed) return std::move(changed).error();
  refresh_identity_flags(r);
  amendment.fields = *changed;
  amendment.previous = r.snapshot;
  amendment.snapshot = core::snapshot_hash(r.person, r.salt);
  if (auto pub = to_public_form(**db, m_config, m_env, *s); !pub) return std::move(pub).error();
  auto body = ledger::format_statement(*s);
  if (!body) return std::move(body).error();

  AmendReport rep;
  rep.ref = req.ref;
  rep.fields = std::move(changed).value();
  rep.flags = r.flags;
  // The private fields before and after, kept by the statement's hash so
  // that a replay sees each value while it held (store/private_repo.hpp).
  std::optional<store::PrivateAmendment> history;
  if (changes_private(rep.fields))
    history =
        store::PrivateAmendment{ledger::sha256(*body),
                                r.ref,
                                {r.urgency, r.diagnosis, r.person.phone},
                                {c->record.urgency, c->record.diagnosis, c->record.person.phone}};
  std::vector<std::string> bodies{std::move(body).value()};
  auto commit = [this, r, rep, history, snapshot = amendment.snapshot, bodies, used = false](
                    std::span<const std::string> notes,
                    const ledger::PublicKey* signed_by) mutable -> Result<AmendReport> {
    if (used) return core::make_error(Errc::conflict, "this draft was already committed");
    auto signed_notes = check_signed_bodies(notes, bodies);
    if (!signed_notes) return std::move(signed_notes).error();
    used = true;
    auto w = log_writer();
    if (!w) return std::move(w).error();
    const auto keys = trusted_keys(*signed_notes, signed_by);
    ApplyContext ctx{&m_config, &m_log_public, m_env.now(), m_log.get(),
                     keys[0] ? &*keys[0] : nullptr};
    auto committed = (*w)->submit([&](store::Database& wdb) -> Result<void> {
      if (auto p = store_private_data(wdb, r, snapshot, history); !p) return p;
      auto applied = apply_statement(wdb, ctx, (*signed_notes)[0]);
      if (!applied) return std::move(applied).error();
      rep.now_stale = applied->now_stale;
      rep.state = applied->state;
      return {};
    });
    if (!committed) return std::move(committed).error();
    return rep;
  };
  return Prepared<AmendReport>{std::move(bodies), std::move(commit)};
}

Result<core::CaseState> Service::close_case(const CloseRequest& req,
                                            const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_close_case(req, key.public_key()), key);
}

Result<Prepared<core::CaseState>> Service::prepare_close_case(const CloseRequest& req,
                                                              const ledger::PublicKey& officer) {
  auto s = draft(m_config, officer, m_env.now(), req.ref,
                 ledger::Closure{req.kind, std::nullopt, std::nullopt});
  if (!s) return std::move(s).error();
  auto p = prepare_statement(*s, req.note);
  if (!p) return std::move(p).error();
  return then(std::move(p).value(), [](Applied a) -> Result<core::CaseState> { return a.state; });
}

}  // namespace corridor::app
