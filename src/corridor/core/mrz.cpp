#include <corridor/core/mrz.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace corridor::core {
namespace {

constexpr char k_filler = '<';

// --- characters and check digits ----------------------------------------------

int char_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return c == k_filler ? 0 : -1;
}

// Only called on text that parse_mrz has checked, so the digit exists.
char check_char(std::string_view chars) { return static_cast<char>('0' + mrz_check_digit(chars)); }

std::string_view strip_fillers(std::string_view s) {
  while (!s.empty() && s.back() == k_filler) s.remove_suffix(1);
  return s;
}

std::string fillers_to_spaces(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), k_filler, ' ');
  return out;
}

// --- lines ----------------------------------------------------------------------

struct Line {
  std::string_view text;
  int number = 0;  // 1-based line of the input text
};

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// The lines between the first and the last non-blank line, each without
// its line end (LF, or CR LF).
std::vector<Line> mrz_lines(std::string_view text) {
  std::vector<Line> lines;
  for (int number = 1;; ++number) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, number});
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  auto first =
      std::find_if(lines.begin(), lines.end(), [](const Line& l) { return !is_blank(l.text); });
  auto last =
      std::find_if(lines.rbegin(), lines.rend(), [](const Line& l) { return !is_blank(l.text); });
  if (first == lines.end()) return {};
  return std::vector<Line>(first, last.base());
}

Error line_error(int line, const std::string& what) {
  return make_error(Errc::bad_input, "line " + std::to_string(line) + ": " + what);
}

// The line count, and no blank line inside the MRZ.
Result<void> check_line_count(const std::vector<Line>& lines) {
  if (lines.empty()) return make_error(Errc::bad_input, "no MRZ: the input is empty or blank");
  for (const Line& l : lines)
    if (is_blank(l.text)) return line_error(l.number, "a blank line inside the MRZ");
  const std::string rule = "an MRZ has 2 lines (TD2, TD3, MRVA, MRVB) or 3 (TD1)";
  if (lines.size() == 1) return line_error(lines[0].number, "only 1 line; " + rule);
  if (lines.size() > 3)
    return line_error(lines[3].number,
                      "too many lines (" + std::to_string(lines.size()) + "); " + rule);
  return {};
}

std::string describe(char c) {
  if (c == ' ') return "a space";
  if (c == '\t') return "a tab";
  if (c == '\r') return "a carriage return";
  if (c >= 'a' && c <= 'z') return std::string("'") + c + "' (lower case)";
  const auto u = static_cast<unsigned char>(c);
  if (u > 0x20 && u < 0x7f) return std::string("'") + c + "'";
  char hex[16];
  std::snprintf(hex, sizeof hex, "byte 0x%02X", u);
  return hex;
}

Result<void> check_characters(const std::vector<Line>& lines) {
  for (const Line& l : lines)
    for (std::size_t i = 0; i < l.text.size(); ++i)
      if (char_value(l.text[i]) < 0)
        return make_error(Errc::bad_input, "line " + std::to_string(l.number) + ", column " +
                                               std::to_string(i + 1) + ": " + describe(l.text[i]) +
                                               " is not an MRZ character (A-Z, 0-9, <)");
  return {};
}

Result<MrzFormat> check_lengths(const std::vector<Line>& lines, MrzFormat f, std::size_t length) {
  const std::string_view article = f == MrzFormat::mrva || f == MrzFormat::mrvb ? "an " : "a ";
  for (const Line& l : lines)
    if (l.text.size() != length)
      return line_error(l.number, std::to_string(l.text.size()) + " characters, " +
                                      std::string(article) + std::string(to_string(f)) +
                                      " line has " + std::to_string(length));
  return f;
}

// The format from the line count and the first line's length; visas are
// told apart by their document code 'V'.
Result<MrzFormat> detect_format(const std::vector<Line>& lines) {
  if (lines.size() == 3) return check_lengths(lines, MrzFormat::td1, 30);
  const std::string_view first = lines[0].text;
  const bool visa = first[0] == 'V';
  if (first.size() == 44) return check_lengths(lines, visa ? MrzFormat::mrva : MrzFormat::td3, 44);
  if (first.size() == 36) return check_lengths(lines, visa ? MrzFormat::mrvb : MrzFormat::td2, 36);
  return line_error(lines[0].number, std::to_string(first.size()) +
                                         " characters; the first line of a 2-line MRZ has 36 "
                                         "(TD2, MRVB) or 44 (TD3, MRVA)");
}

