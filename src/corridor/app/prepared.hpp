#pragma once
// A change drafted for an officer and not yet signed. Officers' private keys
// never reach the server: the HTTP API hands the bodies to the officer's
// client, which signs them where the key lives, and posts the signed notes
// back; the CLI signs them in its own process. Either way commit() takes the
// whole signed notes, one per body and in order, and refuses any whose body
// is not exactly the one drafted.

#include <corridor/app/signed_statement.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::app {

template <class T>
struct Prepared {
  // The statement bodies to sign, in order (none when there is nothing to
  // sign, e.g. an import whose rows have errors: commit at once).
  std::vector<std::string> bodies;
  // `signed_by`: the key these notes were just signed with in this process
  // (their signatures need no second check), or nullptr for notes from
  // elsewhere, which are verified against the officer's registered key.
  std::function<core::Result<T>(std::span<const std::string> notes,
                                const ledger::PublicKey* signed_by)>
      commit;
};

// Signs each body as a C2SP signed note with `key` (on two threads when
// there are many, as an import has).
std::vector<std::string> sign_bodies(const std::vector<std::string>& bodies,
                                     const ledger::PrivateKey& key);

// What the CLI does: prepare, sign here, commit.
template <class T>
core::Result<T> sign_and_commit(core::Result<Prepared<T>> prepared, const ledger::PrivateKey& key) {
  if (!prepared) return std::move(prepared).error();
  const std::vector<std::string> notes = sign_bodies(prepared->bodies, key);
  return prepared->commit(notes, &key.public_key());
}

// Each note must be a signed note whose body is exactly the drafted body of
// the same position: Errc::refused "signed-body-differs: ..." naming the
// position, or for a count that differs. The notes, parsed once, for the
// writer.
core::Result<std::vector<SignedStatement>> check_signed_bodies(std::span<const std::string> notes,
                                                               std::span<const std::string> bodies);

// Maps a prepared change's result once committed.
template <class T, class F>
auto then(Prepared<T> p, F f) {
  using U = typename std::invoke_result_t<F, T&&>::value_type;
  return Prepared<U>{std::move(p.bodies),
                     [inner = std::move(p.commit), f = std::move(f)](
                         std::span<const std::string> notes,
                         const ledger::PublicKey* signed_by) mutable -> core::Result<U> {
                       auto r = inner(notes, signed_by);
                       if (!r) return std::move(r).error();
                       return f(std::move(r).value());
                     }};
}

}  // namespace corridor::app
