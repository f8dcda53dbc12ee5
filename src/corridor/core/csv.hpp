#pragma once
// An RFC 4180 CSV reader over a whole file held in memory.
// UTF-8 with an optional BOM; CRLF or LF line ends; quoted fields may hold
// commas, doubled quotes and line breaks. See docs/csv.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

struct CsvRecord {
  // Record number, 1-based: the header is row 1. Blank lines are skipped but
  // counted, so that the row matches a spreadsheet's row number and, for
  // records without quoted line breaks, a text editor's line number.
  std::int64_t row = 0;
  std::vector<std::string> fields;  // valid UTF-8 without NUL unless `error` is set
};

struct CsvError {
  std::int64_t row = 0;  // record number of the bad record (where it started)
  int field = 0;         // 1-based field at fault; 0 for an error of the record's structure
  std::string message;   // e.g. "unterminated quoted field", "invalid UTF-8 at byte 12 of field 3"
};

// Reads records one at a time. Not thread-safe; `data` must outlive it.
class CsvReader {
public:
  explicit CsvReader(std::string_view data);

  // Reads the next record into `out`. Returns false at the end of input.
  // A malformed record (invalid UTF-8, NUL, stray quote, text after a closing
  // quote, unterminated quote) sets `error` and still returns true; `out`'s
  // fields are then unspecified. Content errors (UTF-8, NUL) let the record
  // be read to its true end; structural errors resynchronise at the next
  // line end; an unterminated quote consumes the rest of the input. `error`
  // is cleared for a good record. Blank lines are skipped (and counted).
  // `out` is reused: passing the same record each time avoids allocations.
  bool next(CsvRecord& out, std::optional<CsvError>& error);

private:
  std::string_view m_data;
  std::size_t m_pos = 0;
  std::int64_t m_row = 0;
};

}  // namespace corridor::core
