// The key history as verify follows it, in log order (docs/log_format.md,
// section 6): officer-add registers a key, officer-revoke revokes it,
// officer-rotate retires it and registers the next. A statement is checked
// against the key its signer had at its place in the log.

#include <corridor/app/verify.hpp>

#include <corridor/ledger/note.hpp>
#include <corridor/ledger/statement.hpp>

#include <algorithm>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

core::Error bad(const std::string& what) { return core::make_error(Errc::bad_input, what); }

std::string entry_name(std::uint64_t i) { return "entry " + std::to_string(i); }

// The key name and ID of a verifier key, for messages: "who/sara+1a2b3c4d".
std::string short_vkey(const std::string& vkey) { return vkey.substr(0, vkey.rfind('+')); }

// The checks the store makes of a rotation (app/apply.cpp), on the history
// the log itself carries.
Result<void> rotate(KeyState& keys, std::uint64_t idx, const std::string& who,
                    const ledger::OfficerRotate& rot) {
  const std::string name = entry_name(idx);
  KeyState::Entry* e = keys.find_officer(who);
  if (!e) return bad(name + ": rotates the key of " + who + ", who was never registered");
  if (e->key.type != ledger::KeyType::ed25519)
    return bad(name + ": rotates " + who + ", which is a witness key");
  const std::string current = ledger::format_vkey(e->key);
  if (rot.previous != current)
    return bad(name + ": a rotation of " + who + " whose previous key " + short_vkey(rot.previous) +
               " is not its current key " + short_vkey(current));
  auto key = ledger::parse_vkey(rot.key);
  if (!key) return bad(name + ": " + key.error().message);
  if (key->name != who || key->type != ledger::KeyType::ed25519 ||
      ledger::format_vkey(*key) != rot.key)
    return bad(name + ": a rotation of " + who + " to a key that is not a signing key named " +
               who);
  const bool reused = key->key == e->key.key || std::any_of(e->retired.begin(), e->retired.end(),
                                                            [&](const KeyState::Retired& r) {
                                                              return r.key.key == key->key;
                                                            });
  if (reused)
    return bad(name + ": key-reused: a rotation of " + who + " to a key it has had before");
  e->retired.push_back({e->key, idx});
  e->key = *key;
  e->revoked = false;
  keys.rotations.push_back({idx, who, rot.previous, rot.key});
  return {};
}

}  // namespace

const KeyState::Entry* KeyState::find(std::string_view name, std::uint32_t id) const {
  auto it = by_name.find(name);
  return it != by_name.end() && it->second.key.id == id ? &it->second : nullptr;
}

KeyState::Entry* KeyState::find_officer(std::string_view key_name) {
  auto it = by_name.find(key_name);
  return it != by_name.end() ? &it->second : nullptr;
}

Result<void> KeyState::apply(std::uint64_t idx, const ledger::Statement& s) {
  const std::string name = entry_name(idx);
  const std::string who = ledger::officer_key_name(s.party, s.officer);
  if (const auto* add = s.as<ledger::OfficerAdd>()) {
    auto key = ledger::parse_vkey(add->key);
    if (!key) return bad(name + ": " + key.error().message);
    if (find_officer(who)) return bad(name + ": officer " + who + " is registered twice");
    by_name.emplace(who, Entry{*key, s.party, false, 0, {}});
    return {};
  }
  if (const auto* rot = s.as<ledger::OfficerRotate>()) return rotate(*this, idx, who, *rot);
  Entry* e = find_officer(who);
  if (!e) return bad(name + ": revokes " + who + ", who was never registered");
  e->revoked = true;
  e->revoked_at_entry = idx;
  return {};
}

Result<const ledger::PublicKey*> KeyState::signer(const std::string& entry, const std::string& who,
                                                  const ledger::Note& note) const {
  auto it = by_name.find(who);
  if (it == by_name.end())
    return bad(entry + ": signed as " + who + ", whose key is not in the log before it");
  const Entry& e = it->second;
  // A signature by a key a rotation retired, whatever became of the officer
  // since: the rotation is what the signer must not get past.
  if (note.signatures.size() == 1 && note.signatures.front().key_id != e.key.id)
    for (const Retired& r : e.retired)
      if (r.key.id == note.signatures.front().key_id &&
          ledger::verify_note_signature(note.text, note.signatures.front(), r.key))
        return bad(entry + ": retired-key: signed by " + who +
                   " with a key retired by the rotation at " + entry_name(r.at_entry));
  if (e.revoked)
    return bad(entry + ": signed by " + who + ", whose key was revoked at " +
               entry_name(e.revoked_at_entry));
  if (e.key.type != ledger::KeyType::ed25519)
    return bad(entry + ": signed as " + who + ", which is a witness key");
  return &e.key;
}

}  // namespace corridor::app
