#include <corridor/ledger/case_proof.hpp>

#include <corridor/core/snapshot.hpp>

#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/ledger/tlog_proof.hpp>
#include <corridor/ledger/witness_pin.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace corridor::ledger {
namespace {

using core::Errc;
using core::Result;
using nlohmann::json;

core::Error bad(const std::string& what) { return core::make_error(Errc::bad_input, what); }

}  // namespace

namespace {

// A statement withheld from the proof's reader (a reason it may not see):
// its leaf hash and the text with the reason withheld. Only its inclusion
// can be checked. Returns the line the report gives it.
Result<std::string> check_withheld(const json& e, const Checkpoint& cp,
                                   const std::string& checkpoint, const std::string& where) {
  if (!e.contains("index") || !e["index"].is_number_unsigned() || !e.contains("leaf_hash") ||
      !e["leaf_hash"].is_string() || !e.contains("withheld") || !e["withheld"].is_string() ||
      !e.contains("proof") || !e["proof"].is_string())
    return bad(where + ": a withheld entry needs index, leaf_hash, withheld and proof");
  const std::uint64_t index = e["index"].get<std::uint64_t>();
  const std::string name = where + " (entry " + std::to_string(index) + ")";
  auto leaf = core::hash_from_hex(e["leaf_hash"].get<std::string>());
  if (!leaf) return bad(name + ": leaf_hash is not 64 hex digits");
  auto proof = parse_tlog_proof(e["proof"].get<std::string>());
  if (!proof) return bad(name + ": " + proof.error().message);
  if (proof->index != index)
    return bad(name + ": the proof is for entry " + std::to_string(proof->index));
  if (proof->checkpoint != checkpoint)
    return bad(name + ": the proof is against another checkpoint");
  if (auto ok = verify_inclusion(*leaf, index, cp.size, proof->path, cp.root); !ok)
    return bad(name + ": not included in the checkpoint's tree (" + ok.error().message + ")");
  return "entry " + std::to_string(index) +
         ": withheld from this copy (it carries a reason the reader may not see); "
         "its inclusion is proven, its text and signature are not";
}

// One key of an officer's proven history: added at an officer-add or
// officer-rotate, revoked by an officer-revoke while current, retired by
// the officer-rotate that replaced it.
struct ProvenKey {
  PublicKey key;
  std::string party;
  std::uint64_t added = 0;
  std::optional<std::uint64_t> revoked;
  std::optional<std::uint64_t> retired;
};
// Each officer's keys in log order, by key name; back() is the current one.
using ProvenKeys = std::map<std::string, std::vector<ProvenKey>>;

// Checks one entry's inclusion; returns its index and bytes.
Result<std::pair<std::uint64_t, const std::string*>> check_inclusion(const json& e,
                                                                     const Checkpoint& cp,
                                                                     const std::string& checkpoint,
                                                                     const std::string& where) {
  if (!e.is_object() || !e.contains("index") || !e.contains("statement") || !e.contains("proof") ||
      !e["index"].is_number_unsigned() || !e["statement"].is_string() || !e["proof"].is_string())
    return bad(where + ": needs index, statement and proof");
  const std::uint64_t index = e["index"].get<std::uint64_t>();
  const std::string name = where + " (entry " + std::to_string(index) + ")";
  auto proof = parse_tlog_proof(e["proof"].get<std::string>());
  if (!proof) return bad(name + ": " + proof.error().message);
  if (proof->index != index)
    return bad(name + ": the proof is for entry " + std::to_string(proof->index));
  if (proof->checkpoint != checkpoint)
    return bad(name + ": the proof is against another checkpoint");
  const std::string& bytes = e["statement"].get_ref<const std::string&>();
  if (auto ok = verify_inclusion(leaf_hash(bytes), index, cp.size, proof->path, cp.root); !ok)
    return bad(name + ": not included in the checkpoint's tree (" + ok.error().message + ")");
  return std::pair{index, &bytes};
}

// Checks one entry's inclusion; returns its parsed note and statement.
Result<std::pair<Note, Statement>> check_entry(const json& e, const Checkpoint& cp,
                                               const std::string& checkpoint,
                                               const std::string& where) {
  auto included = check_inclusion(e, cp, checkpoint, where);
  if (!included) return std::move(included).error();
  const std::string name = where + " (entry " + std::to_string(included->first) + ")";
  auto note = parse_note(*included->second);
  if (!note) return bad(name + ": " + note.error().message);
  auto st = parse_statement(note->text);
  if (!st) return bad(name + ": " + st.error().message);
  return std::pair{std::move(note).value(), std::move(st).value()};
}

// The proven key of `who` that signed `note` at entry `idx`: registered
// before it, not revoked before it, not retired by a rotation before it.
// The key is the one of the history the signature line names (else the
// current one, and the signature check then says why it does not match).
Result<const PublicKey*> proven_signer(const ProvenKeys& proven, const std::string& who,
                                       std::uint64_t idx, const std::string& name,
                                       const Note& note) {
  auto it = proven.find(who);
  if (it == proven.end() || it->second.empty())
    return bad(name + ": signed as " + who + ", whose key registration the proof does not show");
  const ProvenKey* k = &it->second.back();
  if (note.signatures.size() == 1)
    for (const ProvenKey& c : it->second)
      if (c.key.id == note.signatures.front().key_id) k = &c;
  if (k->added > idx)
    return bad(name + ": signed as " + who + ", whose key registration the proof does not show");
  if (k->retired && *k->retired < idx)
    return bad(name + ": retired-key: signed by " + who +
               " with a key retired by the rotation at entry " + std::to_string(*k->retired));
  if (k->revoked && *k->revoked < idx)
    return bad(name + ": signed by " + who + " after the key was revoked");
  return &k->key;
}

// One key statement of the proof's history, in log order.
Result<void> prove_key(ProvenKeys& proven, std::uint64_t idx, const Statement& s,
                       const std::string& name, std::vector<std::string>& rotations) {
  const std::string who = officer_key_name(s.party, s.officer);
  auto it = proven.find(who);
  const bool known = it != proven.end() && !it->second.empty();
  if (const auto* add = s.as<OfficerAdd>()) {
    if (known) return bad(name + ": registers " + who + " a second time");
    auto key = parse_vkey(add->key);
    if (!key) return bad(name + ": " + key.error().message);
    proven[who].push_back(ProvenKey{*key, s.party, idx, std::nullopt, std::nullopt});
    return {};
  }
  if (!known)
    return bad(name + ": revokes or rotates " + who + ", whom the proof never shows registered");
  std::vector<ProvenKey>& history = it->second;
  const auto* rot = s.as<OfficerRotate>();
  if (!rot) {
    history.back().revoked = idx;
    return {};
  }
  if (history.back().key.type != KeyType::ed25519)
    return bad(name + ": rotates " + who + ", which is a witness key");
  if (rot->previous != format_vkey(history.back().key))
    return bad(name + ": a rotation of " + who + " whose previous key is not its current one");
  auto key = parse_vkey(rot->key);
  if (!key) return bad(name + ": " + key.error().message);
  if (key->name != who || key->type != KeyType::ed25519 || format_vkey(*key) != rot->key)
    return bad(name + ": a rotation of " + who + " to a key that is not a signing key named " +
               who);
  for (const ProvenKey& k : history)
    if (k.key.key == key->key)
      return bad(name + ": key-reused: a rotation of " + who + " to a key it has had before");
  history.back().retired = idx;
  history.push_back(ProvenKey{*key, s.party, idx, std::nullopt, std::nullopt});
  rotations.push_back("entry " + std::to_string(idx) + ": officer-rotate of " + who + " at " +
                      core::format_timestamp(s.time) + ": key " + format_key_id(key->id) +
                      " replaces " + rot->previous.substr(rot->previous.find('+') + 1, 8));
  return {};
}

// A row of a registration batch (docs/log_format.md 2.1): the row's and
// the batch statement's inclusion, the row's place right after the batch,
// its audit path to the batch's signed root, and the batch's signature by
// a proven key. Returns the row's report line.
Result<std::string> check_row(const json& e, const Checkpoint& cp, const std::string& checkpoint,
                              const std::string& where, const std::string& id,
                              const ProvenKeys& proven) {
  auto row_in = check_inclusion(e, cp, checkpoint, where);
  if (!row_in) return std::move(row_in).error();
  const std::uint64_t idx = row_in->first;
  const std::string name = "entry " + std::to_string(idx);
  auto row = parse_row(*row_in->second);
  if (!row) return bad(name + ": " + row.error().message);
  if (row->case_ref != id) return bad(name + ": a registration row not about case " + id);
  if (!e.contains("batch") || !e.contains("batch_path") || !e["batch_path"].is_array())
    return bad(name + ": a registration row needs its batch and batch_path");
  auto batch_in = check_inclusion(e["batch"], cp, checkpoint, where + ".batch");
  if (!batch_in) return std::move(batch_in).error();
  const std::uint64_t b = batch_in->first;
  const std::string bname = "entry " + std::to_string(b);
  auto note = parse_note(*batch_in->second);
  if (!note) return bad(bname + ": " + note.error().message);
  auto batch = parse_batch(note->text);
  if (!batch) return bad(bname + ": " + batch.error().message);
  if (idx <= b || idx - b - 1 >= batch->rows)
    return bad(name + ": not one of the " + std::to_string(batch->rows) +
               " rows right after the registration batch at " + bname);
  std::vector<Hash> path;
  for (const json& h : e["batch_path"]) {
    auto v = h.is_string() ? core::hash_from_hex(h.get<std::string>()) : std::nullopt;
    if (!v) return bad(name + ": batch_path holds something that is not 64 hex digits");
    path.push_back(*v);
  }
  const std::uint64_t pos = idx - b - 1;
  if (auto ok = verify_inclusion(leaf_hash(*row_in->second), pos, batch->rows, path, batch->root);
      !ok)
    return bad(name + ": not row " + std::to_string(pos) + " of the root the batch at " + bname +
               " signs (" + ok.error().message + ")");
  const std::string who = officer_key_name(batch->party, batch->officer);
  auto key = proven_signer(proven, who, b, bname, *note);
  if (!key) return std::move(key).error();
  if (auto v = check_statement_signature(*note, **key); !v)
    return bad(bname + ": " + v.error().message);
  return name + ": registration (row " + std::to_string(pos) + " of the batch at " + bname +
         ") by " + who + " at " + core::format_timestamp(batch->time);
}

// Checks each cosignature of the checkpoint against the key it names and
// adds the parties that count to rep.cosigned_by: with keys pinned, only
// theirs (the rest go to rep.not_pinned); without, the proven witness keys
// of the proof's parties.
Result<void> count_cosignatures(const Note& note, std::uint64_t size, const ProvenKeys& proven,
                                const std::vector<std::string>& parties,
                                const std::vector<PublicKey>& pinned, ProofReport& rep) {
  for (const auto& sig : note.signatures) {
    const PublicKey* pin = pinned_witness(pinned, sig);
    const ProvenKey* reg = nullptr;
    for (const auto& [name, history] : proven)
      for (const ProvenKey& pk : history)
        if (pk.key.type == KeyType::cosignature && pk.key.name == sig.name &&
            pk.key.id == sig.key_id)
          reg = &pk;
    if (!pin && !reg) continue;
    // A key revoked inside the tree it cosigns could not have cosigned it.
    if (reg && reg->revoked && *reg->revoked < size)
      return bad("checkpoint: cosigned by " + sig.name + ", whose key was revoked at entry " +
                 std::to_string(*reg->revoked));
    auto t = verify_cosignature(note.text, sig, pin ? *pin : reg->key);
    if (!t) return bad("checkpoint: the cosignature of " + sig.name + " does not verify");
    // With keys pinned, only theirs count; without, the proof's own.
    std::string party;
    if (pin)
      party = witness_party(*pin);
    else if (!pinned.empty())
      rep.not_pinned.push_back(sig.name);
    else if (std::find(parties.begin(), parties.end(), reg->party) != parties.end())
      party = reg->party;
    if (!party.empty() &&
        std::find(rep.cosigned_by.begin(), rep.cosigned_by.end(), party) == rep.cosigned_by.end())
      rep.cosigned_by.push_back(party);
  }
  return {};
}

}  // namespace

