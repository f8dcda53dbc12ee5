// The log (public: every party verifies it on its own), the read log, and
// the administration of accounts and officers' verifier keys.

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>
#include <corridor/api/visibility.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/ledger/tiles.hpp>
#include <corridor/store/account_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <spdlog/spdlog.h>

namespace corridor::api {

using nlohmann::json;

namespace {

Response text_response(std::string body, std::string_view type) {
  Response r;
  r.headers.set("Content-Type", std::string(type));
  r.body = std::move(body);
  return r;
}

json account_json(const Account& a) {
  return {{"name", a.name},
          {"role", to_string(a.role)},
          {"party", a.party},
          {"created_at", core::format_timestamp(a.created_at)},
          {"disabled", a.disabled}};
}

}  // namespace

// --- the log ---------------------------------------------------------------

Response Api::Impl::log_checkpoint(Context&) {
  auto db = service.reader();
  if (!db) return error(db.error());
  auto text = app::checkpoint_text(**db);
  if (!text) return error(text.error());
  return text_response(std::move(text).value(), "text/plain; charset=utf-8");
}

// The log's C2SP verifier key, for an auditor to pin (docs/log_format.md):
// the same line `corridor log key` prints.
Response Api::Impl::log_key(Context&) {
  return json_response(200, {{"origin", service.config().log.origin},
                             {"key", ledger::format_vkey(service.log_key())}});
}

// C2SP tlog-tiles: full tiles never change, so they may be cached for long;
// partial ones only until the log grows past them.
Response Api::Impl::log_tile(Context& c) {
  auto tile = ledger::parse_tile_path("tile/" + c.param("path"));
  if (!tile) return problem(404, "no-tile", tile.error().message, "path");
  auto db = service.reader();
  if (!db) return error(db.error());
  auto latest = store::latest_checkpoint(**db);
  if (!latest) return error(latest.error());
  if (!*latest) return problem(404, "no-tile", "the log has no checkpoint yet");
  auto bytes = app::tile_bytes(**db, *tile, (*latest)->size);
  if (!bytes) return error(bytes.error());
  Response r = text_response(std::move(bytes).value(), "application/octet-stream");
  r.headers.set("Cache-Control", tile->width == ledger::k_tile_width
                                     ? "public, max-age=31536000, immutable"
                                     : "public, max-age=60");
  return r;
}

Response Api::Impl::log_proof(Context& c) {
  auto db = service.reader();
  if (!db) return error(db.error());
  // A statement carrying a reason the party may not see is withheld: its
  // leaf hash and its text with the reason withheld (visibility.hpp).
  const Viewer viewer{c.session->account.party, false};
  auto proof = app::case_proof(
      **db, service.config(), service.log_key(), c.param("ref"),
      [&](const ledger::Statement& s) { return withheld_statement(service.config(), s, viewer); });
  if (!proof) return error(proof.error());
  return text_response(std::move(proof).value(), "application/json");
}

// What a witness fetches to run tlog-witness add-checkpoint (`corridor
// witness --request FILE`): from the size it holds to the latest checkpoint.
Response Api::Impl::log_witness_request(Context& c) {
  std::uint64_t old_size = 0;
  if (auto v = c.query_value("old")) {
    if (v->empty() || v->size() > 19 || v->find_first_not_of("0123456789") != v->npos)
      return problem(422, "invalid", "old: not a log size", "old");
    old_size = std::stoull(*v);
  }
  auto db = service.reader();
  if (!db) return error(db.error());
  auto body = app::witness_request(**db, old_size);
  if (!body) return error(body.error());
  return text_response(std::move(body).value(), "text/plain; charset=utf-8");
}

// A witness's answer: stored only if it verifies against a registered,
// unrevoked witness key, so no session is needed (and storing it twice is
// harmless).
Response Api::Impl::log_cosign(Context& c) {
  auto body = decode_cosignature(c.request.body);
  if (!body) return error(body.error());
  auto parties = service.add_cosignature(body->size, body->cosignatures);
  if (!parties) return error(parties.error());
  return json_response(200, {{"size", body->size}, {"witnessed_by", *parties}});
}

// --- the read log -------------------------------------------------------------

Response Api::Impl::read_log(Context& c) {
  store::ReadFilter filter;
  if (auto ref = c.query_value("ref")) filter.ref = *ref;
  if (auto since = c.query_value("since")) {
    auto d = core::parse_date(*since);
    if (!d) return problem(422, "invalid", "since: not a date (YYYY-MM-DD)", "since");
    filter.since = core::Timestamp(d->days_since_epoch()) * 86400;
  }
  // `until` is the last day shown, whole: reads before the next midnight.
  if (auto until = c.query_value("until")) {
    auto d = core::parse_date(*until);
    if (!d) return problem(422, "invalid", "until: not a date (YYYY-MM-DD)", "until");
    filter.until = (core::Timestamp(d->days_since_epoch()) + 1) * 86400;
  }
  if (auto party = c.query_value("party"); party && !party->empty()) {
    if (!service.config().find_party(*party))
      return problem(422, "invalid", "party: no party '" + *party + "'", "party");
    filter.party = *party;
  }
  if (auto account = c.query_value("account"); account && !account->empty())
    filter.account = *account;
  if (auto reason = c.query_value("reason"); reason && !reason->empty()) filter.reason = *reason;
  auto glass = flag_of(c, "break_glass");
  if (!glass) return error(glass.error());
  filter.break_glass_only = *glass;
  auto page = page_of(c, 100, 1000);
  if (!page) return error(page.error());
  filter.limit = static_cast<std::int64_t>(page->limit);
  filter.offset = static_cast<std::int64_t>(page->offset);
  auto db = service.reader();
  if (!db) return error(db.error());
  auto reads = store::list_reads(**db, filter);
  if (!reads) return error(reads.error());
  json out = json::array();
  for (const store::ReadEntry& e : *reads)
    out.push_back({{"at", core::format_timestamp(e.at)},
                   {"account", e.account},
                   {"role", e.role},
                   {"party", e.party},
                   {"ref", e.ref},
                   {"what", e.what},
                   {"reason", e.reason},
                   {"break_glass", e.break_glass}});
  return json_response(200, {{"reads", out}, {"offset", filter.offset}, {"limit", filter.limit}});
}

// --- accounts and officers ------------------------------------------------------

Response Api::Impl::accounts(Context&) {
  auto list = auth.accounts();
  if (!list) return error(list.error());
  json out = json::array();
  for (const Account& a : *list) out.push_back(account_json(a));
  return json_response(200, {{"accounts", out}});
}

Response Api::Impl::add_account(Context& c) {
  auto body = decode_account(c.request.body);
  if (!body) return error(body.error());
  auto role = parse_role(body->role);
  if (!role) return problem(422, "invalid", "role: not officer, admin or monitor", "role");
  auto a = auth.add_account(body->name, *role, body->party, body->password);
  if (!a) return error(a.error());
  return json_response(201, account_json(*a));
}

Response Api::Impl::disable_account(Context& c) {
  if (c.param("name") == c.session->account.name)
    return problem(409, "own-account", "an admin cannot disable their own account");
  if (auto r = auth.disable_account(c.param("name")); !r) return error(r.error());
  spdlog::info("msg=account-disabled account={} by={}", c.param("name"), c.session->account.name);
  Response r;
  r.status = 204;
  return r;
}

// An admin sets an account's password (the rules of account creation); the
// account's sessions end, so whoever held the old password is signed out.
Response Api::Impl::set_password(Context& c) {
  auto password = decode_password(c.request.body);
  if (!password) return error(password.error());
  if (auto r = auth.set_password(c.param("name"), *password); !r) return error(r.error());
  // Who reset whose password: the one trace of an admin who could then sign
  // in as the officer (docs/accounts.md).
  spdlog::info("msg=password-reset account={} by={}", c.param("name"), c.session->account.name);
  Response r;
  r.status = 204;
  return r;
}

Response Api::Impl::officers(Context&) {
  auto list = service.officers();
  if (!list) return error(list.error());
  json out = json::array();
  for (const app::OfficerInfo& o : *list) {
    json j{{"party", o.party},
           {"name", o.name},
           {"vkey", o.vkey},
           {"witness", o.witness},
           {"added_at", core::format_timestamp(o.added_at)}};
    if (o.revoked_at) j["revoked_at"] = core::format_timestamp(*o.revoked_at);
    out.push_back(std::move(j));
  }
  return json_response(200, {{"officers", out}});
}

Response Api::Impl::add_officer(Context& c) {
  auto body = decode_officer(c.request.body);
  if (!body) return error(body.error());
  if (auto r = service.add_officer(body->party, body->name, body->vkey); !r)
    return error(r.error());
  // The officer's pending request for this key is granted. (add_officer
  // parsed the key, so it formats.)
  grant_key_requests(body->party, body->name, ledger::format_vkey(*ledger::parse_vkey(body->vkey)));
  return json_response(201, {{"party", body->party}, {"name", body->name}, {"vkey", body->vkey}});
}

void Api::Impl::grant_key_requests(std::string_view party, std::string_view name,
                                   const std::string& vkey) {
  auto granted = service.write([&](store::Database& w) -> core::Result<void> {
    auto n = store::delete_key_requests_for(w, vkey);
    if (!n) return std::move(n).error();
    return {};
  });
  if (!granted)
    spdlog::warn("msg=key request not deleted party={} officer={} error={}", party, name,
                 granted.error().message);
}

// The admin replaces an officer's key: the log key signs an officer-rotate
// (as it signs officer-add); nothing is signed in the admin's browser.
Response Api::Impl::rotate_officer(Context& c) {
  auto vkey = decode_key_request(c.request.body);
  if (!vkey) return error(vkey.error());
  const std::string party = c.param("party");
  const std::string name = c.param("name");
  if (auto r = service.rotate_officer(party, name, *vkey); !r) return error(r.error());
  // rotate_officer parsed the key, so it formats.
  const std::string key = ledger::format_vkey(*ledger::parse_vkey(*vkey));
  grant_key_requests(party, name, key);
  spdlog::info("msg=officer-rotated party={} officer={} by={}", party, name,
               c.session->account.name);
  return json_response(201, {{"party", party}, {"name", name}, {"vkey", key}});
}

Response Api::Impl::revoke_officer(Context& c) {
  if (auto r = service.revoke_officer(c.param("party"), c.param("name")); !r)
    return error(r.error());
  Response r;
  r.status = 204;
  return r;
}

}  // namespace corridor::api
