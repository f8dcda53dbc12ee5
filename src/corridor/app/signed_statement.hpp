#pragma once
// A signed statement, parsed once where it enters (HTTP, CLI submit,
// Service::submit, a draft's commit, replay, verify) and passed by
// reference from there on: the note as signed, its parts, and the hash of
// its text (what approvals, attestations and the replay check name).

#include <corridor/core/result.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>

#include <string>
#include <string_view>

namespace corridor::app {

struct SignedStatement {
  std::string bytes;  // the whole signed note, as it goes into the log
  ledger::Note note;
  ledger::Statement statement;
  ledger::Hash text_hash{};  // SHA-256 of note.text
};

// Parses a signed note and its statement; no signature check, no store.
// Errc::refused "too-large: ..." for more than ledger::k_max_entry_size
// bytes; bad_input naming the line for a note or statement that does not
// parse.
core::Result<SignedStatement> parse_signed_statement(std::string_view bytes);
// The same for a note already parsed from `bytes`: its statement and hash.
core::Result<SignedStatement> signed_statement_of(std::string_view bytes, ledger::Note note);

}  // namespace corridor::app
