// The witness side of C2SP tlog-witness, run locally by each party, and
// the deployment's storing of the cosignatures it returns.

#include <corridor/app/log.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/ledger/base64.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/witness_request.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

core::Error failure(Errc code, const std::string& what) { return core::make_error(code, what); }

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

Result<WitnessRequestBody> witness_request_of(store::Database& db, std::uint64_t old_size) {
  auto latest = store::latest_checkpoint(db);
  if (!latest) return std::move(latest).error();
  if (!*latest) return core::make_error(Errc::not_found, "the log has no checkpoint yet");
  const std::uint64_t size = (*latest)->size;
  if (old_size > size)
    return core::make_error(Errc::conflict, "the witness holds size " + std::to_string(old_size) +
                                                ", larger than the log's " + std::to_string(size) +
                                                ": it has seen another log, or this one was cut");
  std::vector<ledger::Hash> proof;
  if (old_size > 0 && old_size < size) {
    try {
      proof = ledger::consistency_proof(store_nodes(db), old_size, size);
    } catch (const std::exception& e) {
      return core::make_error(Errc::internal, std::string("log: ") + e.what());
    }
  }
  return WitnessRequestBody{ledger::format_witness_request(old_size, proof, (*latest)->note), size};
}

Result<std::string> witness_request(store::Database& db, std::uint64_t old_size) {
  auto r = witness_request_of(db, old_size);
  if (!r) return std::move(r).error();
  return std::move(r->body);
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

namespace {

WitnessAnswer answer(int status, std::string message) {
  WitnessAnswer a;
  a.status = status;
  a.message = std::move(message);
  return a;
}

// Holds an exclusive flock on STATE.lock while alive, so that two
// processes given the same state file check and update it one at a time.
class StateLock {
public:
  explicit StateLock(const std::string& state_path)
      : m_fd(::open((state_path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (m_fd >= 0 && ::flock(m_fd, LOCK_EX) != 0) {
      ::close(m_fd);
      m_fd = -1;
    }
  }
  ~StateLock() {
    if (m_fd >= 0) ::close(m_fd);  // releases the lock
  }
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  bool ok() const { return m_fd >= 0; }

private:
  int m_fd;
};

// The consistency checks of add-checkpoint, from the old size on (the
// request is known to be signed by the log and for its origin).
std::optional<WitnessAnswer> check_consistency(const ledger::WitnessRequest& req,
                                               const ledger::Checkpoint& cp,
                                               const std::optional<ledger::Checkpoint>& held) {
  const std::uint64_t held_size = held ? held->size : 0;
  if (req.old_size > cp.size)
    return answer(400, "the old size " + std::to_string(req.old_size) +
                           " is larger than the checkpoint's size " + std::to_string(cp.size));
  if (req.old_size != held_size) {
    WitnessAnswer a = answer(409, "this witness holds size " + std::to_string(held_size) +
                                      ", not " + std::to_string(req.old_size));
    a.body = std::to_string(held_size) + "\n";
    a.size = held_size;
    return a;
  }
  if (cp.size == 0 && cp.root != ledger::empty_root())
    return answer(422, "a checkpoint of size 0 whose root is not the empty tree's");
  if (held_size == 0 && !req.proof.empty())
    return answer(422, "a consistency proof from size 0 must be empty");
  if (held && held_size == cp.size && held->root != cp.root)
    return answer(422, "fork: the log presents a different root for size " +
                           std::to_string(cp.size) + " than the one this witness cosigned");
  // From an empty tree (size 0) every tree is consistent: no proof to check.
  if (held && held_size > 0 && held_size < cp.size)
    if (auto ok = ledger::verify_consistency(held_size, cp.size, held->root, cp.root, req.proof);
        !ok)
      return answer(422, "fork: checkpoint " + std::to_string(cp.size) +
                             " is not consistent with checkpoint " + std::to_string(held_size) +
                             " that this witness cosigned (" + ok.error().message +
                             "); the log was rewritten");
  return std::nullopt;
}

}  // namespace

WitnessAnswer witness_answer(const std::string& state_path, const ledger::PrivateKey& witness_key,
                             const ledger::PublicKey& log_key, std::string_view request,
                             core::Timestamp now) {
  if (witness_key.public_key().type != ledger::KeyType::cosignature)
    return answer(500, "key " + witness_key.public_key().name +
                           " is not a witness key (corridor keygen --witness)");
  // The framing, the note and its checkpoint text: 400 if malformed.
  auto req = ledger::parse_witness_request(request);
  if (!req) return answer(400, req.error().message);
  auto note = ledger::parse_note(req->checkpoint);
  if (!note) return answer(400, "add-checkpoint request: checkpoint: " + note.error().message);
  auto cp = ledger::parse_checkpoint(note->text);
  if (!cp) return answer(400, "add-checkpoint request: checkpoint: " + cp.error().message);
  // The order the spec gives: origin (404), signature (403), then sizes.
  if (cp->origin != log_key.name) return answer(404, "unknown log origin " + cp->origin);
  const ledger::PublicKey keys[] = {log_key};
  if (auto v = ledger::verify_note(*note, keys); !v)
    return answer(403, "the checkpoint is not signed by the log key " +
                           ledger::format_vkey(log_key) + " (" + v.error().message + ")");

  // Check-then-update is atomic: one request at a time per state file.
  StateLock lock(state_path);
  if (!lock.ok()) return answer(500, state_path + ".lock: cannot lock the witness state");
  auto state = read_witness_state(state_path);
  if (!state) return answer(500, state.error().message);
  if (state->log_key && !(*state->log_key == log_key))
    return answer(500, state_path + ": this witness follows the log key " +
                           ledger::format_vkey(*state->log_key) + ", not " +
                           ledger::format_vkey(log_key));
  std::optional<ledger::Checkpoint> held;
  if (!state->checkpoint.empty()) {
    auto h = ledger::parse_checkpoint(state->checkpoint);
    if (!h) return answer(500, state_path + ": " + h.error().message);
    held = *h;
  }
  if (auto refused = check_consistency(*req, *cp, held)) return *refused;
  // Saved before answering, so a witness can never cosign two forks.
  if (auto w =
          write_atomically(state_path, "log " + ledger::format_vkey(log_key) + "\n" + note->text);
      !w)
    return answer(500, w.error().message);
  // A cosignature's timestamp is never 0 (tlog-witness).
  const auto time = std::max<core::Timestamp>(now, 1);
  const auto sig = ledger::cosign(note->text, static_cast<std::uint64_t>(time), witness_key);
  WitnessAnswer a = answer(200, "cosigned checkpoint " + std::to_string(cp->size));
  a.body = ledger::format_signature_line(sig);
  a.size = cp->size;
  return a;
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
  WitnessAnswer a = witness_answer(state_path, witness_key, *log_key, request, now);
  const std::string message = std::to_string(a.status) + ": " + a.message;
  switch (a.status) {
    case 200:
      return WitnessResult{a.body, a.size};
    case 400:
      return core::make_error(Errc::bad_input, message);
    case 403:
    case 404:
      return failure(Errc::refused, message);
    case 409:
    case 422:
      return failure(Errc::conflict, message);
    default:
      return failure(Errc::internal, message);
  }
}

Result<std::string> store_cosignature(store::Database& db, std::uint64_t size,
                                      std::string_view lines) {
  auto cp = store::checkpoint_of_size(db, size);
  if (!cp) return std::move(cp).error();
  if (!*cp)
    return core::make_error(Errc::not_found, "no checkpoint of size " + std::to_string(size));
  auto note = ledger::parse_note((*cp)->note + std::string(lines));
  if (!note) return core::invalid("cosignature", note.error().message);
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
    if (o->revoked_at) return core::refuse("revoked-key", "witness " + o->key_name + " is revoked");
    auto key = ledger::parse_vkey(o->vkey);
    if (!key) return std::move(key).error();
    if (auto t = ledger::verify_cosignature(note->text, sig, *key); !t)
      return core::refuse("bad-signature", "the cosignature of " + sig.name +
                                               " does not verify: " + t.error().message);
    if (auto r = store::upsert_cosignature(
            db, {size, sig.name, o->party, ledger::format_signature_line(sig)});
        !r)
      return std::move(r).error();
    stored += o->party + " ";
  }
  if (stored.empty())
    return core::refuse("unknown-key", "no cosignature by a registered witness key");
  stored.pop_back();
  return stored;
}

}  // namespace corridor::app
