#include <corridor/core/dedup_block.hpp>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

namespace corridor::core {
namespace {

// FNV-1a: a key's 64-bit hash, the same on every platform.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

void add_name_keys(std::set<std::string>& keys, const DedupName& n, const PreparedPerson& p) {
  const std::string& first = n.skeletons.front();
  const std::string family = n.skeletons.size() >= 2 ? n.skeletons.back() : std::string();
  const std::string year = p.date_of_birth ? std::to_string(p.date_of_birth->year) : std::string();
  if (!year.empty()) keys.insert("yf:" + year + ":" + first);
  if (!year.empty() && !family.empty()) keys.insert("yl:" + year + ":" + family);
  if (!family.empty()) {
    const std::string sex = p.sex ? std::string(to_string(*p.sex)) : "?";
    keys.insert("lfs:" + family + ":" + first.substr(0, 1) + ":" + sex);
  }
}

// The order records of a large block are walked in: names, then birth.
std::string sort_key(const PreparedPerson& p) {
  std::string key;
  if (!p.names.empty()) {
    const DedupName& n = p.names.back();
    key = n.skeletons.back() + "|" + n.skeletons.front();
  }
  if (p.date_of_birth) key += "|" + p.date_of_birth->to_string();
  return key;
}

// A key's hash with its kind in the low 3 bits.
std::uint64_t key_hash(const std::string& key) {
  const auto& kinds = block_kinds();
  const std::string_view kind = std::string_view(key).substr(0, key.find(':'));
  const auto at = std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
  return fnv1a(key) << 3 | static_cast<std::uint64_t>(at);
}

std::size_t kind_of(std::uint64_t hash) { return hash & 7; }

}  // namespace

const std::vector<std::string_view>& block_kinds() {
  static const std::vector<std::string_view> kinds = {"nid", "pp", "ph", "dob", "yf", "yl", "lfs"};
  return kinds;
}

std::vector<std::string> prepared_keys(const PreparedPerson& p) {
  std::set<std::string> keys;
  if (p.national_id.size() >= 5) keys.insert("nid:" + p.national_id);
  if (p.passport_no.size() >= 5) keys.insert("pp:" + p.passport_no);
  if (!p.phone.empty()) keys.insert("ph:" + p.phone);
  if (const auto& d = p.date_of_birth) {  // day and month unordered: exact or swapped
    keys.insert("dob:" + std::to_string(d->year) + "-" + two(std::min(d->month, d->day)) + "-" +
                two(std::max(d->month, d->day)));
  }
  for (const DedupName& n : p.names) add_name_keys(keys, n, p);
  return {keys.begin(), keys.end()};
}

std::vector<std::string> blocking_keys(const DedupPerson& p) { return prepared_keys(prepare(p)); }

void run_threads(unsigned threads, const std::function<void(unsigned)>& f) {
  threads = std::max(threads, 1u);
  if (threads == 1) return f(0);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(f, t);
  for (std::thread& th : pool) th.join();
}

std::vector<PreparedPerson> prepare_all(const std::vector<DedupPerson>& persons, unsigned threads) {
  std::vector<PreparedPerson> out(persons.size());
  threads = std::max(threads, 1u);
  run_threads(threads, [&](unsigned t) {
    for (std::size_t i = t; i < persons.size(); i += threads) out[i] = prepare(persons[i]);
  });
  return out;
}

Blocks::Blocks(const std::vector<PreparedPerson>& persons, unsigned threads) : m_persons(persons) {
  threads = std::max(threads, 1u);
  m_kind_bound.assign(block_kinds().size(), 0);
  std::vector<std::vector<std::pair<std::uint64_t, std::uint32_t>>> parts(threads);
  run_threads(threads, [&](unsigned t) {
    for (std::size_t i = t; i < persons.size(); i += threads)
      for (const std::string& k : prepared_keys(persons[i]))
        parts[t].emplace_back(key_hash(k), static_cast<std::uint32_t>(i));
  });
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
  for (auto& p : parts) entries.insert(entries.end(), p.begin(), p.end());
  parts.clear();
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  std::vector<std::uint32_t> key_count(persons.size() + 1, 0);
  for (std::size_t i = 0; i < entries.size();) {
    std::size_t j = i;
    while (j < entries.size() && entries[j].first == entries[i].first) ++j;
    if (j - i >= 2) {
      const std::size_t n = j - i;
      m_blocks.push_back({entries[i].first, static_cast<std::uint32_t>(m_members.size()),
                          static_cast<std::uint32_t>(m_members.size() + n)});
      for (std::size_t k = i; k < j; ++k) {
        m_members.push_back(entries[k].second);
        ++key_count[entries[k].second + 1];
      }
      const std::uint64_t pairs = n <= k_max_block ? n * (n - 1) / 2 : n * k_block_window;
      m_pair_bound += pairs;
      m_kind_bound[kind_of(entries[i].first)] += pairs;
    }
    i = j;
  }
  for (std::size_t i = 1; i < key_count.size(); ++i) key_count[i] += key_count[i - 1];
  m_key_offsets = key_count;
  m_keys.resize(m_members.size());
  std::vector<std::uint32_t> fill(key_count.begin(), key_count.end() - 1);
  for (const Block& b : m_blocks)  // in hash order: each person's keys come sorted
    for (std::uint32_t k = b.begin; k < b.end; ++k)
      m_keys[fill[m_members[k]]++] = {b.hash, b.end - b.begin <= k_max_block};
}

// A pair sharing several small blocks is compared in the one of least hash;
// a pair sharing a small block is never compared in a large one.
bool Blocks::owns(const Block& block, std::uint32_t a, std::uint32_t b) const {
  const bool small = block.end - block.begin <= k_max_block;
  std::uint32_t i = m_key_offsets[a], j = m_key_offsets[b];
  const std::uint32_t ie = m_key_offsets[a + 1], je = m_key_offsets[b + 1];
  while (i < ie && j < je) {
    if (m_keys[i].hash < m_keys[j].hash) {
      ++i;
    } else if (m_keys[j].hash < m_keys[i].hash) {
      ++j;
    } else {
      if (m_keys[i].small) return small && m_keys[i].hash == block.hash;
      ++i;
      ++j;
    }
  }
  return !small;
}

void Blocks::visit_block(unsigned thread, const Block& block, bool all,
                         const Visitor& visitor) const {
  auto pair = [&](std::uint32_t x, std::uint32_t y) {
    const std::uint32_t a = std::min(x, y), b = std::max(x, y);
    if (all || owns(block, a, b)) visitor(thread, a, b, gamma_of(m_persons[a], m_persons[b]));
  };
  const std::size_t n = block.end - block.begin;
  if (n <= k_max_block) {
    for (std::uint32_t i = block.begin; i < block.end; ++i)
      for (std::uint32_t j = i + 1; j < block.end; ++j) pair(m_members[i], m_members[j]);
    return;
  }
  std::vector<std::pair<std::string, std::uint32_t>> order;
  order.reserve(n);
  for (std::uint32_t i = block.begin; i < block.end; ++i)
    order.emplace_back(sort_key(m_persons[m_members[i]]), m_members[i]);
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n && j <= i + k_block_window; ++j)
      pair(order[i].second, order[j].second);
}

