// GET /api/v1/queue: the signed-in party's work queue, filtered by choices
// from the deployment (stage, category, direction, urgency, overdue),
// oldest first or most urgent first, with each companion right after its
// patient. Urgency filters and sorts only for parties that may see it
// (visibility.cpp): the order would tell it otherwise.

#include <corridor/api/api_impl.hpp>
#include <corridor/app/env.hpp>

#include <algorithm>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

namespace corridor::api {

using nlohmann::json;

namespace {

// Most urgent first; no urgency (a companion, a non-medical case) last.
std::size_t urgency_rank(const core::Config& config, const std::string& urgency) {
  const auto& u = config.urgencies;
  return static_cast<std::size_t>(std::find(u.begin(), u.end(), urgency) - u.begin());
}

// Each companion whose patient is in `items` moves right after the
// patient's (last) item, keeping the order of both. Linear in the items
// (a population's queue has millions): each ref's last position and each
// patient's companions are looked up, not searched for.
std::vector<const app::QueueItem*> grouped(std::vector<const app::QueueItem*> items) {
  std::unordered_map<std::string_view, std::size_t> last;  // ref -> its last item
  std::unordered_map<std::string_view, std::vector<std::size_t>> companions;  // patient -> items
  for (std::size_t i = 0; i < items.size(); ++i) last[items[i]->ref] = i;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& group = items[i]->group_ref;
    if (!group.empty() && last.count(group)) companions[group].push_back(i);
  }
  std::vector<const app::QueueItem*> out;
  out.reserve(items.size());
  std::vector<bool> placed(items.size(), false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (placed[i]) continue;
    const app::QueueItem* q = items[i];
    if (!q->group_ref.empty() && last.count(q->group_ref)) continue;  // placed with its patient
    out.push_back(q);
    placed[i] = true;
    // The patient's later items (another stage) come first, then the companions.
    if (last.at(q->ref) != i) continue;
    auto it = companions.find(q->ref);
    if (it == companions.end()) continue;
    for (std::size_t j : it->second)
      if (!placed[j]) {
        out.push_back(items[j]);
        placed[j] = true;
      }
  }
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!placed[i]) out.push_back(items[i]);  // a patient placed before its companions' turn
  return out;
}

constexpr std::size_t k_max_views = 256;

// The cache key of a query: the party, then each parameter (absent or its
// value), length-prefixed so that no two queries share a key.
std::string view_key(const std::string& party,
                     std::initializer_list<std::optional<std::string>> values) {
  std::string key = std::to_string(party.size()) + ":" + party;
  for (const auto& v : values)
    key += v ? "|" + std::to_string(v->size()) + ":" + *v : std::string("|-");
  return key;
}

}  // namespace

// The party's current queue snapshot, derived again when the log has grown
// (a change must show at once) or a minute has passed (overdue marks follow
// the clock), by one thread at a time: at 2.1 M cases a derivation takes
// seconds and hundreds of MB. Others wait for it after a change; when only
// the minute has passed they keep the old snapshot meanwhile. nullptr if
// the store cannot be read.
std::shared_ptr<const std::vector<app::QueueItem>> Api::Impl::queue_items(
    const std::string& party) {
  auto size = service.log_size();
  if (!size) return nullptr;
  auto cached = [&](bool any_age) -> std::shared_ptr<const std::vector<app::QueueItem>> {
    std::lock_guard lock(queue_mutex);
    auto it = queues.find(party);
    if (it == queues.end() || it->second.log_size != *size) return nullptr;
    if (!any_age && env.now() - it->second.computed_at >= 60) return nullptr;
    return it->second.items;
  };
  if (auto items = cached(false)) return items;
  std::unique_lock build(queue_build_mutex, std::try_to_lock);
  if (!build.owns_lock()) {
    if (auto items = cached(true)) return items;  // only its minute is up: kept meanwhile
    build.lock();
    if (auto items = cached(false)) return items;  // another thread derived it meanwhile
  }
  const core::Timestamp now = env.now();
  auto fresh = service.work_queue(party);
  if (!fresh) return nullptr;
  auto items = std::make_shared<const std::vector<app::QueueItem>>(std::move(fresh).value());
  std::lock_guard lock(queue_mutex);
  queues[party] = QueueSnapshot{*size, now, items};
  return items;
}

