#include <corridor/core/dedup_names.hpp>

#include <corridor/core/search.hpp>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>

namespace corridor::core {
namespace {

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Particles as name_search_key leaves them (Arabic with its hamza gone).
bool dropped(std::string_view t) {
  return one_of(t, {"bin", "ibn", "ben", "bint", "binti", "بن", "ابن", "بنت"});
}
bool latin_article(std::string_view t) {
  return one_of(t, {"al", "el", "ul", "il", "ar", "as", "ash", "at", "ad", "az", "an", "ed", "es",
                    "er", "et", "en", "ez"});
}
bool abu(std::string_view t) { return one_of(t, {"abu", "abou", "abo", "aboo", "ابو"}); }
bool abd(std::string_view t) {
  return one_of(t, {"abd", "abdul", "abdel", "abdal", "abdol", "عبد"});
}

constexpr std::string_view k_arabic_article = "\xD8\xA7\xD9\x84";  // ال

// A word without its article: "ال" before three or more letters.
std::string strip_article(std::string_view t) {
  if (t.starts_with(k_arabic_article) && t.size() >= k_arabic_article.size() + 6)
    return std::string(t.substr(k_arabic_article.size()));
  return std::string(t);
}

struct Token {
  std::string_view prefix;  // "", "abu" or "abd"
  std::string stem;
};

// "abushaban", "abdulrahman", "ابوشعبان", "عبدالرحمن": a particle written
// as one word with the name.
Token split_joined(const std::string& t) {
  static constexpr std::array<std::string_view, 2> abu_forms = {"abou", "abu"};
  static constexpr std::array<std::string_view, 10> abd_forms = {
      "abdul", "abdel", "abdal", "abdol", "abdil", "abdur", "abdus", "abdar", "abdas", "abdu"};
  for (std::string_view p : abu_forms)
    if (t.starts_with(p) && t.size() >= p.size() + 3) return {"abu", t.substr(p.size())};
  for (std::string_view p : abd_forms)
    if (t.starts_with(p) && t.size() >= p.size() + 3) return {"abd", t.substr(p.size())};
  const std::string abu_ar = "\xD8\xA7\xD8\xA8\xD9\x88";  // ابو
  const std::string abd_ar = "\xD8\xB9\xD8\xA8\xD8\xAF";  // عبد
  const std::string abdal_ar = abd_ar + std::string(k_arabic_article);
  if (t.starts_with(abdal_ar) && t.size() >= abdal_ar.size() + 4)
    return {"abd", t.substr(abdal_ar.size())};
  if (t.starts_with(abu_ar) && t.size() >= abu_ar.size() + 4)
    return {"abu", t.substr(abu_ar.size())};
  return {"", strip_article(t)};
}

std::vector<Token> tokens_of(const std::vector<std::string>& words) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const bool last = i + 1 == words.size();
    if (dropped(w) && !last) continue;
    if (latin_article(w) && !last) continue;
    if ((abu(w) || abd(w)) && !last) {
      std::size_t j = i + 1;
      if (latin_article(words[j]) && j + 1 < words.size()) ++j;
      out.push_back({abu(w) ? "abu" : "abd", strip_article(words[j])});
      i = j;
      continue;
    }
    out.push_back(split_joined(w));
  }
  return out;
}

std::vector<std::string> split_words(const std::string& key) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < key.size()) {
    std::size_t sp = key.find(' ', start);
    if (sp == std::string::npos) sp = key.size();
    if (sp > start) words.push_back(key.substr(start, sp - start));
    start = sp + 1;
  }
  return words;
}

