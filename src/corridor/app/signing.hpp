#pragma once
// Drafting and signing statements in the officer's process (internal to
// app/): the header fields from the key, the signature, and free-text notes
// sealed by a salted hash.

#include <corridor/app/env.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/statement.hpp>

#include <optional>
#include <string>

namespace corridor::app {

// A statement with `body`, its header fields from the key that signs it.
// `officer` is the verifier key of the officer who will sign it; `ref` the
// case, for the kinds that name one.
core::Result<ledger::Statement> draft(const core::Config& config, const ledger::PublicKey& officer,
                                      core::Timestamp now, std::string ref,
                                      ledger::StatementBody body);

// The whole signed note of `s`.
core::Result<std::string> sign(const ledger::Statement& s, const ledger::PrivateKey& key);

// A free-text note: its salted hash goes in the statement, the text and
// salt in the private notes table.
struct PrivateNote {
  core::Hash256 hash{};
  std::string salt;
  std::string text;
};

// nullopt for an empty text.
std::optional<PrivateNote> seal_note(const std::string& text, Env& env);

}  // namespace corridor::app