// The party's queue filtered and ordered for this query, kept per (party,
// query) while its snapshot is current: a page is then a slice of it.
std::shared_ptr<const QueueView> Api::Impl::queue_view(const std::string& party,
                                                       const QueueQuery& q) {
  auto items = queue_items(party);
  if (!items) return nullptr;
  const std::string key = view_key(party, {q.stage, q.category, q.direction, q.urgency,
                                           std::optional<std::string>(q.overdue ? "1" : "0"),
                                           std::optional<std::string>(q.sort)});
  {
    std::lock_guard lock(queue_mutex);
    auto it = queue_views.find(key);
    if (it != queue_views.end() && it->second->items == items) return it->second;
  }
  const core::Config& config = service.config();
  auto made = std::make_shared<QueueView>();
  made->items = items;
  for (const app::QueueItem& i : *items) {
    if (q.stage && i.stage != *q.stage) continue;
    if (q.category && i.category != *q.category) continue;
    if (q.direction && core::to_string(i.direction) != *q.direction) continue;
    if (q.urgency && i.urgency != *q.urgency) continue;
    if (q.overdue && !i.overdue) continue;
    made->overdue += i.overdue;
    made->matched.push_back(&i);
  }
  if (q.sort == "urgency")
    std::stable_sort(made->matched.begin(), made->matched.end(),
                     [&](const app::QueueItem* a, const app::QueueItem* b) {
                       return urgency_rank(config, a->urgency) < urgency_rank(config, b->urgency);
                     });
  // Companions go with their patient only where the party sees the group.
  if (config.may_see(party, "group_ref")) made->matched = grouped(std::move(made->matched));
  std::lock_guard lock(queue_mutex);
  if (queue_views.size() >= k_max_views) queue_views.clear();
  queue_views[key] = made;
  return made;
}

Response Api::Impl::queue(Context& c) {
  const std::string& party = c.session->account.party;
  if (auto refused = refuse_hidden_filter(c)) return *refused;
  auto page = page_of(c, options.default_page, options.max_page);
  if (!page) return error(page.error());
  auto overdue_only = flag_of(c, "overdue");
  if (!overdue_only) return error(overdue_only.error());
  QueueQuery query{c.query_value("stage"),
                   c.query_value("category"),
                   c.query_value("direction"),
                   c.query_value("urgency"),
                   *overdue_only,
                   c.query_value("sort").value_or("since")};
  if (query.direction && !core::parse_direction(*query.direction))
    return problem(422, "invalid", "direction: not exit or entry", "direction");
  if (query.sort != "since" && query.sort != "urgency")
    return problem(422, "invalid", "sort: not since or urgency", "sort");
  auto view = queue_view(party, query);
  if (!view) return problem(503, "store-unavailable", "the store cannot be read");
  const core::Config& config = service.config();
  const bool sees_urgency = config.may_see(party, "urgency");
  const bool sees_age = config.may_see(party, "date_of_birth");
  const bool sees_group = config.may_see(party, "group_ref");
  const std::string& sort = query.sort;
  const std::vector<const app::QueueItem*>& matched = view->matched;
  const std::size_t overdue = view->overdue;
  json out = json::array();
  for (std::size_t i = page->offset; i < matched.size() && out.size() < page->limit; ++i) {
    const app::QueueItem& q = *matched[i];
    json j{{"ref", q.ref},           {"direction", core::to_string(q.direction)},
           {"category", q.category}, {"stage", q.stage},
           {"status", q.status},     {"since", core::format_timestamp(q.since)},
           {"overdue", q.overdue}};
    if (sees_urgency && !q.urgency.empty()) j["urgency"] = q.urgency;
    if (sees_age) j["child"] = q.child;
    if (sees_group && !q.group_ref.empty()) j["group_ref"] = q.group_ref;
    out.push_back(std::move(j));
  }
  return json_response(200, {{"party", party},
                             {"total", matched.size()},
                             {"overdue", overdue},
                             {"offset", page->offset},
                             {"limit", page->limit},
                             {"sort", sort},
                             {"sees_urgency", sees_urgency},
                             {"items", out}});
}

}  // namespace corridor::api
