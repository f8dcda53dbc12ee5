#pragma once
// Names as the duplicate matcher compares them (docs/dedup.md, "Names"):
// folded as a search folds them (name_search_key), particles joined or
// dropped, and each token reduced to a phonetic skeleton in ASCII that the
// same name gives in either script and in the usual Gaza transliterations.

#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// One name, as tokens. keys[i] is the folded token with its particles
// (name_search_key, then "abu"/"abd" joined to the next word, bin/ibn and
// a separate al-/el- dropped); skeletons[i] is its phonetic skeleton. The
// two vectors have the same size; both are empty for a name with no letters.
struct DedupName {
  std::vector<std::string> keys;
  std::vector<std::string> skeletons;
  bool arabic = false;  // any token was not ASCII (compared by skeleton only)
};

// Splits and normalises a name in either script. Thread-safe (Arabic tokens
// are transliterated through a per-thread ICU transliterator and cache).
DedupName dedup_name(std::string_view name);

// The skeleton of one ASCII lower-case token: kh/h, sh/ch/s, th/t, dh/d,
// gh/g, ph/f, q/c/k; ou/oo/aw/ow as w, ei/ey/ay/ai/ee/ie and a single i
// as y (Gaza spellings write a long i as i, a short one as e: Samir,
// Khaled); other vowels dropped except an initial one (kept as "a");
// doubled letters as one; a final h dropped after three letters.
// "mohammed", "muhammad" and "mohamad" all give "mhmd".
std::string latin_skeleton(std::string_view token);

// An Arabic token in ASCII: ICU's Arabic-Latin transliteration with its
// marks removed and ʿ/ʾ as "a" ("محمد" -> "mhmd"). Cached per thread.
std::string arabic_to_latin(std::string_view token);

// Jaro–Winkler similarity in [0,1] of two byte strings (prefix scale 0.1,
// up to 4 characters). 1 for two empty strings.
double jaro_winkler(std::string_view a, std::string_view b);

}  // namespace corridor::core
