#include <corridor/api/decode.hpp>

#include <corridor/api/decode_impl.hpp>

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace corridor::api {

using core::Errc;
using core::Result;
using nlohmann::json;

using namespace decode_detail;

namespace {

Result<app::DecideRequest> decision_of(const json& j, std::string ref) {
  app::DecideRequest r;
  r.ref = std::move(ref);
  auto stage = text(j, "stage", true, 64);
  if (!stage) return std::move(stage).error();
  r.stage = *stage;
  auto outcome = text(j, "outcome", true, 16);
  if (!outcome) return std::move(outcome).error();
  auto o = core::parse_outcome(*outcome);
  if (!o) return bad("outcome", "'" + *outcome + "' is not approve, deny, return or revoke");
  r.outcome = *o;
  auto reason = text(j, "reason", false, 64);
  if (!reason) return std::move(reason).error();
  r.reason = *reason;
  auto note = text(j, "note", false);
  if (!note) return std::move(note).error();
  r.note = *note;
  auto snap = text(j, "snapshot", false, 64);
  if (!snap) return std::move(snap).error();
  if (!snap->empty()) {
    auto h = core::hash_from_hex(*snap);
    if (!h) return bad("snapshot", "not 64 hex digits");
    r.snapshot = *h;
  }
  return r;
}

}  // namespace

Result<LoginBody> decode_login(std::string_view body) {
  auto j = object(body, {"name", "password", "bearer"});
  if (!j) return std::move(j).error();
  auto name = text(*j, "name", true, 64);
  if (!name) return std::move(name).error();
  auto password = text(*j, "password", true, 1024);
  if (!password) return std::move(password).error();
  bool bearer = false;
  if (const auto it = j->find("bearer"); it != j->end()) {
    if (!it->is_boolean()) return bad("bearer", "not true or false");
    bearer = it->get<bool>();
  }
  return LoginBody{*name, *password, bearer};
}

Result<app::DecideRequest> decode_decision(std::string_view body, const std::string& ref) {
  auto j = object(body, {"stage", "outcome", "reason", "note", "snapshot"});
  if (!j) return std::move(j).error();
  return decision_of(*j, ref);
}

Result<std::vector<app::DecideRequest>> decode_decisions(std::string_view body) {
  auto j = object(body, {"decisions"});
  if (!j) return std::move(j).error();
  const auto it = j->find("decisions");
  if (it == j->end() || !it->is_array() || it->empty())
    return bad("decisions", "missing or not a non-empty array");
  if (it->size() > 1000) return bad("decisions", "more than 1000 in one request");
  std::vector<app::DecideRequest> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& d = (*it)[i];
    const std::string where = "decisions[" + std::to_string(i) + "]";
    if (!d.is_object()) return bad(where, "not an object");
    for (const auto& [key, value] : d.items())
      if (key != "ref" && key != "stage" && key != "outcome" && key != "reason" && key != "note" &&
          key != "snapshot")
        return bad(where + "." + key, "unknown member");
    auto ref = text(d, "ref", true, 64);
    if (!ref) return within(where, std::move(ref).error());
    auto r = decision_of(d, *ref);
    if (!r) return within(where, std::move(r).error());
    out.push_back(std::move(r).value());
  }
  return out;
}

Result<app::AmendRequest> decode_amendment(std::string_view body, const std::string& ref) {
  auto j = object(body, {"changes"});
  if (!j) return std::move(j).error();
  const auto it = j->find("changes");
  if (it == j->end() || !it->is_object() || it->empty())
    return bad("changes", "missing or not a non-empty object of field: value");
  app::AmendRequest r;
  r.ref = ref;
  for (const auto& [field, value] : it->items()) {
    if (!value.is_string()) return bad("changes." + field, "not a string");
    r.changes.emplace_back(field, value.get<std::string>());
  }
  return r;
}

Result<app::CloseRequest> decode_closure(std::string_view body, const std::string& ref) {
  auto j = object(body, {"kind", "note"});
  if (!j) return std::move(j).error();
  auto kind = text(*j, "kind", true, 16);
  if (!kind) return std::move(kind).error();
  auto k = core::parse_closure_kind(*kind);
  // A duplicate is closed by a same-person decision only.
  if (!k || *k == core::ClosureKind::duplicate)
    return bad("kind", "'" + *kind + "' is not withdrawn or deceased");
  auto note = text(*j, "note", false);
  if (!note) return std::move(note).error();
  return app::CloseRequest{ref, *k, *note};
}

