#include <corridor/app/verify.hpp>

#include <corridor/app/batch.hpp>

#include <corridor/app/service.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/ledger/tiles.hpp>
#include <corridor/ledger/witness_pin.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

core::Error bad(const std::string& what) { return core::make_error(Errc::bad_input, what); }

std::string entry_name(std::uint64_t i) { return "entry " + std::to_string(i); }

// --- a database ----------------------------------------------------------------

class DatabaseSource final : public LogSource {
public:
  explicit DatabaseSource(store::Database& db) : m_db(db) {}

  Result<std::vector<SourceCheckpoint>> checkpoints() override {
    auto all = store::all_checkpoints(m_db);
    if (!all) return std::move(all).error();
    std::vector<SourceCheckpoint> out;
    for (auto& c : *all) {
      std::string note = c.note;
      auto cos = store::cosignatures_of(m_db, c.size);
      if (!cos) return std::move(cos).error();
      for (const auto& s : *cos) note += s.line;
      out.push_back({"checkpoint of size " + std::to_string(c.size), std::move(note)});
    }
    return out;
  }

  Result<void> for_each_entry(std::uint64_t size, const EntryFn& fn) override {
    return store::for_each_entry_with_leaf(m_db, size, fn);
  }

  Result<std::optional<std::uint64_t>> entry_count() override {
    auto n = store::log_size(m_db);
    if (!n) return std::move(n).error();
    return std::optional<std::uint64_t>(*n);
  }

  Result<std::optional<ledger::Hash>> stored_node(unsigned level, std::uint64_t idx) override {
    return store::log_node(m_db, level, idx);
  }
  std::string node_place(unsigned level, std::uint64_t idx) const override {
    return "log node " + std::to_string(level) + "/" + std::to_string(idx);
  }

private:
  store::Database& m_db;
};

// --- an export directory -------------------------------------------------------

class DirectorySource final : public LogSource {
public:
  DirectorySource(std::string dir, std::string checkpoint)
      : m_dir(std::move(dir)), m_checkpoint(std::move(checkpoint)) {}

  Result<std::vector<SourceCheckpoint>> checkpoints() override {
    return std::vector<SourceCheckpoint>{{m_dir + "/checkpoint", m_checkpoint}};
  }

  Result<void> for_each_entry(std::uint64_t size, const EntryFn& fn) override {
    for (std::uint64_t n = 0; n * ledger::k_tile_width < size; ++n) {
      const auto width = static_cast<unsigned>(
          std::min<std::uint64_t>(ledger::k_tile_width, size - n * ledger::k_tile_width));
      const std::string path = ledger::entries_path(n, width);
      auto bytes = read_file(m_dir + "/" + path);
      if (!bytes) return bad(path + ": missing (" + entry_name(n * ledger::k_tile_width) + " on)");
      auto entries = ledger::decode_bundle(*bytes);
      if (!entries) return bad(path + ": " + entries.error().message);
      auto leaves = tile(0, n, width);
      if (!leaves) return std::move(leaves).error();
      for (std::size_t i = 0; i < entries->size() && i < width; ++i) {
        const ledger::Hash* stored = i < leaves->size() ? &(*leaves)[i] : nullptr;
        if (auto r = fn(n * ledger::k_tile_width + i, (*entries)[i], stored); !r) return r;
      }
      if (entries->size() != width)
        return bad(
            path + ": holds " + std::to_string(entries->size()) + " entries, not " +
            std::to_string(width) + " (" +
            entry_name(n * ledger::k_tile_width + std::min<std::size_t>(entries->size(), width)) +
            " is missing or one too many)");
    }
    return {};
  }

  Result<std::optional<ledger::Hash>> stored_node(unsigned level, std::uint64_t idx) override {
    if (level % ledger::k_tile_height != 0) return std::optional<ledger::Hash>();
    const unsigned tl = level / ledger::k_tile_height;
    const std::uint64_t n = idx / ledger::k_tile_width;
    const auto pos = static_cast<std::size_t>(idx % ledger::k_tile_width);
    auto t = tile_any(tl, n);
    if (!t) return std::move(t).error();
    if (pos >= t->size()) return std::optional<ledger::Hash>();
    return std::optional<ledger::Hash>((*t)[pos]);
  }