core::Result<ProofReport> verify_proof(std::string_view text,
                                       const std::optional<PublicKey>& log_key_arg,
                                       std::optional<int> quorum,
                                       const std::vector<PublicKey>& witness_keys) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    return bad(std::string("not JSON: ") + e.what());
  }
  auto str = [&](const char* key) -> std::optional<std::string> {
    if (!doc.is_object() || !doc.contains(key) || !doc[key].is_string()) return std::nullopt;
    return doc[key].get<std::string>();
  };
  if (str("format") != k_proof_format)
    return bad("not a corridor proof (format must be " + std::string(k_proof_format) + ")");
  auto checkpoint = str("checkpoint");
  auto ref = str("case");
  auto key_hex = str("case_key");
  if (!checkpoint || !ref || !key_hex) return bad("the proof needs checkpoint, case and case_key");
  const auto case_key = core::hash_from_hex(*key_hex);
  if (!case_key) return bad("case_key: not 64 hex digits");
  if (!doc.contains("statements") || !doc["statements"].is_array() || !doc.contains("keys") ||
      !doc["keys"].is_array())
    return bad("the proof needs statements and keys arrays");
  PublicKey log_key;
  if (log_key_arg) {
    log_key = *log_key_arg;
  } else {
    auto named = str("log");
    if (!named) return bad("the proof names no log key; give one");
    auto k = parse_vkey(*named);
    if (!k) return bad("log: " + k.error().message);
    log_key = *k;
  }
  auto note = parse_note(*checkpoint);
  if (!note) return bad("checkpoint: " + note.error().message);
  const PublicKey keys[] = {log_key};
  if (auto v = verify_note(*note, keys); !v)
    return bad("checkpoint: not signed by the log key " + format_vkey(log_key) + " (" +
               v.error().message + ")");
  auto cp = parse_checkpoint(note->text);
  if (!cp) return bad("checkpoint: " + cp.error().message);
  if (cp->origin != log_key.name)
    return bad("checkpoint: origin " + cp->origin + " is not the log's");

  ProofReport rep;
  rep.ref = *ref;
  // The log names the case by its id; the key links that id to the ref
  // for this one case (docs/log_format.md, "Case ids").
  rep.public_id = core::public_id(*case_key, rep.ref);
  rep.tree_size = cp->size;
  ProvenKeys proven;
  // The key history in log order, whatever the order of the array.
  std::vector<std::pair<std::uint64_t, const json*>> key_entries;
  for (const json& e : doc["keys"]) {
    if (!e.is_object() || !e.contains("index") || !e["index"].is_number_unsigned())
      return bad("keys: an entry needs an index");
    key_entries.emplace_back(e["index"].get<std::uint64_t>(), &e);
  }
  std::sort(key_entries.begin(), key_entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [idx, e] : key_entries) {
    const std::string name = "keys: entry " + std::to_string(idx);
    auto entry = check_entry(*e, *cp, *checkpoint, name);
    if (!entry) return std::move(entry).error();
    auto& [n, s] = *entry;
    if (!signed_by_log(s.kind())) return bad(name + " is not a key statement");
    if (auto v = check_statement_signature(n, log_key); !v)
      return bad(name + " is not signed by the log key (" + v.error().message + ")");
    if (auto k = prove_key(proven, idx, s, name, rep.rotations); !k) return k.error();
  }
  std::size_t i = 0;
  for (const json& e : doc["statements"]) {
    const std::string where = "statements[" + std::to_string(i++) + "]";
    if (e.is_object() && !e.contains("statement") && e.contains("withheld")) {
      auto line = check_withheld(e, *cp, *checkpoint, where);
      if (!line) return std::move(line).error();
      rep.statements.push_back(std::move(line).value());
      continue;
    }
    if (e.is_object() && e.contains("statement") && e["statement"].is_string() &&
        is_row_entry(e["statement"].get_ref<const std::string&>())) {
      auto line = check_row(e, *cp, *checkpoint, where, rep.public_id, proven);
      if (!line) return std::move(line).error();
      rep.statements.push_back(std::move(line).value());
      continue;
    }
    auto entry = check_entry(e, *cp, *checkpoint, where);
    if (!entry) return std::move(entry).error();
    auto& [n, s] = *entry;
    const std::uint64_t idx = e["index"].get<std::uint64_t>();
    const std::string name = "entry " + std::to_string(idx);
    if (!mentions_case(s, rep.public_id))
      return bad(name + ": a " + std::string(to_string(s.kind())) +
                 " statement that is not about case " + rep.ref);
    const std::string who = officer_key_name(s.party, s.officer);
    auto key = proven_signer(proven, who, idx, name, n);
    if (!key) return std::move(key).error();
    if (auto v = check_statement_signature(n, **key); !v)
      return bad(name + ": " + v.error().message);
    const auto* d = s.as<Decision>();
    rep.statements.push_back(
        name + ": " + std::string(to_string(s.kind())) +
        (d ? " " + d->stage + " " + std::string(core::to_string(d->outcome)) : "") + " by " + who +
        " at " + core::format_timestamp(s.time));
  }
  if (rep.statements.empty()) return bad("the proof holds no statement");
  std::vector<std::string> parties;
  if (doc.contains("witness_policy") && doc["witness_policy"].is_object()) {
    const json& p = doc["witness_policy"];
    if (p.contains("parties") && p["parties"].is_array())
      for (const json& x : p["parties"])
        if (x.is_string()) parties.push_back(x.get<std::string>());
    if (p.contains("quorum") && p["quorum"].is_number_integer())
      rep.quorum = p["quorum"].get<int>();
  }
  if (quorum) rep.quorum = *quorum;
  rep.witness_keys_pinned = !witness_keys.empty();
  if (auto c = count_cosignatures(*note, cp->size, proven, parties, witness_keys, rep); !c)
    return std::move(c).error();
  // With no quorum set, nothing is claimed to be witnessed.
  rep.witnessed = rep.quorum >= 1 && static_cast<int>(rep.cosigned_by.size()) >= rep.quorum;
  return rep;
}

}  // namespace corridor::ledger