Result<app::SamePersonRequest> decode_same_person(std::string_view body) {
  auto j = object(body, {"keep", "duplicate"});
  if (!j) return std::move(j).error();
  auto keep = text(*j, "keep", true, 64);
  if (!keep) return std::move(keep).error();
  auto dup = text(*j, "duplicate", true, 64);
  if (!dup) return std::move(dup).error();
  return app::SamePersonRequest{*keep, *dup};
}

Result<app::DifferentPersonsRequest> decode_different_persons(std::string_view body) {
  auto j = object(body, {"a", "b"});
  if (!j) return std::move(j).error();
  auto a = text(*j, "a", true, 64);
  if (!a) return std::move(a).error();
  auto b = text(*j, "b", true, 64);
  if (!b) return std::move(b).error();
  return app::DifferentPersonsRequest{*a, *b};
}

Result<app::CrossingChange> decode_crossing(std::string_view body) {
  auto j = object(body, {"action", "date", "until", "reason", "capacity"});
  if (!j) return std::move(j).error();
  app::CrossingChange c;
  auto action = text(*j, "action", true, 16);
  if (!action) return std::move(action).error();
  if (*action != "open" && *action != "suspend" && *action != "close")
    return bad("action", "'" + *action + "' is not open, suspend or close");
  c.action = *action;
  auto from = date(*j, "date");
  if (!from) return std::move(from).error();
  c.from = *from;
  if (j->contains("until") && !(*j)["until"].is_null()) {
    auto until = date(*j, "until");
    if (!until) return std::move(until).error();
    c.until = *until;
  }
  auto reason = text(*j, "reason", true, 200);
  if (!reason) return std::move(reason).error();
  c.reason = *reason;
  auto cap = text(*j, "capacity", false, 1024);
  if (!cap) return std::move(cap).error();
  if (!cap->empty()) {
    auto parsed = core::parse_capacity(*cap);
    if (!parsed) return bad("capacity", parsed.error().message);
    c.capacity = *parsed;
  }
  return c;
}

Result<app::CheckinRequest> decode_checkin(std::string_view body, const core::Date& day) {
  auto j = object(body, {"id", "name", "date_of_birth", "mrz", "outcome", "reason"});
  if (!j) return std::move(j).error();
  app::CheckinRequest r(day);
  auto id = text(*j, "id", false, 32);
  if (!id) return std::move(id).error();
  auto mrz = text(*j, "mrz", false, 512);
  if (!mrz) return std::move(mrz).error();
  if (id->empty() == mrz->empty()) return bad("id", "give exactly one of id and mrz");
  if (!id->empty()) r.national_id = *id;
  if (!mrz->empty()) r.mrz = *mrz;
  auto name = text(*j, "name", false, 256);
  if (!name) return std::move(name).error();
  if (!name->empty()) r.name = *name;
  if (j->contains("date_of_birth") && !(*j)["date_of_birth"].is_null()) {
    auto dob = date(*j, "date_of_birth");
    if (!dob) return std::move(dob).error();
    r.date_of_birth = *dob;
  }
  auto outcome = text(*j, "outcome", false, 16);
  if (!outcome) return std::move(outcome).error();
  if (!outcome->empty()) {
    if (*outcome != "crossed" && *outcome != "turned-back")
      return bad("outcome", "'" + *outcome + "' is not crossed or turned-back");
    r.outcome = *outcome;
  }
  auto reason = text(*j, "reason", false, 64);
  if (!reason) return std::move(reason).error();
  r.reason = *reason;
  if (r.outcome == "turned-back" && r.reason.empty())
    return bad("reason", "a turn-back needs a reason code");
  return r;
}

Result<RefBody> decode_ref(std::string_view body, bool with_step) {
  auto j = with_step ? object(body, {"ref", "step", "note"}) : object(body, {"ref"});
  if (!j) return std::move(j).error();
  RefBody r;
  auto ref = text(*j, "ref", true, 64);
  if (!ref) return std::move(ref).error();
  r.ref = *ref;
  if (!with_step) return r;
  auto step = text(*j, "step", true, 16);
  if (!step) return std::move(step).error();
  if (*step != "ordered" && *step != "recorded")
    return bad("step", "'" + *step + "' is not ordered or recorded");
  r.step = *step;
  auto note = text(*j, "note", false);
  if (!note) return std::move(note).error();
  r.note = *note;
  return r;
}