// --- fields ---------------------------------------------------------------------

// Line `line`, positions `start` to `start + length - 1`, 1-based like the
// tables of ICAO 9303.
std::string_view slice(const Mrz& m, int line, std::size_t start, std::size_t length) {
  return std::string_view(m.lines[line - 1]).substr(start - 1, length);
}

void add(Mrz& m, std::string name, std::string_view value) {
  m.fields.emplace_back(std::move(name), std::string(value));
}

void add_text(Mrz& m, std::string name, int line, std::size_t start, std::size_t length) {
  add(m, std::move(name), strip_fillers(slice(m, line, start, length)));
}

void add_raw(Mrz& m, std::string name, int line, std::size_t start, std::size_t length) {
  add(m, std::move(name), slice(m, line, start, length));
}

// `filler_ok`: an all-filler optional field may carry '<' for its digit
// instead of 0 (Doc 9303 Part 4; the CAN and POL vectors).
void add_check(Mrz& m, std::string field, std::string input, char found, bool filler_ok = false) {
  const char computed = check_char(input);
  const bool empty_field = filler_ok && found == k_filler && strip_fillers(input).empty();
  m.checks.push_back(
      {std::move(field), found, computed, found == computed || empty_field, std::move(input)});
}

// The name field: primary identifier (surname) up to the first "<<", then
// the secondary identifier (given names); each other '<' is a space.
void add_name(Mrz& m, std::string_view field) {
  field = strip_fillers(field);
  const std::size_t split = field.find("<<");
  add(m, "surname", fillers_to_spaces(field.substr(0, split)));
  add(m, "given_names",
      split == std::string_view::npos ? std::string() : fillers_to_spaces(field.substr(split + 2)));
}

// Where a TD1 or TD2 document number longer than 9 characters put its end:
// the optional data after it, if it overflowed.
struct Overflow {
  bool used = false;
  std::string_view rest;
};

// A long number (filler at the check digit's position, Part 5 and 6): the
// rest of the number and then its check digit lead the optional data.
// Issuers differ on whether the digit covers that filler (docs/mrz.md): the
// whole number (ICAO's example) is the rule; with the filler is accepted.
Overflow add_long_number(Mrz& m, std::string_view nine, std::string_view optional) {
  const std::size_t run = std::min(optional.find(k_filler), optional.size());
  const std::string more(optional.substr(0, run - 1));
  const char found = optional[run - 1];
  const std::string whole = std::string(nine) + more;
  const std::string with_filler = std::string(nine) + k_filler + more;
  add(m, "document_number", whole);
  add(m, "document_number_check_digit", std::string(1, found));
  const bool filler_form = check_char(whole) != found && check_char(with_filler) == found;
  add_check(m, "document_number", filler_form ? with_filler : whole, found);
  return {true, optional.substr(run)};
}

// The document number (9 positions), its check digit, and the optional
// data it may overflow into (empty where the format allows no overflow).
Overflow add_document_number(Mrz& m, std::string_view nine, char found, std::string_view optional) {
  if (found == k_filler && !optional.empty() && optional[0] != k_filler)
    return add_long_number(m, nine, optional);
  add(m, "document_number", strip_fillers(nine));
  add(m, "document_number_check_digit", std::string(1, found));
  add_check(m, "document_number", std::string(nine), found);
  return {};
}

void add_optional(Mrz& m, const std::string& name, std::string_view optional, const Overflow& o) {
  if (o.used) add(m, name + "_raw", strip_fillers(optional));
  add(m, name, strip_fillers(o.used ? o.rest : optional));
}

// Date of birth, sex, date of expiry and their check digits, from `start`.
void add_dates(Mrz& m, int line, std::size_t start) {
  add_raw(m, "date_of_birth", line, start, 6);
  add_raw(m, "date_of_birth_check_digit", line, start + 6, 1);
  add_check(m, "date_of_birth", std::string(slice(m, line, start, 6)),
            slice(m, line, start + 6, 1)[0]);
  add_raw(m, "sex", line, start + 7, 1);
  add_raw(m, "date_of_expiry", line, start + 8, 6);
  add_raw(m, "date_of_expiry_check_digit", line, start + 14, 1);
  add_check(m, "date_of_expiry", std::string(slice(m, line, start + 8, 6)),
            slice(m, line, start + 14, 1)[0]);
}

