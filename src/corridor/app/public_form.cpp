#include <corridor/app/public_form.hpp>

#include <corridor/app/apply_officers.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/log_repo.hpp>

#include <algorithm>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

// The reason fields of a statement: a decision's and a gate event's
// `reason`, each turned-back traveller's reason in a day report.
template <class S, class F>
void for_each_reason(S& s, F&& f) {
  if (auto* d = s.template as<ledger::Decision>(); d && !d->reason.empty()) f(d->reason);
  if (auto* g = s.template as<ledger::GateEvent>(); g && !g->reason.empty()) f(g->reason);
  if (auto* r = s.template as<ledger::DayReport>())
    for (auto& t : r->turned_back) f(t.reason);
}

Result<std::string> unseal(store::Database& db, const core::Hash256& hash, bool live) {
  auto text = store::load_note(db, hash);
  if (!text) return std::move(text).error();
  if (!*text) {
    const std::string why =
        "the sealed reason " + core::to_hex(hash) + " is not in the private store";
    return live ? core::refuse("unknown-note", why) : store_inconsistent(why);
  }
  return std::move(**text);
}

// Live, a reason the config keeps private must come sealed: a statement
// signed elsewhere with one in clear would put it in the public log.
Result<void> check_sealed(const core::Config& config, const ledger::Statement& s) {
  std::string clear;
  for_each_reason(s, [&](const std::string& reason) {
    if (clear.empty() && !ledger::parse_sealed(reason) && !config.is_public_reason(reason))
      clear = reason;
  });
  if (const auto* c = s.as<ledger::Closure>(); c && !c->sealed)
    if (const std::string kind(core::to_string(c->kind)); !config.is_public_reason(kind))
      clear = kind;
  if (clear.empty()) return {};
  return core::refuse("unsealed-reason", "'" + clear +
                                             "' is private (not in the config's [reasons] "
                                             "public): the log carries it only sealed");
}

}  // namespace

Result<std::vector<PrivateNote>> to_public_form(store::Database& db, const core::Config& config,
                                                Env& env, ledger::Statement& s) {
  Result<void> failed;
  ledger::for_each_case(s, [&](std::string& ref) {
    if (!failed || core::is_public_id(ref)) return;
    auto id = store::public_id_of(db, ref);
    if (!id)
      failed = std::move(id).error();
    else if (!*id)
      failed = core::make_error(Errc::not_found, "no case " + ref);
    else
      ref = std::move(**id);
  });
  if (!failed) return std::move(failed).error();
  // A manifest's lists in the order of their ids, not travel order: a list
  // published in travel order would otherwise link each place's name to
  // its id (the store takes the travel order from the policy).
  if (auto* m = s.as<ledger::Manifest>()) {
    std::sort(m->travellers.begin(), m->travellers.end());
    std::sort(m->standby.begin(), m->standby.end());
  }
  std::vector<PrivateNote> sealed;
  auto seal = [&](const std::string& code) -> std::optional<core::Hash256> {
    if (config.is_public_reason(code) || ledger::parse_sealed(code)) return std::nullopt;
    auto n = seal_note(code, env);
    sealed.push_back(*n);
    return n->hash;
  };
  for_each_reason(s, [&](std::string& reason) {
    if (auto h = seal(reason)) reason = ledger::sealed_token(*h);
  });
  if (auto* c = s.as<ledger::Closure>(); c && !c->sealed)
    c->sealed = seal(std::string(core::to_string(c->kind)));
  return sealed;
}

Result<ledger::Statement> to_private_form(store::Database& db, const core::Config& config,
                                          const ledger::Statement& in, bool live) {
  if (live)
    if (auto ok = check_sealed(config, in); !ok) return std::move(ok).error();
  ledger::Statement s = in;
  Result<void> failed;
  ledger::for_each_case(s, [&](std::string& id) {
    if (!failed) return;
    auto ref = store::ref_of_public_id(db, id);
    if (!ref) {
      failed = std::move(ref).error();
    } else if (!*ref) {
      const std::string why = "no case has the public id " + id;
      failed = live ? core::refuse("unknown-case", why) : store_inconsistent(why);
    } else {
      id = std::move(**ref);
    }
  });
  if (!failed) return std::move(failed).error();
  // Live, a public code must be in clear: sealed, it would hide a public
  // fact (a death, a security refusal) from the public figures.
  auto sealed_public = [&](const std::string& code) -> Result<void> {
    if (!live || !config.is_public_reason(code)) return {};
    return core::refuse("sealed-reason", "'" + code +
                                             "' is public (the config's [reasons] public): the "
                                             "log carries it in clear, not sealed");
  };
  for_each_reason(s, [&](std::string& reason) {
    if (!failed) return;
    if (auto h = ledger::parse_sealed(reason)) {
      auto code = unseal(db, *h, live);
      if (!code) {
        failed = std::move(code).error();
      } else if (auto ok = sealed_public(*code); !ok) {
        failed = std::move(ok).error();
      } else {
        reason = std::move(code).value();
      }
    }
  });
  if (!failed) return std::move(failed).error();
  if (auto* c = s.as<ledger::Closure>(); c && c->sealed) {
    auto code = unseal(db, *c->sealed, live);
    if (!code) return std::move(code).error();
    auto kind = core::parse_closure_kind(*code);
    if (!kind) {
      const std::string why =
          "the sealed closure " + core::to_hex(*c->sealed) + " holds no closure kind";
      return live ? core::refuse("unknown-note", why) : store_inconsistent(why);
    }
    if (auto ok = sealed_public(*code); !ok) return std::move(ok).error();
    c->kind = *kind;
  }
  return s;
}

Result<void> store_sealed(store::Database& db, const std::vector<PrivateNote>& notes) {
  for (const PrivateNote& n : notes)
    if (auto r = store::insert_note(db, n.hash, n.salt, n.text); !r) return r;
  return {};
}

}  // namespace corridor::app
