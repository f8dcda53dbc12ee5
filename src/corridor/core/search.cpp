#include <corridor/core/search.hpp>

#include <corridor/core/national_id.hpp>
#include <corridor/core/person_fields.hpp>
#include <corridor/core/text.hpp>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace corridor::core {
namespace {

// A passport number as stored: capital letters and digits, up to 20.
std::optional<std::string> as_passport(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return std::nullopt;
    out += c;
  }
  if (out.empty() || out.size() > 20) return std::nullopt;
  return out;
}

// Arabic letters a search treats as one (after the marks are gone).
UChar32 fold_letter(UChar32 c) {
  switch (c) {
    case 0x0671:
      return 0x0627;  // alef wasla -> alef
    case 0x0649:
      return 0x064A;  // alef maksura -> yeh
    case 0x0629:
      return 0x0647;  // teh marbuta -> heh
    default:
      return c;
  }
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::vector<std::string> split_words(std::string_view key) {
  std::vector<std::string> words;
  while (!key.empty()) {
    const auto sp = key.find(' ');
    if (sp != 0) words.emplace_back(key.substr(0, sp));
    key.remove_prefix(sp == std::string_view::npos ? key.size() : sp + 1);
  }
  return words;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else {  // the Arabic block: two bytes
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// name_search_key without ICU for the names nearly all are: ASCII and the
// Arabic block (U+0600..U+06FF), whose NFKD decompositions are the hamza
// and madda marks dropped below. nullopt for anything else (ICU then).
std::optional<std::string> fast_key(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool space = true;
  auto separator = [&] {
    if (!space) out += ' ';
    space = true;
  };
  for (std::size_t i = 0; i < name.size();) {
    const auto b = static_cast<unsigned char>(name[i]);
    if (b < 0x80) {
      ++i;
      if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        out += static_cast<char>(b);
      } else if (b >= 'A' && b <= 'Z') {
        out += static_cast<char>(b - 'A' + 'a');
      } else if (b < 0x20 || b == 0x7F) {
        return std::nullopt;
      } else {
        separator();  // space and ASCII punctuation
        continue;
      }
      space = false;
      continue;
    }
    if ((b & 0xE0) != 0xC0 || i + 1 >= name.size()) return std::nullopt;
    const auto b2 = static_cast<unsigned char>(name[i + 1]);
    if ((b2 & 0xC0) != 0x80) return std::nullopt;
    char32_t c = (char32_t(b & 0x1F) << 6) | (b2 & 0x3F);
    i += 2;
    if (c < 0x0600 || c > 0x06FF) return std::nullopt;
    if (c == 0x060C || c == 0x061B || c == 0x061F || c == 0x066A || c == 0x066B || c == 0x066C ||
        c == 0x066D || c == 0x06D4) {
      separator();  // Arabic punctuation
      continue;
    }
    // Combining marks (harakat, Quranic marks) and tatweel.
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 ||
        (c >= 0x0610 && c <= 0x061A) || (c >= 0x06D6 && c <= 0x06DC) ||
        (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 || c == 0x06E8 || (c >= 0x06EA && c <= 0x06ED))
      continue;
    if (c < 0x0620 || c == 0x06DD || c == 0x06DE || c == 0x06E9 || c == 0x06FD || c == 0x06FE)
      return std::nullopt;                                      // rare: ICU
    if (c == 0x0622 || c == 0x0623 || c == 0x0625) c = 0x0627;  // آ أ إ: alef
    if (c == 0x0624) c = 0x0648;                                // ؤ: waw
    if (c == 0x0626) c = 0x064A;                                // ئ: yeh
    if (c == 0x06C0 || c == 0x06C2 || c == 0x06C3 || c == 0x06D3 || c == 0x0675 || c == 0x0676 ||
        c == 0x0677 || c == 0x0678)
      return std::nullopt;  // other decomposing letters: ICU
    append_utf8(out, static_cast<char32_t>(fold_letter(static_cast<UChar32>(c))));
    space = false;
  }
  if (space && !out.empty()) out.pop_back();
  return out;
}

}  // namespace

std::string name_search_key(std::string_view name) {
  if (auto fast = fast_key(name)) return std::move(*fast);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) return {};
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<std::int32_t>(name.size())));
  icu::UnicodeString decomposed = nfkd->normalize(in, status);
  if (U_FAILURE(status)) return {};
  decomposed.foldCase();
  icu::UnicodeString out;
  bool space = true;  // no leading space
  for (std::int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    if (u_charType(c) == U_NON_SPACING_MARK || c == 0x0640) continue;
    if (!u_isalnum(c)) {  // spaces, punctuation, symbols
      if (!space) out.append(static_cast<UChar>(' '));
      space = true;
      continue;
    }
    out.append(fold_letter(c));
    space = false;
  }
  if (space && out.length() > 0) out.truncate(out.length() - 1);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

bool name_key_matches(std::string_view key, const std::vector<std::string>& tokens) {
  return !tokens.empty() && std::all_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
    return key.find(t) != std::string_view::npos;
  });
}

int name_match_rank(std::string_view key, const std::vector<std::string>& tokens) {
  std::string joined;
  for (const std::string& t : tokens) joined += (joined.empty() ? "" : " ") + t;
  if (joined == key) return 0;
  const std::vector<std::string> words = split_words(key);
  const bool starts = std::all_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return w.starts_with(t); });
  });
  return starts ? 1 : 2;
}

Result<SearchQuery> parse_search(std::string_view q) {
  const std::string_view text = trim(q);
  if (text.empty()) return invalid("q", "empty: type a ref, an ID or passport number, or a name");
  if (text.size() > k_max_search_bytes)
    return invalid("q", "longer than " + std::to_string(k_max_search_bytes) + " bytes");
  if (std::string why = reason_problem(text, k_max_search_bytes); !why.empty())
    return invalid("q", "not UTF-8, or holds a control character");
  SearchQuery out;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString normal =
      nfc->normalize(icu::UnicodeString::fromUTF8(
                         icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size()))),
                     status);
  if (U_FAILURE(status)) return invalid("q", "cannot be normalised (invalid Unicode)");
  normal.toUTF8String(out.text);
  // A whole number only: "123" is no one's ID, though it pads to one.
  if (std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) == 9)
    out.national_id = normalize_national_id(text);
  out.passport_no = as_passport(text);
  // A query with a digit is a ref or a document number: names hold none,
  // so they are not scanned for it.
  if (std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return out;
  for (std::string& word : split_words(name_search_key(out.text)))
    if (code_points(word) >= k_min_name_token) out.name_tokens.push_back(std::move(word));
  return out;
}

}  // namespace corridor::core
