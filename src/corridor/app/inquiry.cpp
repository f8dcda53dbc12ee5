// Service::inquire: status for families (inquiry.hpp; docs/api.md, "Status
// for families"). The comparison runs inside one command of the read log's
// writer (read_log.cpp, its own group commits), so that
// the per-ref back-off is checked and counted atomically (a thousand
// parallel guesses are a thousand failures in a row, not a thousand at
// failure 0), and so that an unknown ref and a wrong date of birth run the
// same statements: the key, the back-off row, one probe of the ref index,
// the code, a read-log row and the back-off row written. Only an answer
// that matched is then built, on the reader.

#include <corridor/app/service.hpp>
#include <corridor/core/manifest.hpp>
#include <corridor/store/account_repo.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/inquiry_repo.hpp>
#include <corridor/store/log_repo.hpp>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace corridor::app {
namespace {

using core::Result;

constexpr std::size_t k_key_bytes = 32;
constexpr std::int64_t k_free_failures = 3;
constexpr std::int64_t k_first_lock = 60;  // seconds, after failure 4
constexpr std::int64_t k_max_doublings = 40;

core::Hash256 keyed_hash(std::string_view key, std::string_view text) {
  core::Hash256 out{};
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(text.data()),
                                text.size());
  crypto_auth_hmacsha256_final(&st, out.data());
  return out;
}

// Equal without a timing difference on where two strings of one length differ.
bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The deployment's inquiry key: made on the first inquiry.
Result<std::string> key_of(store::Database& db, Env& env) {
  auto key = store::inquiry_key(db);
  if (!key) return std::move(key).error();
  if (*key && (*key)->size() == k_key_bytes) return std::move(**key);
  std::array<std::uint8_t, k_key_bytes> fresh{};
  env.random_bytes(fresh);
  const std::string made(fresh.begin(), fresh.end());
  if (auto r = store::insert_inquiry_key(db, made); !r) return std::move(r).error();
  auto again = store::inquiry_key(db);
  if (!again) return std::move(again).error();
  if (!*again) return core::make_error(core::Errc::internal, "the inquiry key was not stored");
  return std::move(**again);
}

std::string family_state(core::CaseState s) {
  switch (s) {
    case core::CaseState::denied:
      return "not-approved";
    case core::CaseState::withdrawn:
    case core::CaseState::deceased:
    case core::CaseState::duplicate:  // the person's other case answers for them
      return "closed";
    default:
      return std::string(core::to_string(s));
  }
}

InquiryStage family_stage(const core::StageView& s, core::Timestamp now) {
  InquiryStage out{s.def->id, s.def->party, "pending", s.since, std::nullopt};
  if (s.status == core::StageStatus::approved)
    out.status = "done";
  else if (s.status == core::StageStatus::waiting || s.blocked)
    out.status = "waiting";
  else if (s.status == core::StageStatus::returned)
    out.status = "information-requested";
  if (out.status == "waiting" || s.since == 0)
    out.since.reset();
  else
    out.days = std::max<std::int64_t>(0, (now - s.since) / core::k_seconds_per_day);
  return out;
}

core::Candidate candidate_of(std::string ref, std::string category, std::string urgency,
                             const std::optional<core::Date>& requested_on,
                             core::Timestamp registered_at, const core::Date& birth) {
  core::Candidate c;
  c.ref = std::move(ref);
  c.category = std::move(category);
  c.urgency = std::move(urgency);
  c.waiting_since = requested_on ? *requested_on : core::utc_date(registered_at);
  c.date_of_birth = birth;
  c.cleared = true;
  return c;
}

// The cleared cases of one direction and category in the manifest
// policy's order (core::higher_priority of core::priority_of at `today`),
// as they stood at one log size: the case tables change only with the log,
// and by themselves only when an approval expires (`valid_until`, the
// earliest state_until among them). Shared by every inquiry until then.
struct ClearedOrder {
  std::uint64_t log_size = 0;
  core::Date today;
  core::Timestamp valid_until = 0;
  std::vector<std::pair<core::Priority, core::Candidate>> sorted;
};

using OrderKey = std::tuple<std::string, core::Direction, std::string>;  // db, direction, category
std::mutex g_orders_mutex;
std::map<OrderKey, std::shared_ptr<const ClearedOrder>> g_orders;

Result<std::shared_ptr<const ClearedOrder>> cleared_order(
    store::Database& db, const core::Config& config, const OrderKey& key, std::uint64_t log_size,
    core::Timestamp now, const core::Date& today) {
  {
    std::lock_guard lock(g_orders_mutex);
    auto it = g_orders.find(key);
    if (it != g_orders.end() && it->second->log_size == log_size && it->second->today == today &&
        now < it->second->valid_until)
      return it->second;
  }
  auto rows = store::cleared_rows(db, std::get<1>(key), std::get<2>(key), now);
  if (!rows) return std::move(rows).error();
  auto order = std::make_shared<ClearedOrder>();
  order->log_size = log_size;
  order->today = today;
  order->valid_until = std::numeric_limits<core::Timestamp>::max();
  for (store::ClearedRow& r : *rows) {
    if (r.state_until) order->valid_until = std::min(order->valid_until, *r.state_until);
    core::Candidate c = candidate_of(std::move(r.ref), std::get<2>(key), std::move(r.urgency),
                                     r.requested_on, r.registered_at, r.date_of_birth);
    order->sorted.emplace_back(core::priority_of(config, c, today), std::move(c));
  }
  std::sort(order->sorted.begin(), order->sorted.end(), [](const auto& a, const auto& b) {
    return core::higher_priority(a.first, a.second, b.first, b.second);
  });
  std::lock_guard lock(g_orders_mutex);
  g_orders[key] = order;
  return std::shared_ptr<const ClearedOrder>(std::move(order));
}

