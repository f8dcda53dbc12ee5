#include <corridor/app/signed_statement.hpp>

#include <corridor/ledger/registration_batch.hpp>
#include <corridor/ledger/tiles.hpp>

namespace corridor::app {

core::Result<SignedStatement> parse_signed_statement(std::string_view bytes) {
  if (bytes.size() > ledger::k_max_entry_size)
    return core::refuse("too-large", "a statement is at most " +
                                         std::to_string(ledger::k_max_entry_size) +
                                         " bytes (this is " + std::to_string(bytes.size()) + ")");
  // A registration batch and its rows enter the log together, by import
  // (docs/log_format.md 2.1); neither is a statement to submit alone.
  if (ledger::is_row_entry(bytes) || ledger::is_batch_text(bytes))
    return core::refuse("batch-rows",
                        "a registration batch and its rows enter the log together, by import");
  auto note = ledger::parse_note(bytes);
  if (!note) return std::move(note).error();
  return signed_statement_of(bytes, std::move(note).value());
}

core::Result<SignedStatement> signed_statement_of(std::string_view bytes, ledger::Note note) {
  auto st = ledger::parse_statement(note.text);
  if (!st) return std::move(st).error();
  SignedStatement out{std::string(bytes), std::move(note), std::move(st).value(), {}};
  out.text_hash = ledger::sha256(out.note.text);
  return out;
}

}  // namespace corridor::app
