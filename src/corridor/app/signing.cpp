#include <corridor/app/signing.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/tiles.hpp>

#include <thread>

namespace corridor::app {

core::Result<ledger::Statement> draft(const core::Config& config, const ledger::PublicKey& officer,
                                      core::Timestamp now, std::string ref,
                                      ledger::StatementBody body) {
  auto who = key_officer(officer);
  if (!who) return std::move(who).error();
  ledger::Statement s;
  s.body = std::move(body);
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

std::vector<std::string> sign_bodies(const std::vector<std::string>& bodies,
                                     const ledger::PrivateKey& key) {
  std::vector<std::string> notes(bodies.size());
  auto work = [&](std::size_t part, std::size_t parts) {
    for (std::size_t i = part; i < bodies.size(); i += parts)
      notes[i] = ledger::format_note({bodies[i], {ledger::sign_note_text(bodies[i], key)}});
  };
  // Signing is the costliest step of an import: use both cores.
  const std::size_t parts = bodies.size() > 1000 ? 2 : 1;
  std::thread helper;
  if (parts == 2) helper = std::thread(work, 1, 2);
  work(0, parts);
  if (helper.joinable()) helper.join();
  return notes;
}

core::Result<std::vector<SignedStatement>> check_signed_bodies(
    std::span<const std::string> notes, std::span<const std::string> bodies) {
  if (notes.size() != bodies.size())
    return core::refuse("signed-body-differs", std::to_string(bodies.size()) +
                                                   " statement(s) were drafted, " +
                                                   std::to_string(notes.size()) + " signed");
  std::vector<SignedStatement> out;
  out.reserve(notes.size());
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (notes[i].size() > ledger::k_max_entry_size)
      return parse_signed_statement(notes[i]).error();  // too-large
    auto n = ledger::parse_note(notes[i]);
    if (!n)
      return core::make_error(core::Errc::bad_input,
                              "signed note " + std::to_string(i + 1) + ": " + n.error().message);
    if (n->text != bodies[i])
      return core::refuse("signed-body-differs",
                          "signed note " + std::to_string(i + 1) +
                              " is not the statement drafted (draft again and sign that)");
    auto signed_statement = signed_statement_of(notes[i], std::move(n).value());
    if (!signed_statement) return std::move(signed_statement).error();
    out.push_back(std::move(signed_statement).value());
  }
  return out;
}

std::optional<PrivateNote> seal_note(const std::string& text, Env& env) {
  if (text.empty()) return std::nullopt;
  PrivateNote n{{}, std::string(core::k_salt_size, '\0'), text};
  env.random_bytes({reinterpret_cast<std::uint8_t*>(n.salt.data()), n.salt.size()});
  n.hash = ledger::note_hash(n.salt, n.text);
  return n;
}

}  // namespace corridor::app
