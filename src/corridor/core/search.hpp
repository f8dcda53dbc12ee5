#pragma once
// What a search box's text may be looked up as (GET /api/v1/search): a
// case ref, a national ID, a passport number, or part of a name in either
// script. Pure: the API decides which of these fields a party may search
// (api/visibility.cpp) and app/ runs the look-ups.

#include <corridor/core/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// The longest query accepted, in bytes of UTF-8.
inline constexpr std::size_t k_max_search_bytes = 100;
// Shorter words of a query are not looked for in names (characters).
inline constexpr std::size_t k_min_name_token = 2;

struct SearchQuery {
  std::string text;  // trimmed, as typed (NFC): matched exactly against refs
  // The query as a national ID (normalize_national_id: 9 digits), if it is one.
  std::optional<std::string> national_id;
  // The query as a passport number (upper case, spaces removed), if it can be one.
  std::optional<std::string> passport_no;
  // The query's words folded as names are (name_search_key), each at least
  // k_min_name_token characters long; empty if the query is no name.
  std::vector<std::string> name_tokens;
};

// Parses a search box's text. Errc::bad_input naming "q" if it is empty (or
// only spaces), longer than k_max_search_bytes, not UTF-8, or holds a
// control character; the message never quotes it (it may be a person's
// name or number).
Result<SearchQuery> parse_search(std::string_view q);

// A name as a search compares it: Unicode NFKD without combining marks
// (Latin accents, Arabic harakat and the hamza of أ إ آ ؤ ئ), case-folded,
// with tatweel dropped, ٱ as ا, ى as ي and ة as ه, and every run of what
// is neither a letter nor a digit (spaces, punctuation) as one space. The
// same name typed in any Unicode form, case or spelling of these letters
// gives the same key. ASCII and Arabic-block names are folded without ICU
// (the same result, ~20 times faster: a search folds every case's names).
std::string name_search_key(std::string_view name);

// True if every token is part of `key` (a name_search_key).
bool name_key_matches(std::string_view key, const std::vector<std::string>& tokens);

// How well a name key matches: 0 the whole name, 1 every token starts a
// word, 2 anywhere inside words. Only for keys that match.
int name_match_rank(std::string_view key, const std::vector<std::string>& tokens);

}  // namespace corridor::core
