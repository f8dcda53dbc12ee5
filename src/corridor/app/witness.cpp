// The witness side of C2SP tlog-witness, run locally by each party, and
// the deployment's storing of the cosignatures it returns.

#include <corridor/app/log.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/ledger/base64.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <charconv>
#include <cstdio>
#include <filesystem>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

core::Error failure(Errc code, const std::string& what) { return core::make_error(code, what); }

std::optional<std::uint64_t> parse_size(std::string_view v) {
  if (v.empty() || (v.size() > 1 && v[0] == '0')) return std::nullopt;
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
  return n;
}

// Writes `text` to `path` via a temporary file, fsync and rename, so the
// state is either the old one or the new one after a crash.
Result<void> write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return failure(Errc::internal, tmp + ": cannot write the witness state");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  ok = ok && std::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) {
    ::unlink(tmp.c_str());
    return failure(Errc::internal, path + ": cannot save the witness state");
  }
  // The rename itself is made durable by syncing the directory.
  const std::string dir = std::filesystem::absolute(path).parent_path().string();
  if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace

Result<std::string> witness_request(store::Database& db, std::uint64_t old_size) {
  auto latest = store::latest_checkpoint(db);
  if (!latest) return std::move(latest).error();
  if (!*latest) return core::make_error(Errc::not_found, "the log has no checkpoint yet");
  const std::uint64_t size = (*latest)->size;
  if (old_size > size)
    return core::make_error(Errc::conflict, "the witness holds size " + std::to_string(old_size) +
                                                ", larger than the log's " + std::to_string(size) +
                                                ": it has seen another log, or this one was cut");
  std::string body = "old " + std::to_string(old_size) + "\n";
  if (old_size > 0 && old_size < size) {
    try {
      for (const auto& h : ledger::consistency_proof(store_nodes(db), old_size, size))
        body += ledger::base64_encode({reinterpret_cast<const char*>(h.data()), h.size()}) + "\n";
    } catch (const std::exception& e) {
      return core::make_error(Errc::internal, std::string("log: ") + e.what());
    }
  }
  return body + "\n" + (*latest)->note;
}

Result<WitnessState> read_witness_state(const std::string& path) {
  WitnessState st;
  if (!std::filesystem::exists(path)) return st;
  auto text = read_file(path);
  if (!text) return std::move(text).error();
  // "log <vkey>\n" then the last cosigned checkpoint's note text, if any.
  std::string_view t = *text;
  auto nl = t.find('\n');
  if (t.substr(0, 4) != "log " || nl == std::string_view::npos)
    return core::make_error(Errc::bad_input, path + ": not a witness state file");
  auto key = ledger::parse_vkey(t.substr(4, nl - 4));
  if (!key) return core::make_error(Errc::bad_input, path + ": " + key.error().message);
  st.log_key = *key;
  st.checkpoint = std::string(t.substr(nl + 1));
  return st;
}

