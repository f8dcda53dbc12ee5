// libFuzzer target for the MRZ parser and the gate's identity comparison
// (core/mrz.hpp): no input may crash, hang, leak or trip a sanitizer, and
// what parses must keep the format's shape. Seeds: fuzz/corpus/mrz_fuzz/.

#include <corridor/core/mrz.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace corridor::core;

std::size_t line_length(MrzFormat f) {
  switch (f) {
    case MrzFormat::td1:
      return 30;
    case MrzFormat::td2:
    case MrzFormat::mrvb:
      return 36;
    case MrzFormat::td3:
    case MrzFormat::mrva:
      return 44;
  }
  std::abort();
}

bool mrz_chars(const std::string& line) {
  return std::all_of(line.begin(), line.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
  });
}

// The shape of a parsed MRZ: line count and lengths by format, MRZ
// characters only, and every check digit recomputable from its input.
void check_shape(const Mrz& m) {
  const std::size_t count = m.format == MrzFormat::td1 ? 3 : 2;
  if (m.lines.size() != count) std::abort();
  for (const std::string& line : m.lines)
    if (line.size() != line_length(m.format) || !mrz_chars(line)) std::abort();
  const bool visa = m.format == MrzFormat::mrva || m.format == MrzFormat::mrvb;
  if (visa != (m.lines[0][0] == 'V') && m.format != MrzFormat::td1) std::abort();
  if (m.checks.size() < 3 || (m.check("composite") == nullptr) != visa) std::abort();
  for (const MrzCheck& c : m.checks) {
    if (mrz_check_digit(c.input) != c.computed - '0') std::abort();
    if (c.found == c.computed && !c.ok) std::abort();
    if (c.ok && c.found != c.computed && c.found != '<') std::abort();
  }
  const bool all_ok =
      std::all_of(m.checks.begin(), m.checks.end(), [](const MrzCheck& c) { return c.ok; });
  if (m.valid() != all_ok || m.field("surname").size() > line_length(m.format)) std::abort();
}

// Parsing the lines again gives the same fields (the parse is canonical).
void check_reparse(const Mrz& m) {
  std::string text;
  for (const std::string& line : m.lines) text += line + "\n";
  auto again = parse_mrz(text);
  if (!again || again->fields != m.fields) std::abort();
}

bool has_letter(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// The person the MRZ describes matches it: no difference it can show.
void check_self_match(const Mrz& m) {
  const std::string dob = m.field("date_of_birth");
  Person p;
  p.passport_no = m.field("document_number");
  p.name_en = m.field("surname") + " " + m.field("given_names");
  const bool digits =
      std::all_of(dob.begin(), dob.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits)
    p.date_of_birth = Date{2000 + std::stoi(dob.substr(0, 2)), std::stoi(dob.substr(2, 2)),
                           std::stoi(dob.substr(4, 2))};
  for (const IdentityDifference& d : identity_differences(m, p)) {
    if (d.field == "date_of_birth" && digits) std::abort();
    if (d.field == "document_number" && !p.passport_no.empty()) std::abort();
    if (d.field == "name" && has_letter(p.name_en)) std::abort();
  }
}

// The comparison on any approved data, against a fixed document.
void compare(std::string_view input) {
  static const Mrz passport = *parse_mrz(
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
      "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
  Person p;
  p.name_en = std::string(input);
  p.national_id = std::string(input.substr(0, 9));
  for (const IdentityDifference& d : identity_differences(passport, p))
    if (d.field != "document_number" && d.field != "date_of_birth" && d.field != "name")
      std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto m = parse_mrz(input);
  if (m) {
    check_shape(*m);
    check_reparse(*m);
    check_self_match(*m);
  } else if (m.error().code != Errc::bad_input || m.error().message.empty()) {
    std::abort();
  }
  compare(input);
  return 0;
}
