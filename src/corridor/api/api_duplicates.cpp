// Possible duplicates (docs/dedup.md, docs/api.md "Possible duplicates"):
// GET /api/v1/duplicates lists the undecided pairs a registering party may
// decide, each record as GET /api/v1/cases/{ref} shows it to that party
// and logged in the read log as a case read is; the decisions are drafted
// here and signed by the officer's client, as closures are.

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>
#include <corridor/api/json.hpp>
#include <corridor/api/visibility.hpp>

#include <algorithm>

namespace corridor::api {

using nlohmann::json;

namespace {

// The parties of [registration]: only they decide pairs, so only they list them.
bool registers_any(const core::Config& config, std::string_view party) {
  return std::any_of(config.categories.begin(), config.categories.end(),
                     [&](const core::CategoryDef& c) { return config.may_register(party, c.id); });
}

json features_of(const std::string& evidence) {
  json f = json::parse(evidence, nullptr, false);
  return f.is_array() ? f : json::array();
}

}  // namespace

std::optional<Response> Api::Impl::refuse_non_registrar(const Context& c) {
  if (registers_any(service.config(), c.session->account.party)) return std::nullopt;
  return problem(403, "pair-party",
                 "only a party that registers cases (config [registration]) decides duplicates");
}

Response Api::Impl::list_duplicates(Context& c) {
  if (auto refused = refuse_non_registrar(c)) return *refused;
  auto page = page_of(c, options.default_page, options.max_page);
  if (!page) return error(page.error());
  auto why = why_of(c, "duplicate check");
  if (!why) return error(why.error());
  const std::string& party = c.session->account.party;
  auto found = service.duplicates(party, page->limit, c.query_value("after"));
  if (!found) return error(found.error());
  const Viewer viewer{party, false};
  json pairs = json::array();
  std::vector<std::string> refs;
  for (const app::DuplicatePair& p : found->pairs) {
    json pair{{"score", p.score}, {"features", features_of(p.evidence)}};
    for (const auto& [member, ref] : {std::pair{"a", &p.ref_a}, std::pair{"b", &p.ref_b}}) {
      auto detail = service.get_case(*ref);
      if (!detail) return error(detail.error());
      std::vector<std::string> withheld;
      json one = visible_case(service.config(), to_json(*detail, env.now()), viewer, &withheld);
      one["withheld"] = withheld;
      pair[member] = std::move(one);
      pair[std::string("etag_") + member] = case_etag(*detail);  // for If-Match on a decision
      refs.push_back(*ref);
    }
    pairs.push_back(std::move(pair));
  }
  // Nothing is answered that was not logged first.
  if (!refs.empty())
    if (auto logged = log_reads(c, refs, "duplicate pair", *why, false); !logged)
      return error(logged.error());
  return json_response(200,
                       {{"pairs", pairs}, {"next", found->next ? json(*found->next) : json()}});
}

Response Api::Impl::same_person(Context& c) {
  if (auto refused = refuse_non_registrar(c)) return *refused;
  auto req = decode_same_person(c.request.body);
  if (!req) return error(req.error());
  // Neither case may have changed since the pair was listed.
  if (auto stale = check_versions(c, std::vector<std::string>{req->keep, req->duplicate}))
    return *stale;
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(
      c, service.prepare_same_person(*req, *key), "same-person",
      [r = *req](core::CaseState s) -> core::Result<json> {
        return json{{"keep", r.keep}, {"duplicate", r.duplicate}, {"state", core::to_string(s)}};
      });
}

Response Api::Impl::different_persons(Context& c) {
  if (auto refused = refuse_non_registrar(c)) return *refused;
  auto req = decode_different_persons(c.request.body);
  if (!req) return error(req.error());
  if (auto stale = check_versions(c, std::vector<std::string>{req->a, req->b})) return *stale;
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_different_persons(*req, *key), "different-persons",
               [r = *req](core::CaseState) -> core::Result<json> {
                 return json{{"a", r.a}, {"b", r.b}, {"decision", "different-persons"}};
               });
}

}  // namespace corridor::api
