// GET /api/v1/queue: the signed-in party's work queue, filtered by choices
// from the deployment (stage, category, direction, urgency, overdue),
// oldest first or most urgent first, with each companion right after its
// patient. Urgency filters and sorts only for parties that may see it
// (visibility.cpp): the order would tell it otherwise.

#include <corridor/api/api_impl.hpp>
#include <corridor/app/env.hpp>

#include <algorithm>
#include <set>

namespace corridor::api {

using nlohmann::json;

namespace {

// Most urgent first; no urgency (a companion, a non-medical case) last.
std::size_t urgency_rank(const core::Config& config, const std::string& urgency) {
  const auto& u = config.urgencies;
  return static_cast<std::size_t>(std::find(u.begin(), u.end(), urgency) - u.begin());
}

// Each companion whose patient is in `items` moves right after the
// patient's (last) item, keeping the order of both.
std::vector<const app::QueueItem*> grouped(std::vector<const app::QueueItem*> items) {
  std::set<std::string> patients;
  for (const app::QueueItem* q : items) patients.insert(q->ref);
  std::vector<const app::QueueItem*> out;
  std::vector<bool> placed(items.size(), false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (placed[i]) continue;
    const app::QueueItem* q = items[i];
    if (!q->group_ref.empty() && patients.count(q->group_ref)) continue;  // placed with its patient
    out.push_back(q);
    placed[i] = true;
    // The patient's later items (another stage) come first, then the companions.
    const bool last_of_ref =
        std::none_of(items.begin() + static_cast<std::ptrdiff_t>(i) + 1, items.end(),
                     [&](const app::QueueItem* x) { return x->ref == q->ref; });
    if (!last_of_ref) continue;
    for (std::size_t j = 0; j < items.size(); ++j)
      if (!placed[j] && items[j]->group_ref == q->ref) {
        out.push_back(items[j]);
        placed[j] = true;
      }
  }
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!placed[i]) out.push_back(items[i]);  // a patient placed before its companions' turn
  return out;
}

}  // namespace

Response Api::Impl::queue(Context& c) {
  const std::string& party = c.session->account.party;
  if (auto refused = refuse_hidden_filter(c)) return *refused;
  auto page = page_of(c, options.default_page, options.max_page);
  if (!page) return error(page.error());
  auto overdue_only = flag_of(c, "overdue");
  if (!overdue_only) return error(overdue_only.error());
  const auto stage = c.query_value("stage");
  const auto category = c.query_value("category");
  const auto direction = c.query_value("direction");
  const auto urgency = c.query_value("urgency");
  const std::string sort = c.query_value("sort").value_or("since");
  if (direction && !core::parse_direction(*direction))
    return problem(422, "invalid", "direction: not exit or entry", "direction");
  if (sort != "since" && sort != "urgency")
    return problem(422, "invalid", "sort: not since or urgency", "sort");
  // The queue is derived from every case; it is kept per party until the
  // log grows or a minute passes (overdue marks follow the clock).
  auto size = service.log_size();
  if (!size) return error(size.error());
  const core::Timestamp now = env.now();
  std::shared_ptr<const std::vector<app::QueueItem>> items;
  {
    std::lock_guard lock(queue_mutex);
    auto it = queues.find(party);
    if (it != queues.end() && it->second.log_size == *size && now - it->second.computed_at < 60)
      items = it->second.items;
  }
  if (!items) {
    auto fresh = service.work_queue(party);
    if (!fresh) return error(fresh.error());
    items = std::make_shared<const std::vector<app::QueueItem>>(std::move(fresh).value());
    std::lock_guard lock(queue_mutex);
    queues[party] = QueueSnapshot{*size, now, items};
  }
  const core::Config& config = service.config();
  const bool sees_urgency = config.may_see(party, "urgency");
  const bool sees_age = config.may_see(party, "date_of_birth");
  const bool sees_group = config.may_see(party, "group_ref");
  std::vector<const app::QueueItem*> matched;
  std::size_t overdue = 0;
  for (const app::QueueItem& q : *items) {
    if (stage && q.stage != *stage) continue;
    if (category && q.category != *category) continue;
    if (direction && core::to_string(q.direction) != *direction) continue;
    if (urgency && q.urgency != *urgency) continue;
    if (*overdue_only && !q.overdue) continue;
    overdue += q.overdue;
    matched.push_back(&q);
  }
  if (sort == "urgency")
    std::stable_sort(matched.begin(), matched.end(),
                     [&](const app::QueueItem* a, const app::QueueItem* b) {
                       return urgency_rank(config, a->urgency) < urgency_rank(config, b->urgency);
                     });
  // Companions go with their patient only where the party sees the group.
  if (sees_group) matched = grouped(std::move(matched));
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
