// The search box: GET /api/v1/search?q=TEXT finds cases by ref, national
// ID, passport number or name, only by fields the party may see
// (visibility.cpp, searchable_fields), and answers only what it may see.
// Every search is written to the read log before it is answered, without
// the query text (it may be a person's name or number).

#include <corridor/api/api_impl.hpp>
#include <corridor/api/visibility.hpp>
#include <corridor/core/search.hpp>

#include <algorithm>

namespace corridor::api {

using nlohmann::json;

namespace {

// At most this many cases per search: a name is a lead, not a list.
constexpr std::size_t k_search_limit = 50;

app::SearchScope scope_of(const std::vector<std::string>& fields) {
  auto has = [&](std::string_view f) {
    return std::find(fields.begin(), fields.end(), f) != fields.end();
  };
  return app::SearchScope{has("ref"), has("national_id"), has("passport_no"), has("name_ar"),
                          has("name_en")};
}

// A hit as a case answer the party may see: the workflow facts, the group
// and the names and date of birth (to tell two people of one name apart).
json hit_json(const core::Config& config, const app::SearchHit& h, const Viewer& viewer) {
  json full{{"ref", h.ref},
            {"direction", core::to_string(h.direction)},
            {"category", h.category},
            {"state", core::to_string(h.state)},
            {"group_ref", h.group_ref},
            {"person",
             {{"name_ar", h.person.name_ar},
              {"name_en", h.person.name_en},
              {"date_of_birth", h.person.date_of_birth.to_string()}}}};
  json out = visible_case(config, full, viewer);
  out["matched"] = h.matched;  // a field of searchable_fields: one the party sees
  return out;
}

}  // namespace

// Logged as a read of each case shown, under its ref, with the field it
// was found by; a search that found nothing, under no ref, with the fields
// looked in (they depend on the party only, so they say nothing of the
// query). The query text is never written.
core::Result<void> Api::Impl::log_search(const Context& c, const std::vector<std::string>& fields,
                                         const std::vector<app::SearchHit>& hits) {
  if (hits.empty()) {
    std::string looked;
    for (const std::string& f : fields) looked += (looked.empty() ? "" : ", ") + f;
    return log_read(c, "", "search: no match (looked in " + looked + ")", "search", false);
  }
  std::map<std::string, std::vector<std::string>> by_field;
  for (const app::SearchHit& h : hits) by_field[h.matched].push_back(h.ref);
  for (const auto& [field, refs] : by_field)
    if (auto r = log_reads(c, refs, "search: found by " + field, "search", false); !r) return r;
  return {};
}

Response Api::Impl::search(Context& c) {
  const auto q = c.query_value("q");
  if (!q) return problem(400, "bad-request", "q: missing: GET /api/v1/search?q=TEXT", "q");
  auto query = core::parse_search(*q);
  if (!query) return problem(400, "bad-request", query.error().message, "q");
  const Viewer viewer{c.session->account.party, false};
  const std::vector<std::string> fields = searchable_fields(service.config(), viewer);
  auto found = service.search(*query, scope_of(fields), k_search_limit);
  if (!found) return error(found.error());
  if (auto logged = log_search(c, fields, found->hits); !logged) return error(logged.error());
  json results = json::array();
  for (const app::SearchHit& h : found->hits)
    results.push_back(hit_json(service.config(), h, viewer));
  return json_response(200, {{"results", results},
                             {"truncated", found->truncated},
                             {"limit", k_search_limit},
                             {"searched", fields}});
}

}  // namespace corridor::api
