// The manifest builder's scan engine: which units the policy examines, in
// what order, on which thread. What it decides about each is the policy's
// (manifest_policy.{hpp,cpp}, docs/policy.md).

#include <corridor/core/manifest.hpp>
#include <corridor/core/manifest_policy.hpp>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstdint>
#include <exception>
#include <latch>
#include <limits>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

namespace corridor::core {
namespace {

using manifest_policy::Policy;

// A unit whose principal is eligible, in input order. The priority is
// packed into `key` so that a larger key goes first.
struct Item {
  std::uint64_t key = 0;
  std::uint32_t unit = 0;
  std::uint16_t pcat = 0;
  bool could_fit = false;  // the principal alone fits an empty day
  bool examined = false;
};

// An item of the batch the selection works through, and where it sits.
struct Ranked {
  Item item;
  std::uint32_t chunk = 0;
  std::uint32_t pos = 0;
};

std::uint64_t pack(int total, std::int64_t since) {
  since = std::clamp<std::int64_t>(since, std::numeric_limits<std::int32_t>::min(),
                                   std::numeric_limits<std::int32_t>::max());
  // Flipping the sign bit keeps the order of a signed 32-bit value; the
  // waiting date is inverted because an earlier date goes first.
  const std::uint32_t hi = static_cast<std::uint32_t>(total) ^ 0x80000000u;
  const std::uint32_t lo = ~(static_cast<std::uint32_t>(since) ^ 0x80000000u);
  return (std::uint64_t{hi} << 32) | lo;
}

// The scan and the last pass cut the units into chunks of this many, which
// the calling thread and one helper take in turn; small inputs use one
// thread.
constexpr std::size_t k_chunk = std::size_t{1} << 14;
constexpr std::size_t k_parallel_from = 4 * k_chunk;

// A chunk as the scan left it: its eligible principals (input order) and
// the entries of its ineligible ones.
struct Chunk {
  std::vector<Item> items;
  std::vector<Skipped> ineligible;
  std::size_t examined = 0;
};

// What one scanning thread keeps: the best units it saw, and per category
// how many units that could fit it saw.
struct Lane {
  std::vector<Ranked> batch;
  std::uint64_t threshold = 0;  // once the batch is full, the key of its worst
  std::vector<std::int64_t> pending;
};

// Runs work(0) here and, if `two`, work(1) on a helper thread; rethrows
// what the helper threw. Without a helper (none wanted, or none could
// start), runs work(0) then work(1) here: each must do the other's share
// when it finds it left.
template <class Work>
void on_threads(bool two, const Work& work) {
  if (!two) return work(0);
  std::exception_ptr failure;
  std::thread helper;
  try {
    helper = std::thread([&] {
      try {
        work(1);
      } catch (...) {
        failure = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    work(0);
    return work(1);
  }
  try {
    work(0);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (failure) std::rethrow_exception(failure);
}

// One build, in three steps:
// - scan: every unit in input order, in chunks, on up to two threads;
//   scores its principal, records why an ineligible principal cannot
//   travel, and keeps in a small batch per thread the best units that could
//   travel (one comparison per unit once the batch is full). Meanwhile the
//   output vectors are allocated and their pages touched, on the other
//   thread where there is one: page faults are a good part of the cost;
// - select: works through the batch in priority order until the places and
//   the standby list are full (a rare second scan refills it, twice as big);
// - explain: every unit the selection never reached, from its principal
//   alone, against the places left; chunks again, on up to two threads.
// Companions are looked at only for the units the selection examines. The
// result does not depend on how the threads interleave: every output has
// its place fixed by unit and chunk order.
class Builder {
public:
  Builder(const Config& config, const DayPlan& plan, const std::vector<Unit>& units)
      : m_units(units),
        m_policy(config, plan, units),
        m_two(units.size() >= k_parallel_from && std::thread::hardware_concurrency() > 1) {
    assert(units.size() <= std::numeric_limits<std::uint32_t>::max());
    m_batch_size = first_batch_size();
    m_chunks.resize((units.size() + k_chunk - 1) / k_chunk);
  }

  Manifest run() {
    scan();
    select();
    explain_unreached();
    m_policy.finish(m_out);
    return std::move(m_out);
  }

private:
  // Enough units to fill the places and the standby list twice over.
  std::size_t first_batch_size() const {
    const std::int64_t want = 2 * (m_policy.places() + std::max(0, m_policy.standby())) + 16;
    return static_cast<std::size_t>(std::clamp<std::int64_t>(want, 64, 1 << 16));
  }

  void scan() {
    std::vector<Lane> lanes(m_two ? 2 : 1);
    std::latch sized(1);
    std::atomic<std::size_t> next{0};
    on_threads(m_two, [&](int lane) {
      lanes[lane].pending.assign(m_policy.categories(), 0);
      if (!size_outputs(lane, sized)) return;
      for (std::size_t c = next++; c < m_chunks.size(); c = next++) scan_chunk(c, lanes[lane]);
    });
    m_pending = std::move(lanes[0].pending);
    m_batch = std::move(lanes[0].batch);
    if (lanes.size() < 2) return;
    for (std::size_t c = 0; c < m_pending.size(); ++c) m_pending[c] += lanes[1].pending[c];
    for (const Ranked& r : lanes[1].batch) offer(m_batch, r);
  }

  // Sizes the vectors the scan and the last pass write into, which touches
  // their pages. With a helper, this thread sizes the priorities while the
  // helper sizes the skip entries (one per unit at most, but for companions
  // left behind), then waits for the priorities; false if sizing them failed.
  bool size_outputs(int lane, std::latch& sized) {
    if (lane == 1 || !m_two) m_skipped.resize(m_units.size() + 64);
    if (lane == 1) {
      sized.wait();
      return m_out.priority.size() == m_units.size();
    }
    try {
      m_out.priority.resize(m_units.size());
    } catch (...) {
      sized.count_down();
      throw;
    }
    sized.count_down();
    return true;
  }

  void scan_chunk(std::size_t c, Lane& lane) {
    const std::size_t begin = c * k_chunk, end = std::min(m_units.size(), begin + k_chunk);
    m_chunks[c].items.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i)
      scan_unit(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(c), lane);
  }

  void scan_unit(std::uint32_t i, std::uint32_t c, Lane& lane) {
    const Candidate& p = m_units[i].principal;
    const std::uint16_t pcat = m_policy.category(p);
    const std::int64_t since = p.waiting_since.days_since_epoch();
    const Priority pr = m_policy.priority(p, pcat, since);
    m_out.priority[i] = pr;
    Chunk& chunk = m_chunks[c];
    if (!m_policy.eligible(p))
      return chunk.ineligible.push_back(m_policy.ineligible_entry(i, 0, p));
    const Item item{pack(pr.total(), since), i, pcat, m_policy.could_fit(pcat)};
    chunk.items.push_back(item);
    lane.pending[pcat] += item.could_fit;
    // One branch, seldom taken once the batch is full.
    if (item.could_fit & (item.key >= lane.threshold)) {
      offer(lane.batch, {item, c, static_cast<std::uint32_t>(chunk.items.size() - 1)});
      if (lane.batch.size() == m_batch_size) lane.threshold = lane.batch.front().item.key;
    }
  }

  // Higher priority first: total and waiting date are in the key; refs
  // (unique) break the remaining ties.
  bool goes_before(const Item& a, const Item& b) const {
    if (a.key != b.key) return a.key > b.key;
    const int c = m_units[a.unit].principal.ref.compare(m_units[b.unit].principal.ref);
    return c != 0 ? c < 0 : a.unit < b.unit;
  }

  // Keeps the m_batch_size best units offered, as a heap whose front is the
  // worst of them.
  void offer(std::vector<Ranked>& batch, const Ranked& r) const {
    auto before = [this](const Ranked& a, const Ranked& b) { return goes_before(a.item, b.item); };
    if (batch.size() < m_batch_size) {
      batch.push_back(r);
      std::push_heap(batch.begin(), batch.end(), before);
    } else if (goes_before(r.item, batch.front().item)) {
      std::pop_heap(batch.begin(), batch.end(), before);
      batch.back() = r;
      std::push_heap(batch.begin(), batch.end(), before);
    }
  }

  void select() {
    auto before = [this](const Ranked& a, const Ranked& b) { return goes_before(a.item, b.item); };
    for (;;) {
      std::sort_heap(m_batch.begin(), m_batch.end(), before);
      for (const Ranked& r : m_batch) {
        if (!m_policy.worth_going_on(m_pending)) return;
        Chunk& chunk = m_chunks[r.chunk];
        chunk.items[r.pos].examined = true;
        ++chunk.examined;
        --m_pending[r.item.pcat];
        m_policy.examine(r.item.unit, r.item.pcat);
      }
      // A batch that was not full held every unit that could travel.
      if (m_batch.size() < m_batch_size) return;
      refill();
    }
  }

  void refill() {
    m_batch.clear();
    m_batch_size *= 2;
    for (std::uint32_t c = 0; c < m_chunks.size(); ++c) {
      const std::vector<Item>& items = m_chunks[c].items;
      for (std::uint32_t pos = 0; pos < items.size(); ++pos)
        if (items[pos].could_fit && !items[pos].examined) offer(m_batch, {items[pos], c, pos});
    }
  }

  // Lays out m_skipped (the ineligible chunk by chunk, the examined, then
  // the unreached chunk by chunk) and fills it.
  void explain_unreached() {
    std::vector<std::size_t> ineligible_at(m_chunks.size()), unreached_at(m_chunks.size());
    std::size_t k = 0;
    for (std::size_t c = 0; c < m_chunks.size(); ++c) {
      ineligible_at[c] = k;
      k += m_chunks[c].ineligible.size();
    }
    std::vector<Skipped>& examined = m_policy.examined();
    std::move(examined.begin(), examined.end(), slot(k, examined.size()));
    k += examined.size();
    for (std::size_t c = 0; c < m_chunks.size(); ++c) {
      unreached_at[c] = k;
      k += m_chunks[c].items.size() - m_chunks[c].examined;
    }
    slot(k, 0);
    std::atomic<std::size_t> next{0};
    on_threads(m_two, [&](int) {
      for (std::size_t c = next++; c < m_chunks.size(); c = next++)
        explain_chunk(m_chunks[c], ineligible_at[c], unreached_at[c]);
    });
    m_skipped.resize(k);
    m_out.skipped = std::move(m_skipped);
  }

  // m_skipped from `at` for `count` entries, grown if need be.
  std::vector<Skipped>::iterator slot(std::size_t at, std::size_t count) {
    if (m_skipped.size() < at + count) m_skipped.resize(at + count);
    return m_skipped.begin() + static_cast<std::ptrdiff_t>(at);
  }

  void explain_chunk(Chunk& chunk, std::size_t ineligible_at, std::size_t unreached_at) {
    std::move(chunk.ineligible.begin(), chunk.ineligible.end(),
              m_skipped.begin() + static_cast<std::ptrdiff_t>(ineligible_at));
    for (const Item& item : chunk.items)
      if (!item.examined)
        m_skipped[unreached_at++] = {item.unit, 0, m_policy.unreached_reason(item.unit, item.pcat),
                                     0};
  }

  const std::vector<Unit>& m_units;
  Policy m_policy;
  bool m_two;  // a helper thread for the scan and the last pass
  std::vector<Chunk> m_chunks;
  std::vector<std::int64_t> m_pending;  // per category: could_fit units not yet examined
  std::vector<Ranked> m_batch;
  std::size_t m_batch_size = 0;
  std::vector<Skipped> m_skipped;  // becomes m_out.skipped
  Manifest m_out;
};

}  // namespace

Manifest build_manifest(const Config& config, const DayPlan& plan, const std::vector<Unit>& units) {
  return Builder(config, plan, units).run();
}

}  // namespace corridor::core
