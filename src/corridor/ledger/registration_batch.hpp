#pragma once
// Registration batches (docs/log_format.md, section 2.1): a file of cases
// registered with one signature. The officer signs one `registration-batch`
// statement naming the count of rows and the RFC 6962 root over the row
// entries; each row is a log entry of its own, unsigned, placed right after
// its batch statement. This header holds the two byte forms, the batch's
// tree, and the walk that checks placement and root while a log is read in
// order (verify, rebuild, replay).

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/merkle.hpp>
#include <corridor/ledger/statement.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

inline constexpr std::string_view k_row_header = "corridor-registration-row/v2";
inline constexpr std::string_view k_batch_kind = "registration-batch";

// One row entry: a registration's case fields.
struct RegistrationRow {
  std::string case_ref;
  std::string category;
  core::Direction direction = core::Direction::exit;
  std::string group_ref;  // optional
  core::Hash256 snapshot{};

  bool operator==(const RegistrationRow&) const = default;
};

// The row entry's bytes. bad_input for an empty or unclean value.
core::Result<std::string> format_row(const RegistrationRow& row);
// Strict: exactly what format_row writes. bad_input naming the line.
core::Result<RegistrationRow> parse_row(std::string_view entry);
// True if the entry's first line is a row entry's (cheap; does not parse).
bool is_row_entry(std::string_view entry);

// The fields of a `registration-batch` statement.
struct RegistrationBatch {
  std::string log;
  core::Timestamp time = 0;
  std::string party;
  std::string officer;
  std::uint64_t rows = 0;  // at least 1
  Hash root{};             // MTH over the row entries, in order

  bool operator==(const RegistrationBatch&) const = default;
};

// The statement's text (a corridor-statement/v2 body, kind registration-batch).
core::Result<std::string> format_batch(const RegistrationBatch& b);
// Strict, as parse_statement. bad_input naming the line.
core::Result<RegistrationBatch> parse_batch(std::string_view text);
// True if a statement text's kind line says registration-batch (cheap).
bool is_batch_text(std::string_view text);

// The registration a row makes: kind registration, the batch's header.
Statement row_statement(const RegistrationBatch& b, const RegistrationRow& row);

// MTH over the rows' leaf hashes (SHA-256(0x00 || row entry)), in order.
Hash batch_root(std::span<const Hash> leaves);
// The audit path of row `index` in the batch's tree, leaf level first.
std::vector<Hash> batch_path(std::span<const Hash> leaves, std::uint64_t index);

// Placement and root, checked while a log is walked entry by entry in
// order: a batch statement opens a batch (its rows must follow at once,
// all of them), every row entry must fall in the open batch, and the root
// of the rows must be the signed one. Errors are bad_input naming the entry.
class BatchWalk {
public:
  // The batch statement at entry `idx` (its signature checked by the caller).
  core::Result<void> open(std::uint64_t idx, RegistrationBatch batch);
  // A row entry at `idx` with its leaf hash; returns the row. The last row
  // closes the batch, after comparing the root.
  core::Result<RegistrationRow> row(std::uint64_t idx, std::string_view entry, const Hash& leaf);
  // Any other entry at `idx`: an error while a batch still expects rows.
  core::Result<void> other(std::uint64_t idx) const;
  // The end of the log: an error if a batch still expects rows.
  core::Result<void> finish() const;

  // True while the last batch opened expects rows.
  bool expecting() const { return m_open; }
  // The last batch opened (the one the last row returned belongs to), and
  // its entry index; nullptr before the first.
  const RegistrationBatch* batch() const { return m_batch ? &*m_batch : nullptr; }
  std::uint64_t batch_index() const { return m_index; }

private:
  std::optional<RegistrationBatch> m_batch;
  bool m_open = false;
  std::uint64_t m_index = 0;
  Frontier m_tree;
};

}  // namespace corridor::ledger
