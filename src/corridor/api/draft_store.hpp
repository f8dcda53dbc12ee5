#pragma once
// The changes drafted for officers over HTTP and waiting for their
// signatures: `POST /api/v1/decisions` (and the other changes) answers 201
// with a draft, `POST /api/v1/drafts/{id}` commits it with the signed
// notes (docs/api.md). A draft belongs to the account it was drafted for:
// no other account sees, commits or discards it. It lives `ttl` seconds,
// is committed at most once, and the store holds at most so many drafts per
// account and in all. Thread-safe: every member may be called at once from
// the server's workers.

#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace corridor::api {

// What a draft shows its officer: the statement bodies to sign, and until
// when they may be committed.
struct DraftInfo {
  std::string id;
  std::int64_t account_id = 0;
  core::Timestamp expires_at = 0;  // set by DraftStore::add
  std::string kind;                // "decision", "import", ...
  std::vector<std::string> bodies;
};

// A draft and the commit that applies its signed notes (one per body, in
// order) and answers with the change's JSON.
struct Draft {
  DraftInfo info;
  std::function<core::Result<nlohmann::json>(std::span<const std::string>)> commit;
};

// Why take() hands over no draft.
enum class DraftMiss {
  absent,   // no such draft of that account's (gone, committed, or another's)
  expired,  // the draft had expired; it is dropped all the same
};

class DraftStore {
public:
  struct Limits {
    std::int64_t ttl = 240;  // seconds a draft waits for its signatures
    std::size_t per_account = 16;
    std::size_t total = 1024;
  };

  explicit DraftStore(Limits limits) : m_limits(limits) {}

  // Keeps `d` (its info.id unique, e.g. random) until `now` + ttl, first
  // dropping every draft expired at `now`. Returns the expiry it set, or
  // nullopt, keeping nothing, if its account already has `per_account`
  // drafts waiting or the store holds `total`.
  std::optional<core::Timestamp> add(Draft d, core::Timestamp now);

  // A copy of the info of account_id's draft `id`, or nullopt if there is
  // none of that account's. A draft past its expiry that no add() has
  // dropped yet is still shown, with its expiry.
  std::optional<DraftInfo> find(const std::string& id, std::int64_t account_id) const;

  // Removes account_id's draft `id` and hands it over for its one commit,
  // whatever that commit's outcome; a second take() of it is absent.
  // DraftMiss::absent if account_id has no such draft (another account's
  // draft is left alone); DraftMiss::expired if it had expired at `now`.
  std::variant<Draft, DraftMiss> take(const std::string& id, std::int64_t account_id,
                                      core::Timestamp now);

  // Drops account_id's draft `id`; false if it has no such draft.
  bool discard(const std::string& id, std::int64_t account_id);

  // Drafts held (expired ones not yet dropped included).
  std::size_t size() const;

  std::int64_t ttl() const { return m_limits.ttl; }

private:
  // account_id's draft `id` in m_drafts, or end(); m_mutex held.
  std::map<std::string, Draft>::iterator mine(const std::string& id, std::int64_t account_id);

  Limits m_limits;
  mutable std::mutex m_mutex;
  std::map<std::string, Draft> m_drafts;  // by id
};

}  // namespace corridor::api