Result<std::vector<std::string>> decode_signed_notes(std::string_view body) {
  auto j = object(body, {"notes"});
  if (!j) return std::move(j).error();
  const auto it = j->find("notes");
  if (it == j->end() || !it->is_array()) return bad("notes", "missing or not an array");
  std::vector<std::string> out;
  out.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) return bad("notes[" + std::to_string(i) + "]", "not a string");
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

Result<AccountBody> decode_account(std::string_view body) {
  auto j = object(body, {"name", "role", "party", "password"});
  if (!j) return std::move(j).error();
  AccountBody a;
  for (auto [field, target, required] :
       {std::tuple{"name", &a.name, true}, std::tuple{"role", &a.role, true},
        std::tuple{"party", &a.party, false}, std::tuple{"password", &a.password, true}}) {
    auto t = text(*j, field, required, 1024);
    if (!t) return std::move(t).error();
    *target = *t;
  }
  return a;
}

Result<std::string> decode_password(std::string_view body) {
  auto j = object(body, {"password"});
  if (!j) return std::move(j).error();
  return text(*j, "password", true, 1024);
}

Result<OfficerBody> decode_officer(std::string_view body) {
  auto j = object(body, {"party", "name", "vkey"});
  if (!j) return std::move(j).error();
  OfficerBody o;
  for (auto [field, target] :
       {std::pair{"party", &o.party}, std::pair{"name", &o.name}, std::pair{"vkey", &o.vkey}}) {
    auto t = text(*j, field, true, 512);
    if (!t) return std::move(t).error();
    *target = *t;
  }
  return o;
}

Result<std::string> decode_key_request(std::string_view body) {
  auto j = object(body, {"vkey"});
  if (!j) return std::move(j).error();
  return text(*j, "vkey", true, 512);
}

Result<std::string> decode_reason(std::string_view body) {
  auto j = object(body, {"reason"});
  if (!j) return std::move(j).error();
  auto reason = text(*j, "reason", true, 500);
  if (!reason) return std::move(reason).error();
  // Characters, not bytes (an Arabic letter is two), and not blanks.
  std::size_t characters = 0;
  for (unsigned char ch : *reason) characters += (ch & 0xC0) != 0x80 && ch != ' ';
  if (characters < 10) return bad("reason", "say why in at least 10 characters");
  if (std::string problem = core::reason_problem(*reason, 500); !problem.empty())
    return bad("reason", problem);
  return *reason;
}

Result<app::InquiryRequest> decode_inquiry(std::string_view body, bool code_required) {
  auto j = object(body, {"ref", "date_of_birth", "code"});
  if (!j) return std::move(j).error();
  app::InquiryRequest r;
  auto ref = text(*j, "ref", true, 64);
  if (!ref) return std::move(ref).error();
  auto printable = [](const std::string& s) {
    return std::none_of(s.begin(), s.end(),
                        [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; });
  };
  if (!printable(*ref)) return bad("ref", "holds a control character");
  r.ref = *ref;
  auto birth = text(*j, "date_of_birth", true, 10);
  if (!birth) return std::move(birth).error();
  auto d = core::parse_date(*birth);
  if (!d) return bad("date_of_birth", "not a date (YYYY-MM-DD)");
  r.date_of_birth = *d;
  auto code = text(*j, "code", code_required, 32);
  if (!code) return std::move(code).error();
  if (!printable(*code)) return bad("code", "holds a control character");
  r.code = *code;
  return r;
}

Result<CosignatureBody> decode_cosignature(std::string_view body) {
  auto j = object(body, {"size", "cosignatures"});
  if (!j) return std::move(j).error();
  const auto it = j->find("size");
  if (it == j->end() || !it->is_number_unsigned()) return bad("size", "missing or not a size");
  CosignatureBody c;
  c.size = it->get<std::uint64_t>();
  auto lines = text(*j, "cosignatures", true, 16384);
  if (!lines) return std::move(lines).error();
  c.cosignatures = *lines;
  return c;
}

}  // namespace corridor::api
