#pragma once
// The Merkle tree of RFC 9162 section 2.1 (the RFC 6962 hashing): SHA-256,
// leaf hash = H(0x00 || data), node hash = H(0x01 || left || right), with
// inclusion and consistency proofs.
//
// Trees are read through a NodeSource: the hash of a *perfect* subtree,
// node (level, index) covering leaves [index << level, (index + 1) << level).
// The store keeps every such node (the tlog-tiles data), so a proof over a
// tree of n leaves costs O(log n) look-ups.

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace corridor::ledger {

using Hash = core::Hash256;

Hash sha256(std::string_view data);
Hash leaf_hash(std::string_view data);
Hash node_hash(const Hash& left, const Hash& right);
Hash empty_root();  // SHA-256("")

using NodeSource = std::function<Hash(unsigned level, std::uint64_t index)>;

// MTH(D[begin:end]) for begin < end.
Hash subtree_root(const NodeSource& nodes, std::uint64_t begin, std::uint64_t end);
// MTH(D[0:size]); empty_root() for size 0.
Hash tree_root(const NodeSource& nodes, std::uint64_t size);

// PATH(index, D[size]), index < size. Leaf level first.
std::vector<Hash> inclusion_proof(const NodeSource& nodes, std::uint64_t index, std::uint64_t size);
// PROOF(size1, D[size2]) for 0 < size1 <= size2 (empty when equal).
std::vector<Hash> consistency_proof(const NodeSource& nodes, std::uint64_t size1,
                                    std::uint64_t size2);

// RFC 9162 2.1.3.2. bad_input with the reason on failure.
core::Result<void> verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                                    std::span<const Hash> proof, const Hash& root);
// RFC 9162 2.1.4.2, with the reference implementation's edge cases:
// size1 == size2 needs an empty proof and equal roots; size1 == 0 or
// size2 < size1 is an error.
core::Result<void> verify_consistency(std::uint64_t size1, std::uint64_t size2, const Hash& root1,
                                      const Hash& root2, std::span<const Hash> proof);

// The right edge of a growing tree: the roots of its perfect subtrees, from
// the largest. Appending a leaf reports every perfect node it completes
// (the leaf itself at level 0 first), which is what the store keeps.
class Frontier {
public:
  using Emit = std::function<void(unsigned level, std::uint64_t index, const Hash& hash)>;

  Frontier() = default;
  // The frontier of the tree of `size` leaves held by `nodes`.
  static Frontier load(const NodeSource& nodes, std::uint64_t size);

  std::uint64_t size() const { return m_size; }
  void append(const Hash& leaf, const Emit& emit);
  Hash root() const;

private:
  std::uint64_t m_size = 0;
  std::vector<Hash> m_stack;  // perfect subtree roots, largest first
};

}  // namespace corridor::ledger
