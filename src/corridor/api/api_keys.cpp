// Officers' key enrolment from the web UI (docs/accounts.md): the browser
// makes the officer's Ed25519 key and keeps the private half; the officer
// asks for the verifier key to be registered and an admin registers it
// (POST /api/v1/officers) or rejects the request. An officer whose name
// already has a key (lost with a browser's data, or revoked) asks the same
// way for a replacement, which only an admin grants, by a rotation (POST
// /api/v1/officers/{party}/{name}/rotation). With `serve --self-enrol` a
// name's first key is registered at once (trust on first use); a
// replacement never is.

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>
#include <corridor/app/env.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/account_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <spdlog/spdlog.h>

namespace corridor::api {

using nlohmann::json;

namespace {

json request_json(const store::KeyRequestRow& r, std::string_view status) {
  return {{"party", r.party},
          {"name", r.name},
          {"vkey", r.vkey},
          {"requested_at", core::format_timestamp(r.requested_at)},
          {"status", status}};
}

// A request for a name that has a key: "replaces" is that key (granted by
// a rotation), "replaces_revoked" whether it was revoked.
void mark_replacement(json& j, const store::OfficerRow& o) {
  j["replaces"] = o.vkey;
  j["replaces_revoked"] = o.revoked_at.has_value();
}

// The key an account may ask for: Ed25519, named exactly "party/name".
// bad_input naming `vkey` and the expected name otherwise.
core::Result<ledger::PublicKey> requested_key(const Account& a, std::string_view text) {
  const std::string expected = ledger::officer_key_name(a.party, a.name);
  auto bad = [&](const std::string& why) {
    return core::invalid("vkey", why + "; expected an Ed25519 verifier key named " + expected);
  };
  auto key = ledger::parse_vkey(text);
  if (!key) return bad(key.error().message);
  if (key->type != ledger::KeyType::ed25519) return bad("a witness (cosignature) key");
  if (key->name != expected) return bad("the key is named " + key->name);
  return key;
}

bool signing_key(const store::OfficerRow& o) {
  return o.type == static_cast<int>(ledger::KeyType::ed25519);
}

// A replacement can never bring back a key the name has had (the log
// refuses it: key-reused); a witness's name gets no signing key.
core::Result<void> check_replacement(store::Database& db, const store::OfficerRow& o,
                                     const std::string& vkey) {
  const std::string who = ledger::officer_key_name(o.party, o.name);
  if (!signing_key(o))
    return core::refuse("officer-exists", who + " is a witness key; it gets no signing key");
  auto history = store::officer_keys(db, o.party, o.name);
  if (!history) return std::move(history).error();
  for (const store::OfficerKeyRow& k : *history)
    if (k.vkey == vkey)
      return core::refuse("key-reused", "vkey: " + who +
                                            " has had this key before; make a new key in "
                                            "this browser");
  return {};
}

}  // namespace

Response Api::Impl::request_key(Context& c) {
  auto text = decode_key_request(c.request.body);
  if (!text) return error(text.error());
  const Account& a = c.session->account;
  auto key = requested_key(a, *text);
  if (!key) return error(key.error());
  const store::KeyRequestRow row{a.name, a.party, ledger::format_vkey(*key), env.now()};
  auto db = service.reader();
  if (!db) return error(db.error());
  auto officer = store::find_officer(**db, a.party, a.name);
  if (!officer) return error(officer.error());
  if (*officer) {
    const store::OfficerRow& o = **officer;
    if (!o.revoked_at && signing_key(o) && o.vkey == row.vkey)
      return json_response(200, request_json(row, "registered"));
    if (auto ok = check_replacement(**db, o, row.vkey); !ok) return error(ok.error());
  } else if (options.self_enrol) {
    return self_enrol(row);
  }
  auto put = service.write([&](store::Database& w) { return store::put_key_request(w, row); });
  if (!put) return error(put.error());
  json out = request_json(row, "pending");
  if (*officer) mark_replacement(out, **officer);
  return json_response(202, out);
}

// Trust on first use: the name never had a key, so this one is registered
// now. The log itself refuses a second one, so of two at once only one wins.
Response Api::Impl::self_enrol(const store::KeyRequestRow& row) {
  if (auto r = service.add_officer(row.party, row.name, row.vkey); !r) return error(r.error());
  spdlog::info("msg=self-enrolled party={} officer={}", row.party, row.name);
  // An older pending request of the account is moot now.
  auto gone = service.write([&](store::Database& w) -> core::Result<void> {
    auto deleted = store::delete_key_request(w, row.name);
    if (!deleted) return std::move(deleted).error();
    return {};
  });
  if (!gone)
    spdlog::warn("msg=key request not deleted officer={} error={}", row.name, gone.error().message);
  return json_response(201, request_json(row, "registered"));
}

Response Api::Impl::key_requests(Context&) {
  auto db = service.reader();
  if (!db) return error(db.error());
  auto rows = store::list_key_requests(**db);
  if (!rows) return error(rows.error());
  json out = json::array();
  for (const store::KeyRequestRow& r : *rows) {
    json j = request_json(r, "pending");
    auto officer = store::find_officer(**db, r.party, r.name);
    if (!officer) return error(officer.error());
    if (*officer) mark_replacement(j, **officer);
    out.push_back(std::move(j));
  }
  return json_response(200, {{"requests", out}});
}

Response Api::Impl::reject_key_request(Context& c) {
  bool found = false;
  auto r = service.write([&](store::Database& w) -> core::Result<void> {
    auto deleted = store::delete_key_request(w, c.param("name"));
    if (!deleted) return std::move(deleted).error();
    found = *deleted;
    return {};
  });
  if (!r) return error(r.error());
  if (!found) return problem(404, "not-found", "no key request from account " + c.param("name"));
  Response out;
  out.status = 204;
  return out;
}

core::Result<json> Api::Impl::key_status(const Account& a) {
  json key{{"name", ledger::officer_key_name(a.party, a.name)}, {"status", "none"}};
  auto db = service.reader();
  if (!db) return std::move(db).error();
  auto officer = store::find_officer(**db, a.party, a.name);
  if (!officer) return std::move(officer).error();
  auto request = store::find_key_request(**db, a.name);
  if (!request) return std::move(request).error();
  // A replacement waiting for an admin's rotation comes first: the key this
  // browser would sign with is the requested one.
  if (*request && !(*officer && (*officer)->vkey == (*request)->vkey)) {
    key["status"] = "pending";
    key["vkey"] = (*request)->vkey;
    if (*officer && signing_key(**officer)) key["replaces"] = (*officer)->vkey;
    return key;
  }
  if (*officer && signing_key(**officer)) {
    if (!(*officer)->revoked_at) {
      key["status"] = "registered";
      key["vkey"] = (*officer)->vkey;
      return key;
    }
    key["revoked_at"] = core::format_timestamp(*(*officer)->revoked_at);
  }
  return key;
}

}  // namespace corridor::api