  // The tile file the node was read from (full or partial).
  std::string node_place(unsigned level, std::uint64_t idx) const override {
    const unsigned tl = level / ledger::k_tile_height;
    const std::uint64_t n = idx / ledger::k_tile_width;
    auto it = m_read.find({tl, n});
    const std::string file =
        it != m_read.end() ? it->second : ledger::tile_path(tl, n, ledger::k_tile_width);
    return file + " (node " + std::to_string(level) + "/" + std::to_string(idx) + ")";
  }

private:
  // A tile of `width` hashes: the full one, or that partial one.
  Result<std::vector<ledger::Hash>> tile(unsigned level, std::uint64_t n, unsigned width) {
    const std::string path = ledger::tile_path(level, n, width);
    auto bytes = read_file(m_dir + "/" + path);
    if (!bytes) return bad(path + ": missing");
    if (bytes->size() != std::size_t{width} * 32)
      return bad(path + ": " + std::to_string(bytes->size()) + " bytes, not " +
                 std::to_string(width * 32));
    std::vector<ledger::Hash> out(width);
    for (unsigned i = 0; i < width; ++i)
      std::copy_n(bytes->data() + i * 32, 32, reinterpret_cast<char*>(out[i].data()));
    return out;
  }

  // Whichever form of tile (level, n) the directory holds; cached.
  Result<std::vector<ledger::Hash>> tile_any(unsigned level, std::uint64_t n) {
    auto key = std::pair(level, n);
    if (auto it = m_tiles.find(key); it != m_tiles.end()) return it->second;
    std::vector<ledger::Hash> out;
    for (unsigned w = ledger::k_tile_width; w >= 1; --w) {
      if (!std::filesystem::exists(m_dir + "/" + ledger::tile_path(level, n, w))) continue;
      auto t = tile(level, n, w);
      if (!t) return std::move(t).error();
      out = std::move(t).value();
      m_read[key] = ledger::tile_path(level, n, w);
      break;
    }
    if (m_tiles.size() > 64) m_tiles.clear();
    m_tiles[key] = out;
    return out;
  }

  std::string m_dir;
  std::string m_checkpoint;
  std::map<std::pair<unsigned, std::uint64_t>, std::vector<ledger::Hash>> m_tiles;
  std::map<std::pair<unsigned, std::uint64_t>, std::string> m_read;  // which file each tile was
};

// --- verification ---------------------------------------------------------------

struct ParsedCheckpoint {
  std::string where;
  ledger::Note note;
  ledger::Checkpoint cp;
};

Result<ParsedCheckpoint> check_checkpoint(const SourceCheckpoint& sc, const VerifyPolicy& p) {
  auto note = ledger::parse_note(sc.note);
  if (!note) return bad(sc.where + ": " + note.error().message);
  auto cp = ledger::parse_checkpoint(note->text);
  if (!cp) return bad(sc.where + ": " + cp.error().message);
  if (cp->origin != p.origin)
    return bad(sc.where + ": origin " + cp->origin + " is not this log's (" + p.origin + ")");
  const ledger::PublicKey keys[] = {p.log_key};
  if (auto v = ledger::verify_note(*note, keys); !v)
    return bad(sc.where + ": not signed by the log key " + ledger::format_vkey(p.log_key) + " (" +
               v.error().message + ")");
  return ParsedCheckpoint{sc.where, std::move(note).value(), std::move(cp).value()};
}

// The registration batch being walked, and the key its statement verified
// with (its rows' signer).
struct Batches {
  ledger::BatchWalk walk;
  const ledger::PublicKey* key = nullptr;
};

// A registration batch's statement (docs/log_format.md 2.1): signed as any
// officer's statement; its rows must follow it, and hash to its root.
Result<const ledger::PublicKey*> check_batch(std::uint64_t idx, const ledger::Note& note,
                                             const VerifyPolicy& p, KeyState& keys,
                                             Batches& batches) {
  const std::string name = entry_name(idx);
  auto b = ledger::parse_batch(note.text);
  if (!b) return bad(name + ": " + b.error().message);
  if (b->log != p.origin) return bad(name + ": a statement for another log (" + b->log + ")");
  auto key = keys.signer(name, ledger::officer_key_name(b->party, b->officer), note);
  if (!key) return std::move(key).error();
  if (auto ok = ledger::check_statement_signature(note, **key); !ok)
    return bad(name + ": " + ok.error().message);
  if (auto o = batches.walk.open(idx, std::move(b).value()); !o) return std::move(o).error();
  batches.key = *key;
  return *key;
}

