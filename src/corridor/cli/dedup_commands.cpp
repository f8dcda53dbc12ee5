// `corridor same-person --keep REF --duplicate REF` and `corridor
// different-persons REF REF`: a registering party's decision on a pair of
// possible duplicates (docs/dedup.md), signed with --key as `close` is.

#include <corridor/cli/dedup_commands.hpp>

#include <corridor/app/service.hpp>
#include <corridor/cli/common.hpp>
#include <corridor/cli/exit_codes.hpp>
#include <corridor/cli/options.hpp>
#include <corridor/cli/remote.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace corridor::cli {
namespace {

// The refs have no field in the Args every command shares: kept here (as
// account_command.cpp keeps --role).
struct PairArgs {
  std::string keep, duplicate;
  std::vector<std::string> refs;  // different-persons: exactly two
};
PairArgs& pair_args() {
  static PairArgs p;
  return p;
}

}  // namespace

void declare_same_person(CLI::App& app, Args& a) {
  pair_args() = {};
  db_options(app, a);
  app.add_option("--keep", pair_args().keep, "The case that stays open (it takes the group)")
      ->required();
  app.add_option("--duplicate", pair_args().duplicate,
                 "The case closed as a duplicate of --keep; its open companions move to --keep")
      ->required();
  key_option(app, a);
  app.footer(
      "Both cases must be open and of categories the key's party may register (config "
      "[registration]). The log records `same-person` naming both cases by public id.");
}

int run_same_person(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  const app::SamePersonRequest req{pair_args().keep, pair_args().duplicate};
  if (a.server) {
    auto remote = connect(a, io);
    if (!remote) return fail(io, remote.error());
    auto rep = (*remote)->change("/api/v1/duplicates/same-person",
                                 {{"keep", req.keep}, {"duplicate", req.duplicate}});
    if (!rep) return fail(io, rep.error());
    io.out << req.duplicate << ": closed as " << rep->value("state", "?") << " of " << req.keep
           << ", signed by " << (*remote)->signer() << "\n";
    return k_exit_ok;
  }
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  return with_service(a, io, [&](app::Service& svc) {
    auto state = svc.same_person(req, *key);
    if (!state) return fail(io, state.error());
    io.out << req.duplicate << ": closed as " << core::to_string(*state) << " of " << req.keep
           << ", signed by " << key->public_key().name << "\n";
    return k_exit_ok;
  });
}

void declare_different_persons(CLI::App& app, Args& a) {
  pair_args() = {};
  db_options(app, a);
  app.add_option("REF", pair_args().refs, "The two cases: REF REF")->required()->expected(2);
  key_option(app, a);
  app.footer(
      "The pair is never proposed as a possible duplicate again. Both cases must be open and of "
      "categories the key's party may register (config [registration]).");
}

int run_different_persons(const Args& a, Io& io) {
  if (int code = check_target(a, io); code != k_exit_ok) return code;
  const auto& refs = pair_args().refs;
  const app::DifferentPersonsRequest req{refs.at(0), refs.at(1)};
  if (a.server) {
    auto remote = connect(a, io);
    if (!remote) return fail(io, remote.error());
    auto rep =
        (*remote)->change("/api/v1/duplicates/different-persons", {{"a", req.a}, {"b", req.b}});
    if (!rep) return fail(io, rep.error());
    io.out << req.a << " and " << req.b << ": different persons, signed by " << (*remote)->signer()
           << "\n";
    return k_exit_ok;
  }
  auto key = signing_key(a);
  if (!key) return fail(io, key.error());
  return with_service(a, io, [&](app::Service& svc) {
    auto state = svc.different_persons(req, *key);
    if (!state) return fail(io, state.error());
    io.out << req.a << " and " << req.b << ": different persons, signed by "
           << key->public_key().name << "\n";
    return k_exit_ok;
  });
}

}  // namespace corridor::cli