bool vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The letter (or marker) a position of a Latin token stands for, and how
// many characters it takes; 0 for a vowel.
std::pair<char, std::size_t> sound_at(std::string_view t, std::size_t i) {
  const char c = t[i];
  const char n = i + 1 < t.size() ? t[i + 1] : '\0';
  if (n == 'h') {
    switch (c) {
      case 'k':
        return {'h', 2};
      case 's':
      case 'c':
        return {'s', 2};
      case 't':
        return {'t', 2};
      case 'd':
        return {'d', 2};
      case 'g':
        return {'g', 2};
      case 'p':
        return {'f', 2};
      default:
        break;
    }
  }
  if (c == 'd' && n == 'j') return {'j', 2};
  if (c == 'c' && n == 'k') return {'k', 2};
  if ((c == 'o' && (n == 'u' || n == 'o' || n == 'w')) || (c == 'a' && n == 'w')) return {'w', 2};
  if ((c == 'e' && (n == 'i' || n == 'y' || n == 'e')) || (c == 'a' && (n == 'y' || n == 'i')) ||
      (c == 'i' && n == 'e'))
    return {'y', 2};
  if (c == 'i') return {'y', 1};  // after the first letter: Samir, Karim (a short i is "e")
  if (vowel(c)) return {0, 1};
  switch (c) {
    case 'q':
    case 'c':
      return {'k', 1};
    case 'v':
      return {'f', 1};
    default:
      return {c, 1};
  }
}

}  // namespace

std::string latin_skeleton(std::string_view token) {
  std::string t;
  for (char c : token)
    if (c >= 'a' && c <= 'z') t += c;
  std::string out;
  std::size_t i = 0;
  if (!t.empty() && vowel(t[0])) {
    out += 'a';
    i = 1;
  }
  while (i < t.size()) {
    const auto [sound, len] = sound_at(t, i);
    if (sound != 0 && (out.empty() || out.back() != sound)) out += sound;
    i += len;
  }
  if (out.size() >= 4 && out.back() == 'h') out.pop_back();
  return out;
}

std::string arabic_to_latin(std::string_view token) {
  thread_local std::unordered_map<std::string, std::string> cache;
  thread_local std::unique_ptr<icu::Transliterator> arabic_latin;
  const std::string key(token);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  UErrorCode status = U_ZERO_ERROR;
  if (!arabic_latin) {
    arabic_latin.reset(icu::Transliterator::createInstance("Arabic-Latin", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) arabic_latin.reset();
  }
  std::string out;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (arabic_latin && nfd && U_SUCCESS(status)) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(token.data(), static_cast<std::int32_t>(token.size())));
    arabic_latin->transliterate(u);
    const icu::UnicodeString d = nfd->normalize(u, status);
    for (std::int32_t i = 0; U_SUCCESS(status) && i < d.length(); i = d.moveIndex32(i, 1)) {
      const UChar32 c = d.char32At(i);
      if (c == 0x02BF || c == 0x02BE) out += 'a';  // ʿ ʾ: ain and hamza
      if (c >= 'a' && c <= 'z') out += static_cast<char>(c);
      if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    }
  }
  if (cache.size() > (1u << 20)) cache.clear();  // bounded: names repeat, typos do not
  cache.emplace(key, out);
  return out;
}

DedupName dedup_name(std::string_view name) {
  DedupName out;
  for (Token& t : tokens_of(split_words(name_search_key(name)))) {
    const bool latin = ascii(t.stem);
    if (!latin) out.arabic = true;
    std::string skeleton = latin_skeleton(latin ? t.stem : arabic_to_latin(t.stem));
    if (t.prefix == "abu") skeleton = "abw" + skeleton;
    if (t.prefix == "abd") skeleton = "abd" + skeleton;
    if (skeleton.empty()) continue;  // digits, or a script ICU cannot write in Latin
    out.keys.push_back(std::string(t.prefix) + t.stem);
    out.skeletons.push_back(std::move(skeleton));
  }
  return out;
}

double jaro_winkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1;
  if (a.empty() || b.empty()) return 0;
  const std::size_t range = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::array<bool, 64> ma{}, mb{};
  const std::size_t la = std::min<std::size_t>(a.size(), 64),
                    lb = std::min<std::size_t>(b.size(), 64);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < la; ++i) {
    const std::size_t lo = i > range ? i - range : 0, hi = std::min(lb, i + range + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (mb[j] || a[i] != b[j]) continue;
      ma[i] = mb[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0;
  std::size_t transpositions = 0;
  for (std::size_t i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
  std::size_t prefix = 0;
  while (prefix < std::min<std::size_t>({4, la, lb}) && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

}  // namespace corridor::core
