#pragma once
// Validation of a referral CSV file against the configuration: every field
// rule of docs/csv.md that needs no database. The rules that need the store
// (a ref already stored, a person's open case already stored, a group_ref
// naming a stored case) are checked by app/import.

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/csv.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// The CSV columns, in the order `demo-data` writes them. A header may give
// them in any order; an unknown column is an error.
const std::vector<std::string_view>& intake_columns();

struct RowError {
  std::int64_t row = 0;  // CSV record number (header = 1)
  std::string column;    // the column at fault; empty for a whole-row error
  std::string message;   // names the value where that is not personal data
};

struct RowFlag {
  std::int64_t row = 0;
  std::string ref;
  Flag flag;
};

struct IntakeRow {
  std::int64_t row = 0;
  // Everything but id, salt, snapshot and registered_at, which the importer
  // sets. Names are NFC-normalised UTF-8 with surrounding spaces removed
  // (docs/csv.md).
  CaseRecord record;
  // For a case with group_ref: true if the principal is in the same file
  // (already checked); false if the importer must find it in the store.
  bool group_in_file = false;
};

struct IntakeResult {
  std::vector<IntakeRow> rows;   // valid rows, in file order
  std::vector<RowError> errors;  // every error, in row order
  std::vector<RowFlag> flags;    // flags for review (e.g. id-check-digit)
};

// Parses and validates a whole CSV file. `today` is the current date in the
// crossing's time zone (a date of birth after it is an error). Never throws
// on any input; every problem becomes a RowError.
IntakeResult validate_csv(std::string_view data, const Config& config, const Date& today);

// The rule of the diagnosis column (docs/csv.md), which amendments follow
// too: the text as stored (each line end as LF, blanks around it trimmed;
// tabs and line breaks kept), or in `problem` what is wrong, never quoting
// the value (medical data).
struct Diagnosis {
  std::string text;
  std::string problem;  // "" if the value is a valid diagnosis
};
Diagnosis clean_diagnosis(std::string_view value);

}  // namespace corridor::core