// TD1 (Part 5): number and optional data on line 1, dates, nationality and
// more optional data on line 2, the name on line 3.
void read_td1(Mrz& m) {
  add_text(m, "document_code", 1, 1, 2);
  add_text(m, "issuing_state", 1, 3, 3);
  const std::string_view optional = slice(m, 1, 16, 15);
  const Overflow o = add_document_number(m, slice(m, 1, 6, 9), slice(m, 1, 15, 1)[0], optional);
  add_optional(m, "optional_data_1", optional, o);
  add_dates(m, 2, 1);
  add_text(m, "nationality", 2, 16, 3);
  add_text(m, "optional_data_2", 2, 19, 11);
  add_raw(m, "composite_check_digit", 2, 30, 1);
  const std::string composite = std::string(slice(m, 1, 6, 25)) + std::string(slice(m, 2, 1, 7)) +
                                std::string(slice(m, 2, 9, 7)) + std::string(slice(m, 2, 19, 11));
  add_check(m, "composite", composite, slice(m, 2, 30, 1)[0]);
  add_name(m, m.lines[2]);
}

// The composite digit of TD2 and TD3: the last character of line 2, over
// positions 1-10, 14-20 and 22 to the one before it.
void add_composite(Mrz& m) {
  const std::size_t n = m.lines[1].size();
  add_raw(m, "composite_check_digit", 2, n, 1);
  const std::string input = std::string(slice(m, 2, 1, 10)) + std::string(slice(m, 2, 14, 7)) +
                            std::string(slice(m, 2, 22, n - 22));
  add_check(m, "composite", input, slice(m, 2, n, 1)[0]);
}

// TD2, TD3 and visas (Parts 4, 6, 7): code, state and name on line 1; the
// same first 28 positions of line 2; then each its own optional data.
void read_two_lines(Mrz& m) {
  const std::size_t n = m.lines[0].size();
  add_text(m, "document_code", 1, 1, 2);
  add_text(m, "issuing_state", 1, 3, 3);
  add_name(m, slice(m, 1, 6, n - 5));
  const bool td2 = m.format == MrzFormat::td2;
  const std::string_view optional = td2 ? slice(m, 2, 29, 7) : std::string_view();
  const Overflow o = add_document_number(m, slice(m, 2, 1, 9), slice(m, 2, 10, 1)[0], optional);
  add_text(m, "nationality", 2, 11, 3);
  add_dates(m, 2, 14);
  if (m.format == MrzFormat::td3) {
    add_text(m, "personal_number", 2, 29, 14);
    add_raw(m, "personal_number_check_digit", 2, 43, 1);
    add_check(m, "personal_number", std::string(slice(m, 2, 29, 14)), slice(m, 2, 43, 1)[0], true);
    add_composite(m);
  } else if (td2) {
    add_optional(m, "optional_data", optional, o);
    add_composite(m);
  } else {
    add_text(m, "optional_data", 2, 29, n - 28);
  }
}

// --- identity at the gate -------------------------------------------------------

using Tokens = std::vector<std::string>;

// How a name's Latin letters with diacritics become A-Z: stripped of the
// marks (Ä -> A), or as ICAO 9303 Part 3 transliterates some (Ä -> AE).
enum class Spelling { plain, icao };

