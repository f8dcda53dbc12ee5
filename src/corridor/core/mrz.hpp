#pragma once
// The machine readable zone (MRZ) of travel documents, ICAO Doc 9303:
// passports (TD3), ID cards (TD1, TD2) and visas (MRV-A, MRV-B). Parsing,
// the 7-3-1 check digits, and the identity comparison made at the gate.
// Layouts, and the rules chosen where issuers differ: docs/mrz.md. Pure:
// no I/O; every function is thread-safe.

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor::core {

enum class MrzFormat { td1, td2, td3, mrva, mrvb };

// "TD1", "TD2", "TD3", "MRVA", "MRVB" (as in tests/vectors/mrz.json).
std::string_view to_string(MrzFormat f);

// One check digit: the field it covers ("document_number", "date_of_birth",
// "date_of_expiry", "personal_number", "composite"), the character found in
// the MRZ, the digit computed over `input`, and whether they agree.
struct MrzCheck {
  std::string field;
  char found = '<';
  char computed = '0';
  bool ok = false;
  // The characters the digit is computed over. For a long TD1/TD2 document
  // number that is the whole number, or, where only that fits the digit
  // found, the number with the filler at position 15 (TD1) or 10 (TD2):
  // issuers differ, docs/mrz.md.
  std::string input;
};

struct Mrz {
  MrzFormat format = MrzFormat::td3;
  std::vector<std::string> lines;  // the MRZ lines, without line ends
  // Name and value of every field, in the order they appear in the MRZ.
  // Codes, names, numbers and optional data have trailing fillers '<'
  // removed (internal ones kept; in names each '<' becomes a space); dates,
  // sex and check digits are the raw characters. Keys by format:
  //  all:  document_code issuing_state surname given_names document_number
  //        document_number_check_digit nationality date_of_birth
  //        date_of_birth_check_digit sex date_of_expiry
  //        date_of_expiry_check_digit
  //  TD3:  personal_number personal_number_check_digit composite_check_digit
  //  TD2:  optional_data composite_check_digit
  //  TD1:  optional_data_1 optional_data_2 composite_check_digit
  //  MRVA, MRVB: optional_data
  // A TD1 or TD2 document number longer than 9 characters (filler at the
  // check digit's position) is given whole, and the optional data field it
  // overflowed into is also given raw, as optional_data_1_raw (TD1) or
  // optional_data_raw (TD2); optional_data_1 / optional_data is then what
  // follows the number's check digit.
  std::vector<std::pair<std::string, std::string>> fields;
  // Every check digit of the format, in MRZ order, "composite" last (not
  // for visas, which have none).
  std::vector<MrzCheck> checks;

  // True if every check digit agrees.
  bool valid() const;
  // The field's value, or "" if the format has no such field.
  std::string field(std::string_view name) const;
  // The check over `field_name`, or nullptr if the format has none.
  const MrzCheck* check(std::string_view field_name) const;
};

// The ICAO 9303 check digit of `chars`: values 0-9 for digits, 10-35 for
// A-Z, 0 for '<', weighted 7, 3, 1 from the left, summed, mod 10.
// Returns -1 if a character is outside A-Z, 0-9 and '<'.
int mrz_check_digit(std::string_view chars);

// Parses the text of an MRZ: 2 or 3 lines, ended by LF or CRLF (a final
// line end is optional). Blank lines (empty, or only spaces and tabs)
// before and after the MRZ are ignored; every other character must be an
// MRZ character, so spaces around a line are reported, not dropped. The
// format follows from the lines: 3 x 30 TD1; 2 x 36 TD2, or MRVB if the
// document code starts with 'V'; 2 x 44 TD3, or MRVA likewise.
// A check digit that disagrees is not an error: the result holds it with
// ok == false (see Mrz::valid).
// Fails with Errc::bad_input whose message names the problem by its line
// in `text` (1-based, counting the blank lines skipped) and, for a bad
// character, its column (1-based). The first bad character is reported
// before anything else: "line 1, column 45: a space is not an MRZ character
// (A-Z, 0-9, <)"; then "no MRZ: the input is empty or blank", a blank line
// inside, or the wrong number of lines ("line 4: too many lines (4); ...");
// then lengths: "line 2: 43 characters, a TD3 line has 44".
Result<Mrz> parse_mrz(std::string_view text);

// A way in which a presented document differs from the approved person.
struct IdentityDifference {
  std::string field;      // "document_number", "date_of_birth" or "name"
  std::string presented;  // as read from the MRZ; a name as "SURNAME, GIVEN NAMES"
  std::string approved;   // the Person's field; a date as YYYY-MM-DD
};

// Compares a presented MRZ with the approved person; returns one entry per
// field that differs (none: the document matches). The rules:
// - document_number: the MRZ document number (whole, fillers removed) must
//   equal the approved passport_no or national_id (either, if both are
//   set). A TD1 ID card may instead carry the national ID in its optional
//   data: a '<'-separated part of optional_data_1 or optional_data_2 equal
//   to national_id also matches.
// - date_of_birth: the MRZ YYMMDD must equal the approved date's YYMMDD (no
//   century is guessed; a '<' for an unknown part is a difference).
// - name: both sides become lists of A-Z tokens. MRZ: surname then given
//   names, split at '<'. Approved name_en: ASCII letters upper-cased, Latin
//   letters with diacritics folded to their base letters (ß -> SS, Æ -> AE,
//   Ä Ö Ü Å Ø as A O U A O or as AE OE UE AA OE, one way through the name),
//   anything else a separator. They match if they hold the same tokens in
//   any order. An MRZ name field that is full (no trailing '<') may have
//   been truncated: it also matches if, with the approved tokens put in
//   the MRZ's order, the MRZ name is a prefix of them, i.e. every MRZ token
//   but the last is an approved token and the last is the start of another.
std::vector<IdentityDifference> identity_differences(const Mrz& mrz, const Person& approved);

}  // namespace corridor::core
