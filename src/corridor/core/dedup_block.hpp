#pragma once
// Blocking (docs/dedup.md, "Blocking"): which pairs of records are compared
// at all. Used by find_duplicates() and estimate_weights().

#include <corridor/core/dedup_compare.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace corridor::core {

// Blocks larger than k_max_block are walked as a sorted neighbourhood: each
// record is compared with the next k_block_window records in the order of
// its name skeletons and date of birth.
inline constexpr std::size_t k_block_window = 24;

// The kinds of blocking key ("nid" for "nid:400123456"), in the order of
// Blocks::visit's `kind`; dedup.md lists them.
const std::vector<std::string_view>& block_kinds();

// The blocking keys of a prepared record (what blocking_keys() returns).
std::vector<std::string> prepared_keys(const PreparedPerson&);

// prepare() of each record, shared among `threads` threads; in input order.
std::vector<PreparedPerson> prepare_all(const std::vector<DedupPerson>&, unsigned threads);

// The blocks of a set of prepared records (which must outlive it).
class Blocks {
public:
  Blocks(const std::vector<PreparedPerson>&, unsigned threads);

  // How many pairs visit() can reach (each block's pairs, before the pairs
  // another block also holds are left to it), in all blocks or those of one
  // kind (an index into block_kinds()).
  std::uint64_t pair_bound() const { return m_pair_bound; }
  std::uint64_t pair_bound(std::size_t kind) const { return m_kind_bound.at(kind); }

  // visit(thread, a, b, gamma) for each pair (a < b) sharing a key, once per
  // pair (a pair only in large blocks may come once per such block), from
  // `threads` threads. With stride > 1 only the blocks whose key hash mixed
  // with `seed` is 0 modulo stride (a deterministic sample). Every call with
  // the same arguments reaches the same pairs, whatever the thread count.
  using Visitor = std::function<void(unsigned, std::uint32_t, std::uint32_t, const Gamma&)>;
  void visit(unsigned threads, std::uint64_t stride, std::uint64_t seed,
             const Visitor& visitor) const;
  // visit() over the blocks of one kind only, each pair of a block once
  // per block (a pair sharing two keys of the kind comes twice).
  void visit_kind(std::size_t kind, unsigned threads, std::uint64_t stride, std::uint64_t seed,
                  const Visitor& visitor) const;

private:
  struct Block {
    std::uint64_t hash;
    std::uint32_t begin, end;  // into m_members
  };
  struct PersonKey {
    std::uint64_t hash;
    bool small;
  };
  bool owns(const Block&, std::uint32_t a, std::uint32_t b) const;
  void visit_block(unsigned thread, const Block&, bool all, const Visitor&) const;
  void visit_blocks(unsigned threads, const std::function<bool(const Block&)>& keep, bool all,
                    const Visitor& visitor) const;

  const std::vector<PreparedPerson>& m_persons;
  std::vector<std::uint32_t> m_members;
  std::vector<Block> m_blocks;
  std::vector<std::uint32_t> m_key_offsets;  // per person into m_keys
  std::vector<PersonKey> m_keys;             // keys in blocks of 2 or more, by hash
  std::uint64_t m_pair_bound = 0;
  std::vector<std::uint64_t> m_kind_bound;
};

// Runs f(t) for t in [0, threads) on as many threads and joins them.
void run_threads(unsigned threads, const std::function<void(unsigned)>& f);

}  // namespace corridor::core