// U+00C0 to U+017F, stripped of diacritics ("" for × and ÷).
constexpr std::array<std::string_view, 192> k_latin_fold{
    "A", "A", "A",  "A",  "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",   // U+00C0
    "D", "N", "O",  "O",  "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "SS",  // U+00D0
    "A", "A", "A",  "A",  "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",   // U+00E0
    "D", "N", "O",  "O",  "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "Y",   // U+00F0
    "A", "A", "A",  "A",  "A", "A", "C",  "C", "C", "C", "C", "C", "C", "C", "D",  "D",   // U+0100
    "D", "D", "E",  "E",  "E", "E", "E",  "E", "E", "E", "E", "E", "G", "G", "G",  "G",   // U+0110
    "G", "G", "G",  "G",  "H", "H", "H",  "H", "I", "I", "I", "I", "I", "I", "I",  "I",   // U+0120
    "I", "I", "IJ", "IJ", "J", "J", "K",  "K", "K", "L", "L", "L", "L", "L", "L",  "L",   // U+0130
    "L", "L", "L",  "N",  "N", "N", "N",  "N", "N", "N", "N", "N", "O", "O", "O",  "O",   // U+0140
    "O", "O", "OE", "OE", "R", "R", "R",  "R", "R", "R", "S", "S", "S", "S", "S",  "S",   // U+0150
    "S", "S", "T",  "T",  "T", "T", "T",  "T", "U", "U", "U", "U", "U", "U", "U",  "U",   // U+0160
    "U", "U", "U",  "U",  "W", "W", "Y",  "Y", "Y", "Z", "Z", "Z", "Z", "Z", "Z",  "S",   // U+0170
};

// The A-Z letters a code point stands for; "" for a separator.
std::string_view fold(char32_t cp, Spelling spelling) {
  if (spelling == Spelling::icao) {
    switch (cp) {
      case 0xC4:  // Ä
      case 0xE4:
        return "AE";
      case 0xC5:  // Å
      case 0xE5:
        return "AA";
      case 0xD6:  // Ö
      case 0xF6:
      case 0xD8:  // Ø
      case 0xF8:
        return "OE";
      case 0xDC:  // Ü
      case 0xFC:
        return "UE";
    }
  }
  if (cp >= 0xC0 && cp < 0xC0 + k_latin_fold.size()) return k_latin_fold[cp - 0xC0];
  return "";
}

// Appends `letters` to the token being built, or ends it for a separator.
void push(Tokens& out, std::string& token, std::string_view letters) {
  if (!letters.empty()) {
    token += letters;
  } else if (!token.empty()) {
    out.push_back(std::move(token));
    token.clear();
  }
}

// The A-Z tokens of an approved (UTF-8) name. Only 2-byte sequences can
// hold the Latin letters folded here; any other non-ASCII byte separates.
Tokens approved_tokens(std::string_view name, Spelling spelling) {
  Tokens out;
  std::string token;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto b = static_cast<unsigned char>(name[i]);
    if (b < 0x80) {
      const char up =
          (b >= 'a' && b <= 'z') ? static_cast<char>(b - 'a' + 'A') : static_cast<char>(b);
      push(out, token, up >= 'A' && up <= 'Z' ? std::string_view(&up, 1) : std::string_view());
      continue;
    }
    const auto next = i + 1 < name.size() ? static_cast<unsigned char>(name[i + 1]) : 0;
    if ((b & 0xE0) != 0xC0 || (next & 0xC0) != 0x80) {
      push(out, token, {});
      continue;
    }
    const char32_t cp = static_cast<char32_t>(((b & 0x1F) << 6) | (next & 0x3F));
    ++i;
    // Combining diacritical marks (a name typed decomposed) belong to the
    // letter before them: they are dropped, not separators.
    if (cp >= 0x300 && cp <= 0x36F) continue;
    push(out, token, fold(cp, spelling));
  }
  push(out, token, {});
  return out;
}

Tokens mrz_tokens(const Mrz& m) {
  return approved_tokens(m.field("surname") + " " + m.field("given_names"), Spelling::plain);
}

// The raw name field: a full one (no trailing filler) may be truncated.
std::string_view name_field(const Mrz& m) {
  if (m.format == MrzFormat::td1) return m.lines[2];
  return std::string_view(m.lines[0]).substr(5);
}

// MRZ tokens but the last are approved tokens; the last begins another.
bool is_truncation_of(const Tokens& mrz, Tokens approved) {
  if (mrz.empty()) return false;
  for (std::size_t i = 0; i + 1 < mrz.size(); ++i) {
    auto it = std::find(approved.begin(), approved.end(), mrz[i]);
    if (it == approved.end()) return false;
    approved.erase(it);
  }
  return std::any_of(approved.begin(), approved.end(),
                     [&](const std::string& a) { return a.starts_with(mrz.back()); });
}

