#include <corridor/api/draft_store.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace corridor::api {

std::optional<core::Timestamp> DraftStore::add(Draft d, core::Timestamp now) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_drafts, [&](const auto& kv) { return kv.second.info.expires_at <= now; });
  const std::size_t mine = std::count_if(m_drafts.begin(), m_drafts.end(), [&](const auto& kv) {
    return kv.second.info.account_id == d.info.account_id;
  });
  if (mine >= m_limits.per_account || m_drafts.size() >= m_limits.total) return std::nullopt;
  d.info.expires_at = now + m_limits.ttl;
  const core::Timestamp expires_at = d.info.expires_at;
  std::string id = d.info.id;
  m_drafts.emplace(std::move(id), std::move(d));
  return expires_at;
}

std::optional<DraftInfo> DraftStore::find(const std::string& id, std::int64_t account_id) const {
  std::lock_guard lock(m_mutex);
  auto it = m_drafts.find(id);
  if (it == m_drafts.end() || it->second.info.account_id != account_id) return std::nullopt;
  return it->second.info;
}

std::variant<Draft, DraftMiss> DraftStore::take(const std::string& id, std::int64_t account_id,
                                                core::Timestamp now) {
  std::optional<Draft> d;
  {
    std::lock_guard lock(m_mutex);
    auto it = mine(id, account_id);
    if (it == m_drafts.end()) return DraftMiss::absent;
    d = std::move(it->second);
    m_drafts.erase(it);  // a draft commits once, whatever the outcome
  }
  if (d->info.expires_at <= now) return DraftMiss::expired;
  return std::move(*d);
}

bool DraftStore::discard(const std::string& id, std::int64_t account_id) {
  std::lock_guard lock(m_mutex);
  auto it = mine(id, account_id);
  if (it == m_drafts.end()) return false;
  m_drafts.erase(it);
  return true;
}

std::size_t DraftStore::size() const {
  std::lock_guard lock(m_mutex);
  return m_drafts.size();
}

std::map<std::string, Draft>::iterator DraftStore::mine(const std::string& id,
                                                        std::int64_t account_id) {
  auto it = m_drafts.find(id);
  if (it == m_drafts.end() || it->second.info.account_id != account_id) return m_drafts.end();
  return it;
}

}  // namespace corridor::api
