#include <corridor/ledger/merkle.hpp>

#include <corridor/ledger/key.hpp>

#include <openssl/evp.h>

#include <bit>
#include <cassert>
#include <stdexcept>
#include <string>

// RFC 9162 section 2.1. The proof generators follow the recursive PATH and
// SUBPROOF definitions; the verifiers follow the RFC's iterative algorithms
// step by step, so each can be checked against the text.

namespace corridor::ledger {
namespace {

core::Error bad(std::string message) {
  return core::make_error(core::Errc::bad_input, std::move(message));
}

// SHA-256 from OpenSSL: with the CPU's SHA extensions it is 3-4 times
// libsodium's portable code here (bench_ledger prints both). One context per
// thread, reused, so a hash costs no allocation.
class Sha256 {
public:
  Sha256() : m_md(EVP_MD_fetch(nullptr, "SHA256", nullptr)), m_ctx(EVP_MD_CTX_new()) {
    if (!m_md || !m_ctx) throw std::runtime_error("OpenSSL: no SHA-256");
  }
  ~Sha256() {
    EVP_MD_CTX_free(m_ctx);
    EVP_MD_free(m_md);
  }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  template <class... Parts>
  Hash operator()(const Parts&... parts) {
    bool ok = EVP_DigestInit_ex2(m_ctx, m_md, nullptr) == 1;
    ((ok = ok && EVP_DigestUpdate(m_ctx, parts.data(), parts.size()) == 1), ...);
    Hash out;
    unsigned int n = 0;
    ok = ok && EVP_DigestFinal_ex(m_ctx, out.data(), &n) == 1 && n == out.size();
    if (!ok) throw std::runtime_error("OpenSSL: SHA-256 failed");
    return out;
  }

private:
  EVP_MD* m_md;
  EVP_MD_CTX* m_ctx;
};

Sha256& hasher() {
  thread_local Sha256 h;
  return h;
}

// Hashes a one-byte prefix followed by `parts`.
template <class... Parts>
Hash prefixed_hash(unsigned char prefix, const Parts&... parts) {
  const std::string_view p(reinterpret_cast<const char*>(&prefix), 1);
  return hasher()(p, parts...);
}

// k of the MTH definition: the largest power of two below n, for n >= 2.
std::uint64_t split_point(std::uint64_t n) { return std::bit_floor(n - 1); }

void path(const NodeSource& nodes, std::uint64_t m, std::uint64_t begin, std::uint64_t end,
          std::vector<Hash>& out) {
  if (end - begin == 1) return;
  const std::uint64_t mid = begin + split_point(end - begin);
  if (m < mid) {
    path(nodes, m, begin, mid, out);
    out.push_back(subtree_root(nodes, mid, end));
  } else {
    path(nodes, m, mid, end, out);
    out.push_back(subtree_root(nodes, begin, mid));
  }
}

// SUBPROOF(m, D[begin:end], complete), m counted from `begin`.
void subproof(const NodeSource& nodes, std::uint64_t m, std::uint64_t begin, std::uint64_t end,
              bool complete, std::vector<Hash>& out) {
  if (m == end - begin) {
    if (!complete) out.push_back(subtree_root(nodes, begin, end));
    return;
  }
  const std::uint64_t k = split_point(end - begin);
  if (m <= k) {
    subproof(nodes, m, begin, begin + k, complete, out);
    out.push_back(subtree_root(nodes, begin + k, end));
  } else {
    subproof(nodes, m - k, begin + k, end, false, out);
    out.push_back(subtree_root(nodes, begin, begin + k));
  }
}

// Right-shifts fn and sn together until fn is odd or zero (RFC 9162).
void shift_to_odd(std::uint64_t& fn, std::uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Hash sha256(std::string_view data) { return hasher()(data); }

Hash leaf_hash(std::string_view data) { return prefixed_hash(0x00, data); }

Hash node_hash(const Hash& left, const Hash& right) { return prefixed_hash(0x01, left, right); }

Hash empty_root() { return sha256({}); }

Hash subtree_root(const NodeSource& nodes, std::uint64_t begin, std::uint64_t end) {
  assert(begin < end);
  const std::uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) {
    const auto level = static_cast<unsigned>(std::countr_zero(n));
    return nodes(level, begin >> level);
  }
  const std::uint64_t mid = begin + split_point(n);
  return node_hash(subtree_root(nodes, begin, mid), subtree_root(nodes, mid, end));
}

Hash tree_root(const NodeSource& nodes, std::uint64_t size) {
  return size == 0 ? empty_root() : subtree_root(nodes, 0, size);
}

std::vector<Hash> inclusion_proof(const NodeSource& nodes, std::uint64_t index,
                                  std::uint64_t size) {
  assert(index < size);
  std::vector<Hash> out;
  path(nodes, index, 0, size, out);
  return out;
}

std::vector<Hash> consistency_proof(const NodeSource& nodes, std::uint64_t size1,
                                    std::uint64_t size2) {
  assert(0 < size1 && size1 <= size2);
  std::vector<Hash> out;
  subproof(nodes, size1, 0, size2, true, out);
  return out;
}

core::Result<void> verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                                    std::span<const Hash> proof, const Hash& root) {
  if (index >= size)
    return bad("inclusion proof: leaf index " + std::to_string(index) + " is not below size " +
               std::to_string(size));
  std::uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return bad("inclusion proof: too many hashes");
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(p, r);
      shift_to_odd(fn, sn);
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return bad("inclusion proof: too few hashes");
  if (r != root) return bad("inclusion proof: computed root does not match");
  return {};
}

core::Result<void> verify_consistency(std::uint64_t size1, std::uint64_t size2, const Hash& root1,
                                      const Hash& root2, std::span<const Hash> proof) {
  if (size2 < size1)
    return bad("consistency proof: size1 " + std::to_string(size1) + " exceeds size2 " +
               std::to_string(size2));
  if (size1 == 0) return bad("consistency proof: a proof from the empty tree is meaningless");
  if (size1 == size2) {
    if (!proof.empty()) return bad("consistency proof: sizes are equal but the proof is not empty");
    if (root1 != root2) return bad("consistency proof: sizes are equal but the roots differ");
    return {};
  }
  if (proof.empty()) return bad("consistency proof: empty proof");
  // Step 2: a power-of-two first tree is itself the first node of the path.
  const bool prepend = std::has_single_bit(size1);
  std::uint64_t fn = size1 - 1, sn = size2 - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = prepend ? root1 : proof[0];
  Hash sr = fr;
  for (const Hash& c : proof.subspan(prepend ? 0 : 1)) {
    if (sn == 0) return bad("consistency proof: too many hashes");
    if ((fn & 1) != 0 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      shift_to_odd(fn, sn);
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return bad("consistency proof: too few hashes");
  if (fr != root1) return bad("consistency proof: computed first root does not match");
  if (sr != root2) return bad("consistency proof: computed second root does not match");
  return {};
}

Frontier Frontier::load(const NodeSource& nodes, std::uint64_t size) {
  Frontier f;
  f.m_size = size;
  std::uint64_t offset = 0;
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    if ((size & width) == 0) continue;
    f.m_stack.push_back(nodes(static_cast<unsigned>(level), offset >> level));
    offset += width;
  }
  return f;
}

void Frontier::append(const Hash& leaf, const Emit& emit) {
  const std::uint64_t index = m_size;
  Hash h = leaf;
  if (emit) emit(0, index, h);
  // Each trailing one bit of the old size is a left sibling waiting.
  for (unsigned level = 0; ((index >> level) & 1) != 0; ++level) {
    h = node_hash(m_stack.back(), h);
    m_stack.pop_back();
    if (emit) emit(level + 1, index >> (level + 1), h);
  }
  m_stack.push_back(h);
  ++m_size;
}

Hash Frontier::root() const {
  if (m_stack.empty()) return empty_root();
  Hash h = m_stack.back();
  for (auto it = m_stack.rbegin() + 1; it != m_stack.rend(); ++it) h = node_hash(*it, h);
  return h;
}

}  // namespace corridor::ledger