// Checks one entry against the key history, and updates it. Returns the
// officer's key the signature verified with (a row: its batch's; nullptr
// for a key statement, signed by the log key).
Result<const ledger::PublicKey*> check_statement(std::uint64_t idx, const SignedStatement& in,
                                                 const ledger::Hash& leaf, const VerifyPolicy& p,
                                                 KeyState& keys, Batches& batches) {
  const std::string name = entry_name(idx);
  if (ledger::is_row_entry(in.bytes)) {
    auto row = batches.walk.row(idx, in.bytes, leaf);
    if (!row) return std::move(row).error();
    return batches.key;
  }
  if (auto o = batches.walk.other(idx); !o) return std::move(o).error();
  if (ledger::is_batch_text(in.bytes)) {
    auto note = ledger::parse_note(in.bytes);
    if (!note) return bad(name + ": " + note.error().message);
    return check_batch(idx, *note, p, keys, batches);
  }
  const ledger::Note* note = &in.note;
  const ledger::Statement* s = &in.statement;
  if (s->log != p.origin) return bad(name + ": a statement for another log (" + s->log + ")");
  if (ledger::signed_by_log(s->kind())) {
    if (auto v = ledger::check_statement_signature(*note, p.log_key); !v)
      return bad(name + ": a key statement not signed by the log key (" + v.error().message + ")");
    if (auto applied = keys.apply(idx, *s); !applied) return std::move(applied).error();
    return static_cast<const ledger::PublicKey*>(nullptr);
  }
  auto key = keys.signer(name, ledger::officer_key_name(s->party, s->officer), *note);
  if (!key) return std::move(key).error();
  if (auto ok = ledger::check_statement_signature(*note, **key); !ok)
    return bad(name + ": " + ok.error().message);
  return *key;
}

struct Cosigned {
  std::vector<std::string> parties;     // whose cosignatures count, one each
  std::vector<std::string> not_pinned;  // registered witness keys that cosigned, not pinned
};

// Each cosignature must verify against the key it names: a pinned one, or
// one of the key history. With keys pinned, only theirs count (their
// party, at most once); without, registered witness keys of the policy's
// parties count.
Result<Cosigned> count_cosignatures(const ParsedCheckpoint& p, const VerifyPolicy& policy,
                                    const KeyState& keys) {
  Cosigned out;
  const bool pinning = !policy.witness_keys.empty();
  auto add = [&](std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  };
  for (const auto& sig : p.note.signatures) {
    const ledger::PublicKey* pin = ledger::pinned_witness(policy.witness_keys, sig);
    const KeyState::Entry* e = keys.find(sig.name, sig.key_id);
    if (e && e->key.type != ledger::KeyType::cosignature) e = nullptr;
    if (!pin && !e) continue;
    // A key revoked inside the tree it cosigns could not have cosigned it.
    if (e && e->revoked && e->revoked_at_entry < p.cp.size)
      return bad(p.where + ": cosigned by " + sig.name + ", whose key was revoked at " +
                 entry_name(e->revoked_at_entry));
    auto t = ledger::verify_cosignature(p.note.text, sig, pin ? *pin : e->key);
    if (!t)
      return bad(p.where + ": the cosignature of " + sig.name + " does not verify (" +
                 t.error().message + ")");
    if (pin)
      add(out.parties, ledger::witness_party(*pin));
    else if (pinning)
      add(out.not_pinned, sig.name);
    else if (std::find(policy.witness_parties.begin(), policy.witness_parties.end(), e->party) !=
             policy.witness_parties.end())
      add(out.parties, e->party);
  }
  return out;
}

}  // namespace

std::unique_ptr<LogSource> database_source(store::Database& db) {
  return std::make_unique<DatabaseSource>(db);
}

Result<std::unique_ptr<LogSource>> directory_source(const std::string& dir) {
  auto cp = read_file(dir + "/checkpoint");
  if (!cp)
    return core::make_error(
        Errc::not_found, dir + ": no checkpoint file (not a log exported by corridor log export)");
  return std::unique_ptr<LogSource>(std::make_unique<DirectorySource>(dir, std::move(cp).value()));
}