void Blocks::visit_blocks(unsigned threads, const std::function<bool(const Block&)>& keep, bool all,
                          const Visitor& visitor) const {
  std::atomic<std::size_t> next{0};
  constexpr std::size_t chunk = 64;
  run_threads(threads, [&](unsigned t) {
    for (std::size_t start = next.fetch_add(chunk); start < m_blocks.size();
         start = next.fetch_add(chunk)) {
      for (std::size_t i = start; i < std::min(start + chunk, m_blocks.size()); ++i)
        if (keep(m_blocks[i])) visit_block(t, m_blocks[i], all, visitor);
    }
  });
}

void Blocks::visit(unsigned threads, std::uint64_t stride, std::uint64_t seed,
                   const Visitor& visitor) const {
  visit_blocks(
      threads, [&](const Block& b) { return stride <= 1 || mix(b.hash ^ seed) % stride == 0; },
      false, visitor);
}

void Blocks::visit_kind(std::size_t kind, unsigned threads, std::uint64_t stride,
                        std::uint64_t seed, const Visitor& visitor) const {
  visit_blocks(
      threads,
      [&](const Block& b) {
        return kind_of(b.hash) == kind && (stride <= 1 || mix(b.hash ^ seed) % stride == 0);
      },
      true, visitor);
}

}  // namespace corridor::core
