// libFuzzer target for everything the HTTP API decodes from a request
// before any handler runs: every JSON body decoder (api/decode.hpp and
// decode_plan.cpp: POST /api/v1/plan's body and its limits), the
// request target's path and query (api/http.hpp), the route match, the
// C2SP tile path, and the problem+json error builder. None may crash; a
// decoder that accepts a body must give a request that keeps the
// decoder's own rules. Seeds: fuzz/corpus/api_decode_fuzz/.

#include <corridor/api/decode.hpp>
#include <corridor/api/http.hpp>
#include <corridor/api/problem.hpp>
#include <corridor/api/router.hpp>
#include <corridor/ledger/tiles.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace corridor;

const api::RouteTable& routes() {
  static const api::RouteTable table = [] {
    api::RouteTable t;
    for (const char* p :
         {"/api/v1/cases/{ref}", "/api/v1/cases/{ref}/decisions",
          "/api/v1/manifests/{date}/{direction}", "/api/v1/log/tile/{path*}", "/api/v1/queue"})
      t.add({"GET", p, api::Access::signed_in, false, ""});
    return t;
  }();
  return table;
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const core::Date day{2026, 11, 26};

  if (auto r = api::decode_login(text)) check(!r->name.empty() && !r->password.empty());
  if (auto r = api::decode_decision(text, "C-1")) check(!r->stage.empty() && r->ref == "C-1");
  if (auto r = api::decode_decisions(text)) check(!r->empty() && r->size() <= 1000);
  if (auto r = api::decode_amendment(text, "C-1")) check(!r->changes.empty());
  (void)api::decode_closure(text, "C-1");
  (void)api::decode_same_person(text);
  (void)api::decode_different_persons(text);
  if (auto r = api::decode_crossing(text)) check(!r->reason.empty() && r->reason.size() <= 200);
  if (auto r = api::decode_checkin(text, day))
    check(r->national_id.has_value() != r->mrz.has_value());
  (void)api::decode_ref(text, false);
  if (auto r = api::decode_ref(text, true)) check(r->step == "ordered" || r->step == "recorded");
  (void)api::decode_signed_notes(text);
  (void)api::decode_account(text);
  (void)api::decode_officer(text);
  if (auto r = api::decode_key_request(text)) check(!r->empty() && r->size() <= 512);
  if (auto r = api::decode_reason(text)) check(r->size() >= 10 && r->size() <= 500);
  (void)api::decode_cosignature(text);
  for (bool code_required : {false, true})
    if (auto r = api::decode_inquiry(text, code_required))
      check(!r->ref.empty() && r->ref.size() <= 64 && r->code.size() <= 32 &&
            (!code_required || !r->code.empty()));
  if (auto r = api::decode_plan(text))
    check(r->runs >= 1 && r->runs <= api::k_plan_max_runs && r->days >= 1 &&
          r->days <= api::k_plan_max_days &&
          std::int64_t{r->runs} * r->days <= api::k_plan_max_run_days &&
          (!r->scenario || (!r->scenario->empty() &&
                            r->scenario->size() <= api::k_plan_max_scenario && !r->since)));
  // Every decoder error names its field, first in its message too.
  if (auto e = api::decode_login(text); !e)
    check(!e.error().field.empty() && e.error().message.starts_with(e.error().field + ": "));
  if (auto e = api::decode_decisions(text); !e)
    check(!e.error().field.empty() && e.error().message.starts_with(e.error().field + ": "));
  if (auto e = api::decode_plan(text); !e)
    check(!e.error().field.empty() && e.error().message.starts_with(e.error().field + ": "));

  // The request target: path, query, route and tile path.
  if (auto path = api::target_path(text)) {
    check(path->find('\0') == std::string::npos);
    bool known = false;
    (void)routes().match("GET", *path, &known);
    (void)routes().methods_for(*path);
  }
  (void)api::target_query(text);
  if (auto t = ledger::parse_tile_path(text)) {
    // What parses writes back the same way.
    const std::string back = t->level ? ledger::tile_path(*t->level, t->n, t->width)
                                      : ledger::entries_path(t->n, t->width);
    check(back == text);
  }
  // An error with any rule and message is well-formed problem+json.
  const api::Response r = api::problem_response(api::problem_of(
      core::refuse(text.substr(0, 40), text.substr(std::min<std::size_t>(40, text.size())))));
  check(r.status >= 400 && r.status < 600);
  return 0;
}