Result<VerifyReport> verify_log(LogSource& source, const VerifyPolicy& policy,
                                const std::function<void(std::uint64_t)>& progress,
                                const EntryHook& hook) {
  auto listed = source.checkpoints();
  if (!listed) return std::move(listed).error();
  if (listed->empty()) return bad("the log has no checkpoint: nothing is signed by the log yet");
  std::vector<ParsedCheckpoint> cps;
  for (const auto& sc : *listed) {
    auto p = check_checkpoint(sc, policy);
    if (!p) return std::move(p).error();
    cps.push_back(std::move(p).value());
  }
  std::sort(cps.begin(), cps.end(),
            [](const auto& a, const auto& b) { return a.cp.size < b.cp.size; });
  const std::uint64_t checkpointed = cps.back().cp.size;
  // Entries past the latest checkpoint are checked too: deleting
  // checkpoints must not hide an edited tail.
  auto count = source.entry_count();
  if (!count) return std::move(count).error();
  const std::uint64_t size = std::max(checkpointed, count->value_or(checkpointed));

  VerifyReport rep;
  KeyState keys;
  Batches batches;
  ledger::Frontier tree;
  std::size_t next_cp = 0;
  std::uint64_t expected = 0;
  Result<void> node_error;
  auto check_node = [&](unsigned level, std::uint64_t idx, const ledger::Hash& h) {
    if (!node_error || level == 0) return;
    auto stored = source.stored_node(level, idx);
    if (!stored) {
      node_error = std::move(stored).error();
    } else if (*stored && **stored != h) {
      node_error = bad(source.node_place(level, idx) + ": does not match the hash of its entries");
    }
  };
  auto walked = source.for_each_entry(
      size,
      [&](std::uint64_t idx, std::string_view note, const ledger::Hash* stored) -> Result<void> {
        if (idx != expected) return bad(entry_name(expected) + ": missing from the log");
        const ledger::Hash leaf = ledger::leaf_hash(note);
        if (stored && *stored != leaf)
          return bad(entry_name(idx) +
                     ": its bytes do not match the leaf hash stored for it (edited or moved)");
        auto parsed = parse_log_entry(note);
        if (!parsed) return bad(entry_name(idx) + ": " + parsed.error().message);
        auto verified = check_statement(idx, *parsed, leaf, policy, keys, batches);
        if (!verified) return std::move(verified).error();
        if (hook)
          if (auto h = hook(idx, std::move(parsed).value(), *verified); !h) return h;
        tree.append(leaf, check_node);
        if (!node_error) return std::move(node_error).error();
        ++expected;
        while (next_cp < cps.size() && cps[next_cp].cp.size == tree.size()) {
          if (cps[next_cp].cp.root != tree.root())
            return bad(cps[next_cp].where + ": its root does not match entries 0.." +
                       std::to_string(tree.size() - 1) + "; an entry since " +
                       (next_cp ? cps[next_cp - 1].where : std::string("the start")) +
                       " was changed, removed or moved");
          ++next_cp;
        }
        if (progress && expected % 100000 == 0) progress(expected);
        return {};
      });
  if (!walked) return std::move(walked).error();
  if (expected < size)
    return bad(entry_name(expected) + ": missing (the " +
               (expected < checkpointed ? "latest checkpoint covers " : "log holds ") +
               std::to_string(expected < checkpointed ? checkpointed : size) + " entries)");
  if (auto f = batches.walk.finish(); !f) return std::move(f).error();
  // Checkpoints of size 0 (an empty log) have no entry to reach them.
  while (next_cp < cps.size() && cps[next_cp].cp.size == 0) {
    if (cps[next_cp].cp.root != ledger::empty_root())
      return bad(cps[next_cp].where + ": size 0 with a root that is not the empty tree's");
    ++next_cp;
  }

  // Cosignatures of every checkpoint: each must verify; the latest's count
  // toward the quorum.
  for (const ParsedCheckpoint& p : cps) {
    auto counted = count_cosignatures(p, policy, keys);
    if (!counted) return std::move(counted).error();
    if (&p == &cps.back()) {
      rep.cosigned_by = std::move(counted->parties);
      rep.not_pinned = std::move(counted->not_pinned);
    }
  }
  rep.witness_keys_pinned = !policy.witness_keys.empty();
  rep.entries = size;
  rep.checkpointed = checkpointed;
  rep.unsealed = size - checkpointed;
  rep.checkpoints = cps.size();
  rep.root = cps.back().cp.root;
  rep.officer_keys = keys.by_name.size();
  rep.rotations = std::move(keys.rotations);
  // With no quorum set, nothing is claimed to be witnessed.
  rep.witnessed = policy.quorum >= 1 && static_cast<int>(rep.cosigned_by.size()) >= policy.quorum;
  return rep;
}

}  // namespace corridor::app
