// Service::search: the search box's look-ups (GET /api/v1/search). The
// identifiers are indexed; names are compared folded over every case's
// names, a bounded scan (measured in docs/api.md, "Search").

#include <corridor/app/service.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/search_repo.hpp>

#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

namespace corridor::app {
namespace {

struct Found {
  std::string ref;
  std::string matched;
  int rank = 0;  // 0: an identifier; 1-3: a name (core::name_match_rank + 1)
  std::size_t order = 0;
};

// Exact matches of the identifiers the scope allows, in that order.
core::Result<void> find_ids(store::Database& db, const core::SearchQuery& q,
                            const SearchScope& scope, std::vector<Found>& out) {
  const std::pair<bool, std::pair<store::IdColumn, std::optional<std::string>>> ids[] = {
      {scope.ref, {store::IdColumn::ref, q.text}},
      {scope.national_id, {store::IdColumn::national_id, q.national_id}},
      {scope.passport_no, {store::IdColumn::passport_no, q.passport_no}},
  };
  const char* names[] = {"ref", "national_id", "passport_no"};
  for (std::size_t i = 0; i < std::size(ids); ++i) {
    const auto& [allowed, what] = ids[i];
    if (!allowed || !what.second) continue;
    auto refs = store::refs_by(db, what.first, *what.second);
    if (!refs) return std::move(refs).error();
    for (std::string& ref : *refs) out.push_back({std::move(ref), names[i], 0, out.size()});
  }
  return {};
}

core::Result<void> find_names(store::Database& db, const core::SearchQuery& q,
                              const SearchScope& scope, std::vector<Found>& out) {
  if (q.name_tokens.empty() || !(scope.name_ar || scope.name_en)) return {};
  std::size_t order = out.size();
  return store::for_each_case_name(
      db, [&](std::string_view ref, std::string_view ar, std::string_view en) {
        ++order;
        for (const auto& [allowed, name, field] :
             {std::tuple{scope.name_ar, ar, "name_ar"}, std::tuple{scope.name_en, en, "name_en"}}) {
          if (!allowed || name.empty()) continue;
          const std::string key = core::name_search_key(name);
          if (!core::name_key_matches(key, q.name_tokens)) continue;
          out.push_back(
              {std::string(ref), field, 1 + core::name_match_rank(key, q.name_tokens), order});
          break;
        }
      });
}

}  // namespace

core::Result<SearchResult> Service::search(const core::SearchQuery& query, const SearchScope& scope,
                                           std::size_t limit) {
  auto db = reader();
  if (!db) return std::move(db).error();
  std::vector<Found> found;
  if (auto r = find_ids(**db, query, scope, found); !r) return std::move(r).error();
  if (auto r = find_names(**db, query, scope, found); !r) return std::move(r).error();
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.order < b.order;
  });
  SearchResult out;
  std::set<std::string> seen;
  for (Found& f : found) {
    if (!seen.insert(f.ref).second) continue;
    if (out.hits.size() == limit) {
      out.truncated = true;
      break;
    }
    auto detail = get_case(f.ref);
    if (!detail) return std::move(detail).error();
    core::CaseRecord& r = detail->record;
    out.hits.push_back(SearchHit{r.ref, r.direction, r.category, detail->view.state, r.group_ref,
                                 std::move(r.person), std::move(f.matched)});
  }
  return out;
}

}  // namespace corridor::app
