#include <corridor/core/dedup_compare.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace corridor::core {
namespace {

enum Feature : std::size_t {
  f_first,
  f_family,
  f_full,
  f_dob,
  f_sex,
  f_national_id,
  f_passport,
  f_phone,
  f_group
};

// Name token levels: exact, transliteration, fuzzy, disagree.
constexpr double k_fuzzy = 0.88;

// At most the Jaro–Winkler similarity of a and b, in a few steps: no more
// characters can match than those of each found in the other.
double jaro_winkler_bound(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1 : 0;
  std::uint32_t in_a = 0, in_b = 0;
  for (char c : a) in_a |= 1u << (c & 31);
  for (char c : b) in_b |= 1u << (c & 31);
  std::size_t ma = 0, mb = 0;
  for (char c : a) ma += (in_b >> (c & 31)) & 1;
  for (char c : b) mb += (in_a >> (c & 31)) & 1;
  const double m = static_cast<double>(std::min(ma, mb));
  const double jaro =
      (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + 1) / 3;
  std::size_t prefix = 0;
  while (prefix < std::min<std::size_t>({4, a.size(), b.size()}) && a[prefix] == b[prefix])
    ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1 - jaro);
}

std::uint8_t token_level(const DedupName& a, std::size_t i, const DedupName& b, std::size_t j) {
  // The same folded word can sound different (مصطفى, مصطفي: see dedup_name).
  if (a.arabic == b.arabic && a.keys[i] == b.keys[j]) return 0;
  const std::string& x = a.skeletons[i];
  const std::string& y = b.skeletons[j];
  if (x == y) return 1;
  if (jaro_winkler_bound(x, y) < k_fuzzy) return 3;
  return jaro_winkler(x, y) >= k_fuzzy ? 2 : 3;
}

// The best level over the pairs of names the two records hold.
template <class F>
std::uint8_t best_over_names(const PreparedPerson& a, const PreparedPerson& b, F level) {
  std::uint8_t best = k_level_missing;
  for (const DedupName& x : a.names)
    for (const DedupName& y : b.names) {
      best = std::min(best, level(x, y));
      if (best == 0) return best;
    }
  return best;
}

std::uint8_t first_level(const DedupName& a, const DedupName& b) {
  if (a.keys.empty() || b.keys.empty()) return k_level_missing;
  return token_level(a, 0, b, 0);
}

std::uint8_t family_level(const DedupName& a, const DedupName& b) {
  if (a.keys.size() < 2 || b.keys.size() < 2) return k_level_missing;
  return token_level(a, a.keys.size() - 1, b, b.keys.size() - 1);
}

// How many of s's middle names one of l's matches.
std::size_t middle_matches(const DedupName& s, const DedupName& l) {
  std::size_t matched = 0;
  for (std::size_t i = 1; i + 1 < s.keys.size(); ++i)
    for (std::size_t j = 1; j + 1 < l.keys.size(); ++j)
      if (token_level(s, i, l, j) <= 2) {
        ++matched;
        break;
      }
  return matched;
}

// The middle names (father's, grandfather's): exact, overlap, disagree.
std::uint8_t middle_level(const DedupName& a, const DedupName& b) {
  if (a.keys.size() < 3 || b.keys.size() < 3) return k_level_missing;
  const std::size_t matched = a.keys.size() < b.keys.size() ? middle_matches(a, b)
                              : a.keys.size() > b.keys.size()
                                  ? middle_matches(b, a)
                                  : std::max(middle_matches(a, b), middle_matches(b, a));
  if (matched == 0) return 2;
  return matched + 2 == a.keys.size() && a.keys.size() == b.keys.size() ? 0 : 1;
}

std::uint8_t dob_level(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (!a || !b) return k_level_missing;
  if (*a == *b) return 0;
  if (a->year != b->year) return 3;
  if (a->day == b->month && a->month == b->day) return 1;
  return 2;
}

// Exact, one digit wrong or two neighbours swapped, disagree.
std::uint8_t number_level(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return k_level_missing;
  if (a == b) return 0;
  if (a.size() != b.size()) return 2;
  std::vector<std::size_t> diff;
  for (std::size_t i = 0; i < a.size() && diff.size() <= 2; ++i)
    if (a[i] != b[i]) diff.push_back(i);
  if (diff.size() == 1) return 1;
  if (diff.size() == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] &&
      a[diff[1]] == b[diff[0]])
    return 1;
  return 2;
}

