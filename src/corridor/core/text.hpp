#pragma once
// Rules for free text that people type or paste: diagnoses from a
// spreadsheet, the reasons written to the read log. Pure functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::core {

// True if `text` is well-formed UTF-8 (Unicode Table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF).
bool is_utf8(std::string_view text);

// The byte offset of the first control character in `text` (C0 0x00-0x1F,
// DEL 0x7F, or C1 U+0080-U+009F, which a terminal may take for an escape
// sequence), skipping the ASCII bytes listed in `allowed` (e.g. "\t\n");
// nullopt if there is none. `text` should be valid UTF-8.
std::optional<std::size_t> find_control(std::string_view text, std::string_view allowed = {});

// `text` with every CR LF and every lone CR turned into LF, as spreadsheets
// on different systems end the lines of a multi-line cell differently.
std::string normalize_line_ends(std::string_view text);

// Why `text` may not be a reason written to the read log, or "" if it may:
// not UTF-8, a control character (a log reader's terminal must show it as
// it is), or longer than `max` bytes.
std::string reason_problem(std::string_view text, std::size_t max);

}  // namespace corridor::core
