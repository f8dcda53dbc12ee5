#include <corridor/ledger/merkle.hpp>

#include <corridor/ledger/test_vectors.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <bit>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>

namespace corridor::ledger {
namespace {

using namespace vectors;

Hash hash(const nlohmann::json& hex) {
  auto h = core::hash_from_hex(hex.get<std::string>());
  if (!h) throw std::runtime_error("not a 32-byte hash: " + hex.get<std::string>());
  return *h;
}

std::vector<Hash> hashes(const nlohmann::json& list) {
  std::vector<Hash> out;
  if (list.is_null()) return out;
  for (const auto& h : list) out.push_back(hash(h));
  return out;
}

// MTH over leaf hashes, straight from the RFC's recursive definition.
Hash naive_mth(const std::vector<Hash>& leaves, std::size_t begin, std::size_t end) {
  if (end - begin == 1) return leaves[begin];
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return node_hash(naive_mth(leaves, begin, begin + k), naive_mth(leaves, begin + k, end));
}

// Every perfect node over `leaves`, by (level, index).
using NodeMap = std::map<std::pair<unsigned, std::uint64_t>, Hash>;

NodeMap naive_nodes(const std::vector<Hash>& leaves) {
  NodeMap nodes;
  for (unsigned level = 0; (std::size_t{1} << level) <= leaves.size(); ++level) {
    const std::size_t width = std::size_t{1} << level;
    for (std::size_t i = 0; (i + 1) * width <= leaves.size(); ++i)
      nodes[{level, i}] = naive_mth(leaves, i * width, (i + 1) * width);
  }
  return nodes;
}

// A NodeSource over `nodes` that fails the test on any node not complete
// within the first `size` leaves: proofs and roots of a tree of `size`
// leaves must not look further.
NodeSource source(const NodeMap& nodes, std::uint64_t size) {
  return [&nodes, size](unsigned level, std::uint64_t index) {
    if (((index + 1) << level) > size) {
      ADD_FAILURE() << "node (" << level << ", " << index << ") is beyond size " << size;
      return Hash{};
    }
    return nodes.at({level, index});
  };
}

std::vector<Hash> make_leaves(std::size_t n) {
  std::vector<Hash> leaves;
  for (std::size_t i = 0; i < n; ++i) leaves.push_back(leaf_hash("leaf " + std::to_string(i)));
  return leaves;
}

// The published 8-leaf tree: its nodes as published, by (level, index).
struct EightLeafTree {
  std::vector<std::string> inputs;
  NodeMap nodes;
};

EightLeafTree eight_leaf_tree(const nlohmann::json& doc) {
  EightLeafTree t;
  const auto& tree = doc.at("eight_leaf_tree");
  for (const auto& in : tree.at("leaf_inputs_hex"))
    t.inputs.push_back(unhex(in.get<std::string>()));
  for (unsigned level = 0; level <= 3; ++level) {
    const auto& list = tree.at("node_hashes_by_level").at("level" + std::to_string(level));
    for (std::size_t i = 0; i < list.size(); ++i) t.nodes[{level, i}] = hash(list[i]);
  }
  return t;
}

TEST(MerkleHasher, MatchesPublishedVectors) {
  const auto doc = load_vectors("merkle.json");
  int checked = 0;
  for (const auto& v : doc.at("hasher_unit_vectors").at("vectors")) {
    const Hash want = hash(v.at("want"));
    if (v.contains("input_hex")) {
      EXPECT_EQ(sha256(unhex(v.at("input_hex").get<std::string>())), want);
      EXPECT_EQ(empty_root(), want);
    } else if (v.contains("leaf_hex")) {
      EXPECT_EQ(leaf_hash(unhex(v.at("leaf_hex").get<std::string>())), want);
    } else {
      // The published children are 4-byte strings, which node_hash (32-byte
      // hashes only) cannot take: check the 0x01 framing through sha256,
      // then node_hash against that framing.
      const std::string left = unhex(v.at("left_hex").get<std::string>());
      const std::string right = unhex(v.at("right_hex").get<std::string>());
      EXPECT_EQ(sha256("\x01" + left + right), want);
      const Hash a = leaf_hash(left), b = leaf_hash(right);
      const std::string framed =
          "\x01" + std::string(a.begin(), a.end()) + std::string(b.begin(), b.end());
      EXPECT_EQ(node_hash(a, b), sha256(framed));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(MerkleTree, MatchesEveryPublishedNodeAndRoot) {
  const auto doc = load_vectors("merkle.json");
  const auto t = eight_leaf_tree(doc);
  std::vector<Hash> leaves;
  for (const auto& in : t.inputs) leaves.push_back(leaf_hash(in));
  const NodeMap computed = naive_nodes(leaves);
  ASSERT_EQ(computed.size(), t.nodes.size());
  for (const auto& [at, h] : t.nodes) EXPECT_EQ(computed.at(at), h) << at.first << ":" << at.second;
  for (const auto& [size, root] : doc.at("eight_leaf_tree").at("root_hash_by_tree_size").items()) {
    const std::uint64_t n = std::stoull(size);
    EXPECT_EQ(tree_root(source(t.nodes, n), n), hash(root)) << n;
    Frontier f;
    for (std::uint64_t i = 0; i < n; ++i) f.append(leaves[i], nullptr);
    EXPECT_EQ(f.root(), hash(root)) << n;
  }
}

// Frontier::load asks for exactly the compact range, largest first.
TEST(MerkleTree, LoadsThePublishedCompactRanges) {
  const auto doc = load_vectors("merkle.json");
  const auto t = eight_leaf_tree(doc);
  for (const auto& [size, refs] :
       doc.at("eight_leaf_tree").at("compact_range_by_tree_size").items()) {
    if (size == "comment") continue;
    const std::uint64_t n = std::stoull(size);
    std::vector<std::string> asked;
    const NodeSource inner = source(t.nodes, n);
    const Frontier f = Frontier::load(
        [&](unsigned level, std::uint64_t index) {
          asked.push_back(std::to_string(level) + ":" + std::to_string(index));
          return inner(level, index);
        },
        n);
    EXPECT_EQ(asked, refs.get<std::vector<std::string>>()) << n;
    EXPECT_EQ(f.size(), n);
    EXPECT_EQ(f.root(), hash(doc.at("eight_leaf_tree").at("root_hash_by_tree_size").at(size)));
  }
}

TEST(MerkleProof, GeneratesAndVerifiesPublishedInclusionProofs) {
  const auto doc = load_vectors("merkle.json");
  const auto t = eight_leaf_tree(doc);
  int checked = 0;
  for (const auto& v : doc.at("inclusion_proofs").at("vectors")) {
    const auto index = v.at("leaf_index").get<std::uint64_t>();
    const auto size = v.at("tree_size").get<std::uint64_t>();
    const auto proof = hashes(v.at("proof"));
    EXPECT_EQ(hash(v.at("leaf_hash")), t.nodes.at({0, index}));
    EXPECT_EQ(inclusion_proof(source(t.nodes, size), index, size), proof) << index << "/" << size;
    auto ok = verify_inclusion(hash(v.at("leaf_hash")), index, size, proof, hash(v.at("root")));
    EXPECT_TRUE(ok) << index << "/" << size << ": " << (ok ? "" : ok.error().message);
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

TEST(MerkleProof, GeneratesAndVerifiesPublishedConsistencyProofs) {
  const auto doc = load_vectors("merkle.json");
  const auto t = eight_leaf_tree(doc);
  int checked = 0;
  for (const auto& v : doc.at("consistency_proofs").at("vectors")) {
    const auto size1 = v.at("size1").get<std::uint64_t>();
    const auto size2 = v.at("size2").get<std::uint64_t>();
    const auto proof = hashes(v.at("proof"));
    EXPECT_EQ(consistency_proof(source(t.nodes, size2), size1, size2), proof)
        << size1 << "->" << size2;
    auto ok = verify_consistency(size1, size2, hash(v.at("root1")), hash(v.at("root2")), proof);
    EXPECT_TRUE(ok) << size1 << "->" << size2 << ": " << (ok ? "" : ok.error().message);
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

// A probe's hex value as a 32-byte hash; nullopt for any other length,
// which our verifiers cannot even be asked about (so the probe fails).
std::optional<Hash> probe_hash(const nlohmann::json& hex) {
  return core::hash_from_hex(hex.get<std::string>());
}

std::optional<std::vector<Hash>> probe_proof(const nlohmann::json& list) {
  std::vector<Hash> out;
  if (list.is_null()) return out;
  for (const auto& h : list) {
    auto p = probe_hash(h);
    if (!p) return std::nullopt;
    out.push_back(*p);
  }
  return out;
}

TEST(MerkleProbes, InclusionProbesFailExactlyWhenWanted) {
  const auto doc = load_vectors("merkle_probes.json");
  int checked = 0;
  for (const auto& v : doc.at("inclusion")) {
    const auto leaf = probe_hash(v.at("leafHash_hex"));
    const auto root = probe_hash(v.at("root_hex"));
    const auto proof = probe_proof(v.at("proof_hex"));
    bool ok = false;
    if (leaf && root && proof)
      ok = verify_inclusion(*leaf, v.at("leafIdx").get<std::uint64_t>(),
                            v.at("treeSize").get<std::uint64_t>(), *proof, *root)
               .ok();
    EXPECT_EQ(ok, !v.at("wantErr").get<bool>()) << v.at("file");
    ++checked;
  }
  EXPECT_EQ(checked, 98);
}

TEST(MerkleProbes, ConsistencyProbesFailExactlyWhenWanted) {
  const auto doc = load_vectors("merkle_probes.json");
  const std::string edge =
      "testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json";
  int checked = 0, edges = 0;
  for (const auto& v : doc.at("consistency")) {
    const auto root1 = probe_hash(v.at("root1_hex"));
    const auto root2 = probe_hash(v.at("root2_hex"));
    const auto proof = probe_proof(v.at("proof_hex"));
    bool ok = false;
    if (root1 && root2 && proof)
      ok = verify_consistency(v.at("size1").get<std::uint64_t>(),
                              v.at("size2").get<std::uint64_t>(), *root1, *root2, *proof)
               .ok();
    bool want_ok = !v.at("wantErr").get<bool>();
    if (v.at("file") == edge) {
      // The known edge case (vectors/README.md, merkle_probes.json
      // "known_edge_case"): equal sizes with 12-byte "roots". The Go
      // reference accepts it without looking at hash lengths; we insist on
      // 32-byte hashes, so we reject it, deliberately.
      ASSERT_TRUE(want_ok);
      EXPECT_EQ(v.at("root1_hex").get<std::string>().size(), 24u);
      want_ok = false;
      ++edges;
    }
    EXPECT_EQ(ok, want_ok) << v.at("file");
    ++checked;
  }
  EXPECT_EQ(checked, 98);
  EXPECT_EQ(edges, 1);
}

// Every proof in trees of 1..40 leaves verifies, and fails once any hash,
// the index or the root is wrong. (A proof may well verify for another tree
// size with the same shape, so sizes are left to the probes.)
TEST(MerkleProof, EveryProofOfSmallTreesVerifies) {
  const auto leaves = make_leaves(40);
  const NodeMap nodes = naive_nodes(leaves);
  for (std::uint64_t n = 1; n <= leaves.size(); ++n) {
    const Hash root = naive_mth(leaves, 0, n);
    for (std::uint64_t i = 0; i < n; ++i) {
      auto proof = inclusion_proof(source(nodes, n), i, n);
      ASSERT_TRUE(verify_inclusion(leaves[i], i, n, proof, root)) << i << "/" << n;
      if (n > 1) {
        EXPECT_FALSE(verify_inclusion(leaves[i], (i + 1) % n, n, proof, root));
      }
      Hash other = root;
      other[5] ^= 4;
      EXPECT_FALSE(verify_inclusion(leaves[i], i, n, proof, other));
      for (auto& h : proof) {
        h[0] ^= 1;
        EXPECT_FALSE(verify_inclusion(leaves[i], i, n, proof, root)) << i << "/" << n;
        h[0] ^= 1;
      }
    }
    for (std::uint64_t m = 1; m <= n; ++m) {
      const Hash old_root = naive_mth(leaves, 0, m);
      auto proof = consistency_proof(source(nodes, n), m, n);
      ASSERT_TRUE(verify_consistency(m, n, old_root, root, proof)) << m << "->" << n;
      EXPECT_EQ(proof.empty(), m == n);
      Hash other = old_root;
      other[9] ^= 2;
      EXPECT_FALSE(verify_consistency(m, n, other, root, proof)) << m << "->" << n;
      for (auto& h : proof) {
        h[31] ^= 0x80;
        EXPECT_FALSE(verify_consistency(m, n, old_root, root, proof)) << m << "->" << n;
        h[31] ^= 0x80;
      }
    }
  }
}

TEST(MerkleTree, SubtreeRootMatchesNaiveMthForEveryRange) {
  const auto leaves = make_leaves(40);
  const NodeMap nodes = naive_nodes(leaves);
  for (std::uint64_t b = 0; b < leaves.size(); ++b)
    for (std::uint64_t e = b + 1; e <= leaves.size(); ++e)
      EXPECT_EQ(subtree_root(source(nodes, e), b, e), naive_mth(leaves, b, e)) << b << "," << e;
  EXPECT_EQ(tree_root(source(nodes, 0), 0), empty_root());
}

using Emitted = std::vector<std::tuple<unsigned, std::uint64_t, Hash>>;

// For every size 0..300: appending gives the naive root; the emitted nodes
// are exactly the perfect subtrees, each once, leaf first; and a frontier
// loaded from the store at that size carries on identically.
TEST(Frontier, AppendsEmitsAndLoadsLikeTheNaiveTree) {
  constexpr std::size_t k_n = 300;
  const auto leaves = make_leaves(k_n);
  const NodeMap nodes = naive_nodes(leaves);
  Frontier f;
  EXPECT_EQ(f.root(), empty_root());
  std::set<std::pair<unsigned, std::uint64_t>> seen;
  for (std::uint64_t i = 0; i < k_n; ++i) {
    Frontier loaded = Frontier::load(source(nodes, i), i);
    EXPECT_EQ(loaded.size(), i);
    EXPECT_EQ(loaded.root(), f.root()) << i;
    Emitted emitted, emitted_loaded;
    f.append(leaves[i], [&](unsigned level, std::uint64_t index, const Hash& h) {
      emitted.emplace_back(level, index, h);
    });
    loaded.append(leaves[i], [&](unsigned level, std::uint64_t index, const Hash& h) {
      emitted_loaded.emplace_back(level, index, h);
    });
    EXPECT_EQ(emitted_loaded, emitted) << i;
    ASSERT_FALSE(emitted.empty());
    EXPECT_EQ(emitted.front(), std::make_tuple(0u, i, leaves[i]));
    EXPECT_EQ(emitted.size(), 1u + std::countr_one(i)) << i;
    for (const auto& [level, index, h] : emitted) {
      EXPECT_TRUE(seen.insert({level, index}).second) << "emitted twice: " << level << ":" << index;
      EXPECT_EQ(nodes.at({level, index}), h) << level << ":" << index;
    }
    EXPECT_EQ(f.size(), i + 1);
    EXPECT_EQ(f.root(), naive_mth(leaves, 0, i + 1)) << i + 1;
    EXPECT_EQ(loaded.root(), f.root()) << i + 1;
    EXPECT_EQ(tree_root(source(nodes, i + 1), i + 1), f.root()) << i + 1;
  }
  EXPECT_EQ(seen.size(), nodes.size());
}

}  // namespace
}  // namespace corridor::ledger
