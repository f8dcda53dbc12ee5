#include <corridor/api/router.hpp>

#include <algorithm>

namespace corridor::api {
namespace {

bool match_pattern(std::string_view pattern, std::string_view path, PathParams* params) {
  const auto want = path_segments(pattern);
  const auto got = path_segments(path);
  // A last segment "{name*}" takes the rest of the path (one or more
  // segments, joined by '/'): C2SP tile paths have several.
  const bool rest = !want.empty() && want.back().size() > 3 && want.back().front() == '{' &&
                    want.back().substr(want.back().size() - 2) == "*}";
  if (rest ? got.size() < want.size() : want.size() != got.size()) return false;
  PathParams found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const std::string_view w = want[i];
    if (rest && i + 1 == want.size()) {
      const std::string_view name = w.substr(1, w.size() - 3);
      std::string joined;
      for (std::size_t k = i; k < got.size(); ++k) {
        if (got[k].empty()) return false;
        joined += (k == i ? "" : "/") + std::string(got[k]);
      }
      found.emplace(std::string(name), std::move(joined));
      break;
    }
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      found.emplace(std::string(w.substr(1, w.size() - 2)), std::string(got[i]));
    } else if (w != got[i]) {
      return false;
    }
  }
  if (params) *params = std::move(found);
  return true;
}

}  // namespace

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

void RouteTable::add(Route route) { m_routes.push_back(std::move(route)); }

std::optional<Match> RouteTable::match(std::string_view method, std::string_view path,
                                       bool* path_known) const {
  if (path_known) *path_known = false;
  // Literal segments win over parameters: "/days/today" before "/days/{date}".
  const Route* best = nullptr;
  int best_literals = -1;
  PathParams best_params;
  for (const Route& r : m_routes) {
    PathParams params;
    if (!match_pattern(r.pattern, path, &params)) continue;
    if (path_known) *path_known = true;
    if (r.method != method) continue;
    const int literals = static_cast<int>(path_segments(r.pattern).size() - params.size());
    if (literals > best_literals) {
      best = &r;
      best_literals = literals;
      best_params = std::move(params);
    }
  }
  if (!best) return std::nullopt;
  return Match{best, std::move(best_params)};
}

std::vector<std::string> RouteTable::methods_for(std::string_view path) const {
  std::vector<std::string> out;
  for (const Route& r : m_routes)
    if (match_pattern(r.pattern, path, nullptr) &&
        std::find(out.begin(), out.end(), r.method) == out.end())
      out.push_back(r.method);
  return out;
}

}  // namespace corridor::api
