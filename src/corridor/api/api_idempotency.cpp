// The gate's last step for a state-changing POST: the Idempotency-Key
// (docs/api.md), its claim while the request runs and its stored answer.

#include <corridor/api/api_impl.hpp>
#include <corridor/store/database.hpp>

#include <sodium.h>
#include <spdlog/spdlog.h>

namespace corridor::api {

// A state-changing POST runs once per Idempotency-Key: a retry after a lost
// answer gets the stored answer, a different request under a used key is
// refused, and two at once under one key do not both run.
Response Api::Impl::with_idempotency(Context& c) {
  const Request& req = c.request;
  const std::size_t index = static_cast<std::size_t>(c.route - table.routes().data());
  auto key_header = req.headers.get("Idempotency-Key");
  if (!key_header || key_header->empty() || key_header->size() > 128)
    return problem(400, "idempotency-key-required",
                   "this request changes state: send an Idempotency-Key header (1-128 chars) "
                   "and the same one on a retry",
                   "Idempotency-Key");
  const std::string key(*key_header);
  const std::int64_t account = c.session ? c.session->account.id : 0;
  core::Hash256 request_hash{};
  {
    const std::string material = req.method + " " + req.target + "\n" + req.body;
    crypto_hash_sha256(request_hash.data(), reinterpret_cast<const unsigned char*>(material.data()),
                       material.size());
  }
  // Claimed before the look-up: a twin that arrives while this one runs is
  // told so, and one that arrives after it finds the stored answer.
  {
    std::lock_guard lock(idempotency_mutex);
    if (!in_flight.insert({account, key}).second)
      return problem(409, "idempotency-key-in-use",
                     "a request with this Idempotency-Key is still running; retry shortly",
                     "Idempotency-Key");
  }
  // Released however this returns, a throwing handler included.
  struct Claim {
    Impl& impl;
    std::pair<std::int64_t, std::string> id;
    ~Claim() {
      std::lock_guard lock(impl.idempotency_mutex);
      impl.in_flight.erase(id);
    }
  } claim{*this, {account, key}};
  auto db = service.reader();
  if (!db) return error(db.error());
  auto stored = store::find_idempotent(**db, account, key);
  if (!stored) return error(stored.error());
  if (*stored) {
    if ((*stored)->request_hash != request_hash)
      return problem(422, "idempotency-key-reused",
                     "this Idempotency-Key was used for a different request", "Idempotency-Key");
    Response r;
    r.status = (*stored)->status;
    r.headers.set("Content-Type", (*stored)->content_type);
    r.headers.set("Idempotent-Replayed", "true");
    r.body = (*stored)->body;
    return r;
  }
  Response r = (this->*handlers[index])(c);
  // Answers that say the request was not understood are not stored: the
  // client fixes and resends. Everything else is the request's outcome.
  if (r.status != 400 && r.status != 401 && r.status < 500) {
    store::IdempotentReply reply{account,
                                 key,
                                 req.method,
                                 c.route->pattern,
                                 request_hash,
                                 r.status,
                                 std::string(r.headers.get("Content-Type").value_or("")),
                                 r.body,
                                 env.now()};
    auto saved =
        service.write([&](store::Database& db) { return store::insert_idempotent(db, reply); });
    if (!saved)
      spdlog::warn("route={} idempotent reply not stored: {}", c.route->pattern,
                   saved.error().message);
  }
  return r;
}

}  // namespace corridor::api