bool name_matches(const Mrz& m, std::string_view name_en) {
  const Tokens in_order = mrz_tokens(m);
  Tokens presented = in_order;
  std::sort(presented.begin(), presented.end());
  const bool full = name_field(m).back() != k_filler;
  for (Spelling spelling : {Spelling::plain, Spelling::icao}) {
    Tokens approved = approved_tokens(name_en, spelling);
    if (presented.empty() || approved.empty()) continue;
    if (full && is_truncation_of(in_order, approved)) return true;
    std::sort(approved.begin(), approved.end());
    if (approved == presented) return true;
  }
  return false;
}

bool has_part(std::string_view optional, const std::string& id) {
  for (std::size_t start = 0; start <= optional.size();) {
    const std::size_t end = std::min(optional.find(k_filler, start), optional.size());
    if (optional.substr(start, end - start) == id) return true;
    start = end + 1;
  }
  return false;
}

bool document_matches(const Mrz& m, const Person& p) {
  const std::string number = m.field("document_number");
  if (!number.empty() && (number == p.passport_no || number == p.national_id)) return true;
  return m.format == MrzFormat::td1 && !p.national_id.empty() &&
         (has_part(m.field("optional_data_1"), p.national_id) ||
          has_part(m.field("optional_data_2"), p.national_id));
}

std::string approved_documents(const Person& p) {
  if (p.passport_no.empty()) return p.national_id;
  if (p.national_id.empty()) return p.passport_no;
  return p.passport_no + " or " + p.national_id;
}

std::string yymmdd(const Date& d) {
  char out[16];
  std::snprintf(out, sizeof out, "%02d%02d%02d", ((d.year % 100) + 100) % 100, d.month, d.day);
  return out;
}

std::string presented_name(const Mrz& m) {
  const std::string given = m.field("given_names");
  return m.field("surname") + (given.empty() ? "" : ", " + given);
}

}  // namespace

std::string_view to_string(MrzFormat f) {
  switch (f) {
    case MrzFormat::td1:
      return "TD1";
    case MrzFormat::td2:
      return "TD2";
    case MrzFormat::td3:
      return "TD3";
    case MrzFormat::mrva:
      return "MRVA";
    case MrzFormat::mrvb:
      return "MRVB";
  }
  return "?";
}

bool Mrz::valid() const {
  return std::all_of(checks.begin(), checks.end(), [](const MrzCheck& c) { return c.ok; });
}

std::string Mrz::field(std::string_view name) const {
  for (const auto& [key, value] : fields)
    if (key == name) return value;
  return {};
}

const MrzCheck* Mrz::check(std::string_view field_name) const {
  for (const MrzCheck& c : checks)
    if (c.field == field_name) return &c;
  return nullptr;
}

int mrz_check_digit(std::string_view chars) {
  static constexpr std::array<int, 3> k_weights{7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const int v = char_value(chars[i]);
    if (v < 0) return -1;
    sum += v * k_weights[i % 3];
  }
  return sum % 10;
}

Result<Mrz> parse_mrz(std::string_view text) {
  const std::vector<Line> lines = mrz_lines(text);
  // A bad character first: it is the most precise report, and a bare CR
  // line end would otherwise look like a one-line MRZ.
  if (auto chars = check_characters(lines); !chars) return std::move(chars).error();
  if (auto count = check_line_count(lines); !count) return std::move(count).error();
  auto format = detect_format(lines);
  if (!format) return std::move(format).error();
  Mrz m;
  m.format = *format;
  for (const Line& l : lines) m.lines.emplace_back(l.text);
  if (m.format == MrzFormat::td1)
    read_td1(m);
  else
    read_two_lines(m);
  return m;
}

std::vector<IdentityDifference> identity_differences(const Mrz& mrz, const Person& approved) {
  std::vector<IdentityDifference> out;
  if (!document_matches(mrz, approved))
    out.push_back({"document_number", mrz.field("document_number"), approved_documents(approved)});
  if (mrz.field("date_of_birth") != yymmdd(approved.date_of_birth))
    out.push_back(
        {"date_of_birth", mrz.field("date_of_birth"), approved.date_of_birth.to_string()});
  if (!name_matches(mrz, approved.name_en))
    out.push_back({"name", presented_name(mrz), approved.name_en});
  return out;
}

}  // namespace corridor::core
