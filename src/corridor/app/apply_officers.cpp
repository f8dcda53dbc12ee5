// Who may sign, and the statements about officers' keys: the signer's
// check every statement passes (registered, not revoked, not retired by a
// rotation), and officer-add, officer-revoke and officer-rotate, which the
// log key signs (docs/log_format.md, "Key history").

#include <corridor/app/apply_officers.hpp>

#include <corridor/store/log_repo.hpp>

namespace corridor::app {

using core::Errc;
using core::refuse;
using core::Result;
using ledger::Statement;

core::Error store_inconsistent(const std::string& why) {
  return core::make_error(Errc::internal, "the store is inconsistent: " + why);
}

// A note signed by a key of the officer that a rotation retired: refused
// as retired-key, naming when. Only a signature line whose key ID is not
// the current key's is looked up (the common case costs nothing), and only
// one that verifies under the retired key is named so.
namespace {

Result<void> check_not_retired(store::Database& db, const ledger::Note& note,
                               const store::OfficerRow& officer) {
  if (note.signatures.size() != 1) return {};
  const ledger::NoteSignature& sig = note.signatures.front();
  if (sig.name != officer.key_name || sig.key_id == officer.key_id) return {};
  auto keys = store::officer_keys(db, officer.party, officer.name);
  if (!keys) return std::move(keys).error();
  for (const store::OfficerKeyRow& k : *keys) {
    if (!k.retired_at || k.key_id != sig.key_id) continue;
    auto key = ledger::parse_vkey(k.vkey);
    if (!key || !ledger::verify_note_signature(note.text, sig, *key)) continue;
    return refuse("retired-key", "the key " + k.vkey.substr(0, k.vkey.rfind('+')) + " of " +
                                     officer.key_name + " was replaced by a rotation at " +
                                     core::format_timestamp(*k.retired_at) +
                                     " and signs nothing after it");
  }
  return {};
}

}  // namespace

Result<void> check_signer(store::Database& db, const ApplyContext& ctx, const ledger::Note& note,
                          const Statement& s) {
  if (ledger::signed_by_log(s.kind())) {
    if (!ctx.log_key) return store_inconsistent("no log key to verify a key statement with");
    return ledger::check_statement_signature(note, *ctx.log_key);
  }
  const std::string who = ledger::officer_key_name(s.party, s.officer);
  auto officer = store::find_officer(db, s.party, s.officer);
  if (!officer) return std::move(officer).error();
  if (!*officer) return refuse("unknown-key", "no officer " + who + " is registered");
  if (auto retired = check_not_retired(db, note, **officer); !retired) return retired;
  if ((*officer)->revoked_at)
    return refuse("revoked-key", "the key of officer " + who + " was revoked");
  if ((*officer)->type != static_cast<int>(ledger::KeyType::ed25519))
    return refuse("unknown-key", who + " is a witness key, which cannot sign statements");
  // Verified by the caller (with the same rule) against this very key: the
  // store keeps each key as format_vkey wrote it, so equal texts are equal
  // keys (name, ID, type and bytes), with nothing to decode.
  if (ctx.preverified && note.signatures.size() == 1 &&
      ledger::format_vkey(*ctx.preverified) == (*officer)->vkey)
    return {};
  auto key = ledger::parse_vkey((*officer)->vkey);
  if (!key) return store_inconsistent("officer " + who + " has a bad key: " + key.error().message);
  return ledger::check_statement_signature(note, *key);
}

namespace {

// Who an officer statement names: a party of the config, a valid name.
Result<void> check_officer(const core::Config& config, const Statement& s) {
  if (!config.find_party(s.party)) return refuse("unknown-party", "no party " + s.party);
  if (!ledger::valid_officer_name(s.officer))
    return refuse("officer-name", "'" + s.officer + "' is not a valid officer name");
  return {};
}

}  // namespace

Result<void> apply_officer_revoke(store::Database& db, const core::Config& config,
                                  const Statement& s) {
  if (auto ok = check_officer(config, s); !ok) return ok;
  const std::string who = ledger::officer_key_name(s.party, s.officer);
  auto o = store::find_officer(db, s.party, s.officer);
  if (!o) return std::move(o).error();
  if (!*o) return refuse("unknown-key", "no officer " + who + " is registered");
  if ((*o)->revoked_at) return refuse("revoked-key", "officer " + who + " is already revoked");
  return store::revoke_officer(db, s.party, s.officer, s.time);
}

Result<void> apply_officer_add(store::Database& db, const core::Config& config, const Statement& s,
                               const ledger::OfficerAdd& add) {
  if (auto ok = check_officer(config, s); !ok) return ok;
  const std::string who = ledger::officer_key_name(s.party, s.officer);
  auto key = ledger::parse_vkey(add.key);
  if (!key) return refuse("bad-key", key.error().message);
  if (key->name != who) return refuse("bad-key", "the key is named " + key->name + ", not " + who);
  store::OfficerRow row{s.party,
                        s.officer,
                        key->name,
                        key->id,
                        static_cast<int>(key->type),
                        ledger::format_vkey(*key),
                        s.time,
                        std::nullopt};
  if (auto r = store::insert_officer(db, row); !r) {
    if (r.error().code == Errc::conflict) return refuse("officer-exists", r.error().message);
    return r;
  }
  return {};
}

// A rotation: the officer exists (active or revoked; a revoked officer's
// rotation registers its new key), `previous` is its current key exactly
// as registered, and `key` is a new signing key named for it that it has
// never had.
Result<void> apply_officer_rotate(store::Database& db, const core::Config& config,
                                  const Statement& s, const ledger::OfficerRotate& rot) {
  if (auto ok = check_officer(config, s); !ok) return ok;
  const std::string who = ledger::officer_key_name(s.party, s.officer);
  auto o = store::find_officer(db, s.party, s.officer);
  if (!o) return std::move(o).error();
  if (!*o) return refuse("unknown-key", "no officer " + who + " is registered");
  if ((*o)->type != static_cast<int>(ledger::KeyType::ed25519))
    return refuse("bad-key", who + " is a witness key; a witness key is not rotated");
  if (rot.previous != (*o)->vkey)
    return refuse("bad-key", "previous: not the current key of " + who + " (" + (*o)->vkey + ")");
  auto key = ledger::parse_vkey(rot.key);
  if (!key) return refuse("bad-key", "key: " + key.error().message);
  if (key->name != who)
    return refuse("bad-key", "key: the key is named " + key->name + ", not " + who);
  if (key->type != ledger::KeyType::ed25519)
    return refuse("bad-key", "key: a witness key cannot sign statements");
  const std::string vkey = ledger::format_vkey(*key);
  if (vkey != rot.key) return refuse("bad-key", "key: not in its one written form " + vkey);
  auto history = store::officer_keys(db, s.party, s.officer);
  if (!history) return std::move(history).error();
  for (const store::OfficerKeyRow& k : *history)
    if (k.vkey == vkey)
      return refuse("key-reused", "key: " + who + " has had this key before (added at " +
                                      core::format_timestamp(k.added_at) +
                                      "); a rotation registers a new key");
  store::OfficerRow next{s.party, s.officer, key->name,   key->id, static_cast<int>(key->type),
                         vkey,    s.time,    std::nullopt};
  return store::rotate_officer(db, next, s.time);
}

core::Result<void> check_officer_note(store::Database& db, const ApplyContext& ctx,
                                      const ledger::Note& note, const std::string& party,
                                      const std::string& officer) {
  ledger::Statement s;
  s.body = ledger::Registration{};  // any kind an officer signs
  s.party = party;
  s.officer = officer;
  return check_signer(db, ctx, note, s);
}

}  // namespace corridor::app
