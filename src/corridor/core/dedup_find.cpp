// find_duplicates: every blocked pair scored, the ones that reach the
// threshold kept, best first (docs/dedup.md).

#include <corridor/core/dedup.hpp>
#include <corridor/core/dedup_block.hpp>

#include <algorithm>

namespace corridor::core {

std::vector<CandidatePair> find_duplicates(const std::vector<DedupPerson>& persons,
                                           const Weights& weights, double min_score,
                                           DedupStats* stats, unsigned threads) {
  threads = std::max(threads, 1u);
  const std::vector<PreparedPerson> prepared = prepare_all(persons, threads);
  const Blocks blocks(prepared, threads);
  const WeightTable table(weights);
  struct alignas(64) Part {
    std::vector<CandidatePair> found;
    std::uint64_t comparisons = 0;
  };
  std::vector<Part> parts(threads);
  blocks.visit(threads, 1, 0, [&](unsigned t, std::uint32_t a, std::uint32_t b, const Gamma& g) {
    ++parts[t].comparisons;
    if (one_group(g)) return;  // never one person (dedup_one_group)
    if (score_of(table.match_weight(g)) >= min_score)
      parts[t].found.push_back({a, b, comparison_of(g, table)});
  });
  std::vector<CandidatePair> out;
  std::uint64_t comparisons = 0;
  for (Part& p : parts) {
    comparisons += p.comparisons;
    std::move(p.found.begin(), p.found.end(), std::back_inserter(out));
  }
  std::sort(out.begin(), out.end(), [](const CandidatePair& x, const CandidatePair& y) {
    if (x.comparison.score != y.comparison.score) return x.comparison.score > y.comparison.score;
    return std::pair(x.a, x.b) < std::pair(y.a, y.b);
  });
  // A pair only in large blocks may have come from more than one of them.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const CandidatePair& x, const CandidatePair& y) {
                          return x.a == y.a && x.b == y.b;
                        }),
            out.end());
  if (stats) *stats = {comparisons, comparisons};
  return out;
}

}  // namespace corridor::core