std::uint8_t group_level(const PreparedPerson& a, const PreparedPerson& b) {
  if (!a.group_ref.empty() && a.group_ref == b.group_ref) return 0;
  if ((!a.group_ref.empty() && a.group_ref == b.ref) ||
      (!b.group_ref.empty() && b.group_ref == a.ref))
    return 1;
  return 2;
}

std::string digits(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

std::string document(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

}  // namespace

PreparedPerson prepare(const DedupPerson& p) {
  PreparedPerson out;
  for (const std::string* name : {&p.name_ar, &p.name_en}) {
    DedupName n = dedup_name(*name);
    if (!n.keys.empty()) out.names.push_back(std::move(n));
  }
  out.national_id = digits(p.national_id);
  out.passport_no = document(p.passport_no);
  std::string phone = digits(p.phone);
  if (phone.size() >= 7) out.phone = phone.size() > 9 ? phone.substr(phone.size() - 9) : phone;
  out.date_of_birth = p.date_of_birth;
  out.sex = p.sex;
  out.ref = p.ref;
  out.group_ref = p.group_ref;
  return out;
}

Gamma gamma_of(const PreparedPerson& a, const PreparedPerson& b) {
  Gamma g;
  g[f_first] = best_over_names(a, b, first_level);
  g[f_family] = best_over_names(a, b, family_level);
  g[f_full] = best_over_names(a, b, middle_level);
  g[f_dob] = dob_level(a.date_of_birth, b.date_of_birth);
  g[f_sex] = a.sex && b.sex ? (*a.sex == *b.sex ? 0 : 1) : k_level_missing;
  g[f_national_id] = number_level(a.national_id, b.national_id);
  g[f_passport] = number_level(a.passport_no, b.passport_no);
  g[f_phone] = a.phone.empty() || b.phone.empty() ? k_level_missing : (a.phone == b.phone ? 0 : 1);
  g[f_group] = group_level(a, b);
  return g;
}

bool one_group(const Gamma& g) { return g[f_group] <= 1; }

WeightTable::WeightTable(const Weights& w) {
  prior = std::log2(w.lambda / (1 - w.lambda));
  const auto& names = dedup_feature_names();
  for (std::size_t f = 0; f < k_dedup_features; ++f) {
    const auto& levels = dedup_levels(names[f]);
    for (std::size_t l = 0; l < levels.size() && l < k_max_levels; ++l)
      weight[f][l] = w.weight(names[f], levels[l]);
  }
}

double WeightTable::match_weight(const Gamma& g) const {
  if (one_group(g)) return -std::numeric_limits<double>::infinity();
  double sum = prior;
  for (std::size_t f = 0; f < k_dedup_features; ++f)
    if (g[f] != k_level_missing) sum += weight[f][g[f]];
  return sum;
}

double score_of(double match_weight) { return 1.0 / (1.0 + std::exp2(-match_weight)); }

Comparison comparison_of(const Gamma& g, const WeightTable& t) {
  Comparison c;
  c.match_weight = t.match_weight(g);
  c.score = score_of(c.match_weight);
  const auto& names = dedup_feature_names();
  for (std::size_t f = 0; f < k_dedup_features; ++f) {
    const bool missing = g[f] == k_level_missing;
    c.features.push_back({std::string(names[f]),
                          missing ? "missing" : std::string(dedup_levels(names[f])[g[f]]),
                          missing ? 0.0 : t.weight[f][g[f]]});
  }
  return c;
}

DedupPerson dedup_person(const CaseRecord& c) {
  DedupPerson p;
  p.ref = c.ref;
  p.name_ar = c.person.name_ar;
  p.name_en = c.person.name_en;
  p.national_id = c.person.national_id;
  p.passport_no = c.person.passport_no;
  p.phone = c.person.phone;
  p.date_of_birth = c.person.date_of_birth;
  p.sex = c.person.sex;
  p.group_ref = c.group_ref;
  return p;
}

Comparison compare(const DedupPerson& a, const DedupPerson& b, const Weights& w) {
  return comparison_of(gamma_of(prepare(a), prepare(b)), WeightTable(w));
}

}  // namespace corridor::core