Result<WitnessResult> witness_add_checkpoint(const std::string& state_path,
                                             const ledger::PrivateKey& witness_key,
                                             const std::optional<ledger::PublicKey>& log_key_arg,
                                             std::string_view request, core::Timestamp now) {
  if (witness_key.public_key().type != ledger::KeyType::cosignature)
    return core::make_error(Errc::usage, "key " + witness_key.public_key().name +
                                             " is not a witness key (corridor keygen --witness)");
  auto state = read_witness_state(state_path);
  if (!state) return std::move(state).error();
  if (state->log_key && log_key_arg && !(*state->log_key == *log_key_arg))
    return failure(Errc::refused, state_path + ": this witness follows the log key " +
                                      ledger::format_vkey(*state->log_key) + ", not " +
                                      ledger::format_vkey(*log_key_arg));
  const std::optional<ledger::PublicKey> log_key = state->log_key ? state->log_key : log_key_arg;
  if (!log_key)
    return core::make_error(Errc::usage,
                            "the witness has no state yet: give the log's verifier key");

  // The request: "old N", proof lines, an empty line, the checkpoint.
  std::vector<ledger::Hash> proof;
  std::size_t pos = 0;
  auto line = [&]() -> std::optional<std::string_view> {
    auto nl = request.find('\n', pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view l = request.substr(pos, nl - pos);
    pos = nl + 1;
    return l;
  };
  auto first = line();
  if (!first || first->substr(0, 4) != "old ")
    return core::make_error(Errc::bad_input, "request: the first line must be \"old SIZE\"");
  auto old_size = parse_size(first->substr(4));
  if (!old_size) return core::make_error(Errc::bad_input, "request: bad old size");
  for (;;) {
    auto l = line();
    if (!l)
      return core::make_error(Errc::bad_input, "request: no empty line before the checkpoint");
    if (l->empty()) break;
    if (proof.size() >= 63)
      return core::make_error(Errc::bad_input, "request: more than 63 proof lines");
    auto bytes = ledger::base64_decode(*l);
    if (!bytes || bytes->size() != 32)
      return core::make_error(Errc::bad_input, "request: a proof line is not a base64 hash");
    ledger::Hash h;
    std::copy(bytes->begin(), bytes->end(), h.begin());
    proof.push_back(h);
  }
  auto note = ledger::parse_note(request.substr(pos));
  if (!note) return core::make_error(Errc::bad_input, "request: " + note.error().message);
  const ledger::PublicKey keys[] = {*log_key};
  if (auto v = ledger::verify_note(*note, keys); !v)
    return failure(Errc::refused,
                   "403: the checkpoint is not signed by the log key (" + v.error().message + ")");
  auto cp = ledger::parse_checkpoint(note->text);
  if (!cp) return core::make_error(Errc::bad_input, "request: " + cp.error().message);
  if (cp->origin != log_key->name)
    return failure(Errc::refused, "404: unknown log origin " + cp->origin);

  std::uint64_t held_size = 0;
  std::optional<ledger::Checkpoint> held;
  if (!state->checkpoint.empty()) {
    auto h = ledger::parse_checkpoint(state->checkpoint);
    if (!h) return core::make_error(Errc::bad_input, state_path + ": " + h.error().message);
    held = *h;
    held_size = h->size;
  }
  if (*old_size > cp->size)
    return core::make_error(Errc::bad_input, "400: old size is larger than the checkpoint's");
  if (*old_size != held_size)
    return failure(Errc::conflict, "409: this witness holds size " + std::to_string(held_size) +
                                       ", not " + std::to_string(*old_size));
  if (cp->size == 0 && cp->root != ledger::empty_root())
    return failure(Errc::conflict, "422: an empty tree with a root that is not empty");
  if (held && held->size == cp->size && held->root != cp->root)
    return failure(Errc::conflict, "422: fork: the log presents a different root for size " +
                                       std::to_string(cp->size) +
                                       " than the one this witness cosigned");
  if (held_size == 0 && !proof.empty())
    return core::make_error(Errc::bad_input, "422: a proof from size 0 must be empty");
  // From an empty tree (size 0) every tree is consistent: no proof to check.
  if (held && held_size > 0 && held_size < cp->size) {
    if (auto ok = ledger::verify_consistency(held_size, cp->size, held->root, cp->root, proof); !ok)
      return failure(Errc::conflict, "422: fork: checkpoint " + std::to_string(cp->size) +
                                         " is not consistent with checkpoint " +
                                         std::to_string(held_size) +
                                         " that this witness cosigned (" + ok.error().message +
                                         "); the log was rewritten");
  }
  // Saved before answering, so a witness can never cosign two forks.
  if (auto w =
          write_atomically(state_path, "log " + ledger::format_vkey(*log_key) + "\n" + note->text);
      !w)
    return std::move(w).error();
  const auto sig = ledger::cosign(note->text, static_cast<std::uint64_t>(now), witness_key);
  return WitnessResult{ledger::format_signature_line(sig), cp->size};
}

Result<std::string> store_cosignature(store::Database& db, std::uint64_t size,
                                      std::string_view lines) {
  auto cp = store::checkpoint_of_size(db, size);
  if (!cp) return std::move(cp).error();
  if (!*cp)
    return core::make_error(Errc::not_found, "no checkpoint of size " + std::to_string(size));
  auto note = ledger::parse_note((*cp)->note + std::string(lines));
  if (!note) return core::make_error(Errc::bad_input, "cosignature: " + note.error().message);
  auto officers = store::all_officers(db);
  if (!officers) return std::move(officers).error();
  std::string stored;
  for (const auto& sig : note->signatures) {
    const store::OfficerRow* o = nullptr;
    for (const auto& row : *officers)
      if (row.key_name == sig.name && row.key_id == sig.key_id &&
          row.type == static_cast<int>(ledger::KeyType::cosignature))
        o = &row;
    if (!o) continue;  // the log's own signature, or an unknown cosigner
    if (o->revoked_at)
      return core::make_error(Errc::refused, "revoked-key: witness " + o->key_name + " is revoked");
    auto key = ledger::parse_vkey(o->vkey);
    if (!key) return std::move(key).error();
    if (auto t = ledger::verify_cosignature(note->text, sig, *key); !t)
      return core::make_error(Errc::refused, "bad-signature: the cosignature of " + sig.name +
                                                 " does not verify: " + t.error().message);
    if (auto r = store::upsert_cosignature(
            db, {size, sig.name, o->party, ledger::format_signature_line(sig)});
        !r)
      return std::move(r).error();
    stored += o->party + " ";
  }
  if (stored.empty())
    return core::make_error(Errc::refused,
                            "unknown-key: no cosignature by a registered witness key");
  stored.pop_back();
  return stored;
}

}  // namespace corridor::app
