// libFuzzer target for Merkle proof verification (ledger/merkle.hpp):
// verify_inclusion and verify_consistency must return for every input,
// never crash or loop. Input layout (big-endian):
//
//   kind[1]  first[8]  second[8]  hash_a[32]  hash_b[32]  proof[32]*
//
// kind even: inclusion of leaf hash_a at index `first` in a tree of
// `second` leaves with root hash_b; odd: consistency of sizes first ->
// second, roots hash_a, hash_b. Missing bytes read as zero. When the sizes
// fit a fixed 300-leaf tree, the generated proof must verify too, and a
// fuzzed proof that verifies against that tree must be the generated one.
// Seeds: fuzz/corpus/merkle_fuzz/ (scripts/fuzz.sh runs it).

#include <corridor/ledger/merkle.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace corridor::ledger;

constexpr std::uint64_t k_tree_size = 300;
constexpr std::size_t k_max_proof = 70;

// Every perfect node of a fixed tree, by level.
struct Tree {
  std::vector<std::vector<Hash>> levels;

  Tree() {
    levels.emplace_back();
    Frontier f;
    for (std::uint64_t i = 0; i < k_tree_size; ++i)
      f.append(leaf_hash("leaf " + std::to_string(i)),
               [this](unsigned level, std::uint64_t index, const Hash& h) {
                 if (levels.size() <= level) levels.resize(level + 1);
                 if (levels[level].size() != index) __builtin_trap();
                 levels[level].push_back(h);
               });
  }
  NodeSource source() const {
    return [this](unsigned level, std::uint64_t index) { return levels.at(level).at(index); };
  }
};

const Tree& tree() {
  static const Tree t;
  return t;
}

struct Reader {
  std::string_view in;
  std::uint8_t byte() {
    if (in.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(in[0]);
    in.remove_prefix(1);
    return b;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | byte();
    return v;
  }
  Hash hash() {
    Hash h{};
    for (auto& b : h) b = byte();
    return h;
  }
};

void check_inclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf, const Hash& root,
                     const std::vector<Hash>& proof) {
  (void)verify_inclusion(leaf, index, size, proof, root);
  if (index >= size || size > k_tree_size) return;
  const NodeSource nodes = tree().source();
  const Hash real_leaf = nodes(0, index), real_root = tree_root(nodes, size);
  const auto real = inclusion_proof(nodes, index, size);
  if (!verify_inclusion(real_leaf, index, size, real, real_root)) __builtin_trap();
  if (verify_inclusion(real_leaf, index, size, proof, real_root) && proof != real) __builtin_trap();
}

void check_consistency(std::uint64_t size1, std::uint64_t size2, const Hash& root1,
                       const Hash& root2, const std::vector<Hash>& proof) {
  (void)verify_consistency(size1, size2, root1, root2, proof);
  if (size1 == 0 || size1 > size2 || size2 > k_tree_size) return;
  const NodeSource nodes = tree().source();
  const Hash real1 = tree_root(nodes, size1), real2 = tree_root(nodes, size2);
  const auto real = consistency_proof(nodes, size1, size2);
  if (!verify_consistency(size1, size2, real1, real2, real)) __builtin_trap();
  if (verify_consistency(size1, size2, real1, real2, proof) && proof != real) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader r{std::string_view(reinterpret_cast<const char*>(data), size)};
  const bool inclusion = (r.byte() & 1) == 0;
  const std::uint64_t first = r.u64(), second = r.u64();
  const Hash a = r.hash(), b = r.hash();
  std::vector<Hash> proof;
  while (r.in.size() >= 32 && proof.size() < k_max_proof) proof.push_back(r.hash());
  if (inclusion)
    check_inclusion(first, second, a, b, proof);
  else
    check_consistency(first, second, a, b, proof);
  return 0;
}