// The place of `me` among the cleared principals of its direction and
// category, in the order every manifest takes them in (cleared_order).
Result<void> place_among_cleared(store::Database& db, const core::Config& config,
                                 const std::string& db_path, const core::CaseRecord& me,
                                 std::uint64_t log_size, core::Timestamp now,
                                 const core::Date& today, InquiryAnswer& out) {
  auto order =
      cleared_order(db, config, {db_path, me.direction, me.category}, log_size, now, today);
  if (!order) return std::move(order).error();
  const core::Candidate mine = candidate_of(me.ref, me.category, me.urgency, me.requested_on,
                                            me.registered_at, me.person.date_of_birth);
  const core::Priority my_score = core::priority_of(config, mine, today);
  const auto& sorted = (*order)->sorted;
  const auto first_not_ahead = std::partition_point(
      sorted.begin(), sorted.end(),
      [&](const auto& e) { return core::higher_priority(e.first, e.second, my_score, mine); });
  const auto ahead = static_cast<std::int64_t>(first_not_ahead - sorted.begin());
  out.position = ahead + 1;
  out.cleared_total = std::max<std::int64_t>(static_cast<std::int64_t>(sorted.size()), ahead + 1);
  return {};
}

Result<InquiryAnswer> answer_of(store::Database& db, const core::Config& config,
                                const std::string& db_path, std::string_view ref,
                                core::Timestamp now, const core::Date& today) {
  auto sc = store::load_case(db, ref);
  if (!sc) return std::move(sc).error();
  if (!*sc) return core::make_error(core::Errc::internal, "the case asked about is gone");
  const core::CaseRecord& rec = (*sc)->record;
  const core::WorkflowDef* wf = config.workflow_for(rec.direction, rec.category);
  if (!wf) return core::make_error(core::Errc::internal, "the config has no workflow for a case");
  const core::CaseView view = core::derive(*wf, (*sc)->facts, now);
  InquiryAnswer out;
  out.found = true;
  out.state = family_state(view.state);
  if (core::is_open(view.state))
    for (const core::StageView& s : view.stages) out.stages.push_back(family_stage(s, now));
  if (view.state == core::CaseState::scheduled) out.crossing_day = (*sc)->facts.scheduled_on;
  const core::CategoryDef* cat = config.find_category(rec.category);
  if (view.state == core::CaseState::cleared && cat && !cat->group_of) {
    auto log_size = store::log_size(db);
    if (!log_size) return std::move(log_size).error();
    if (auto r = place_among_cleared(db, config, db_path, rec, *log_size, now, today, out); !r)
      return std::move(r).error();
  }
  return out;
}

}  // namespace

std::int64_t inquiry_lock_seconds(std::int64_t failures) {
  if (failures <= k_free_failures) return 0;
  const std::int64_t doublings = std::min(failures - k_free_failures - 1, k_max_doublings);
  return k_first_lock << doublings;
}

std::string inquiry_code(std::string_view key, std::string_view ref) {
  static constexpr char k_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  const core::Hash256 mac = keyed_hash(key, "code:" + std::string(ref));
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t byte : mac) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.size() < 10) {
      out += k_alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.size() == 10) break;
  }
  return out;
}

Result<InquiryAnswer> Service::inquire(const InquiryRequest& request) {
  const core::Timestamp now = m_env.now();
  const std::string typed_birth = request.date_of_birth.to_string();
  InquiryAnswer out;
  bool matched = false;
  auto written = write_reads([&](store::Database& db) -> Result<void> {
    auto key = key_of(db, m_env);
    if (!key) return std::move(key).error();
    const core::Hash256 ref_key = keyed_hash(*key, "ref:" + request.ref);
    // Who read: nobody signed in. What: an inquiry. The case only if it
    // matched; nothing typed.
    store::ReadEntry entry{0,  now,       "anonymous",           "public", "",
                           "", "inquiry", "status for families", false,    request.peer};
    auto limit = store::find_inquiry_limit(db, ref_key);
    if (!limit) return std::move(limit).error();
    if (*limit && (*limit)->locked_until > now) {
      out.retry_after = (*limit)->locked_until - now;
      return store::insert_read(db, entry);
    }
    auto birth = store::date_of_birth_of(db, request.ref);
    if (!birth) return std::move(birth).error();
    // A ref with no case is compared against a date no one typed, so both
    // paths compare; the code is made whether or not it is asked for.
    const std::string stored = birth->value_or("0000-00-00");
    const std::string code = inquiry_code(*key, request.ref);
    const bool birth_ok = same(stored, typed_birth);
    const bool code_ok = same(code, request.code) || !m_config.inquiry.code_required;
    matched = birth->has_value() && birth_ok && code_ok;
    if (matched) {
      entry.ref = request.ref;
      if (auto r = store::insert_read(db, entry); !r) return r;
      return store::clear_inquiry_limit(db, ref_key);
    }
    if (auto r = store::insert_read(db, entry); !r) return r;
    const std::int64_t failures = (*limit ? (*limit)->failures : 0) + 1;
    return store::save_inquiry_limit(
        db, {ref_key, failures, now, now + inquiry_lock_seconds(failures)});
  });
  if (!written) return std::move(written).error();
  if (!matched) return out;
  auto db = reader();
  if (!db) return std::move(db).error();
  return answer_of(**db, m_config, m_db_path, request.ref, now, today());
}

}  // namespace corridor::app
