// libFuzzer target for the duplicate matcher's name normaliser
// (core/dedup_names.hpp) and the comparison of a record with itself: no
// input may crash, hang, leak or trip a sanitizer; keys and skeletons stay
// paired, skeletons are ASCII letters, and a name always agrees with
// itself. Seeds: fuzz/corpus/dedup_names_fuzz/.

#include <corridor/core/dedup.hpp>
#include <corridor/core/dedup_names.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace corridor::core;

bool letters(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

void check_name(std::string_view input) {
  const DedupName n = dedup_name(input);
  if (n.keys.size() != n.skeletons.size()) std::abort();
  for (const std::string& s : n.skeletons)
    if (s.empty() || !letters(s)) std::abort();
  if (!letters(latin_skeleton(input))) std::abort();
  const double jw = jaro_winkler(input, n.keys.empty() ? std::string() : n.keys.front());
  if (!(jw >= 0 && jw <= 1)) std::abort();
}

void check_self(std::string_view input) {
  DedupPerson p;
  p.ref = "R1";
  p.name_ar = std::string(input);
  p.name_en = std::string(input.substr(0, input.size() / 2));
  (void)blocking_keys(p);
  const Comparison c = compare(p, p, default_weights());
  if (!(c.score >= 0 && c.score <= 1)) std::abort();
  for (const Feature& f : c.features)
    if (f.name == "name_first" && f.level != "exact" && f.level != "missing") std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // names are short; longer inputs only slow the search
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_name(input);
  check_self(input);
  return 0;
}
