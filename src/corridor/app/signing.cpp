#include <corridor/app/signing.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/core/snapshot.hpp>

namespace corridor::app {

core::Result<ledger::Statement> draft(ledger::StatementKind kind, const core::Config& config,
                                      const ledger::PrivateKey& key, core::Timestamp now,
                                      std::string ref) {
  auto who = key_officer(key);
  if (!who) return std::move(who).error();
  ledger::Statement s;
  s.kind = kind;
  s.log = config.log.origin;
  s.time = now;
  s.party = who->first;
  s.officer = who->second;
  s.case_ref = std::move(ref);
  return s;
}

core::Result<std::string> sign(const ledger::Statement& s, const ledger::PrivateKey& key) {
  auto body = ledger::format_statement(s);
  if (!body) return std::move(body).error();
  ledger::Note note{*body, {ledger::sign_note_text(*body, key)}};
  return ledger::format_note(note);
}

std::optional<PrivateNote> seal_note(const std::string& text, Env& env) {
  if (text.empty()) return std::nullopt;
  PrivateNote n{{}, std::string(core::k_salt_size, '\0'), text};
  env.random_bytes({reinterpret_cast<std::uint8_t*>(n.salt.data()), n.salt.size()});
  n.hash = ledger::note_hash(n.salt, n.text);
  return n;
}

}  // namespace corridor::app
