#include <corridor/ledger/registration_batch.hpp>

#include <corridor/core/snapshot.hpp>

#include <algorithm>
#include <charconv>

namespace corridor::ledger {
namespace {

using core::Errc;
using core::Result;

core::Error bad(std::string what) { return core::make_error(Errc::bad_input, std::move(what)); }

bool clean_value(std::string_view v) {
  return !v.empty() && std::none_of(v.begin(), v.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
}

// "name value\n" lines; the first unclean value is remembered.
class Lines {
public:
  explicit Lines(std::string_view header) : m_out(header) { m_out += '\n'; }
  void field(std::string_view name, std::string_view value) {
    if (!clean_value(value) && m_bad.empty()) m_bad = std::string(name);
    m_out.append(name).append(" ").append(value).append("\n");
  }
  Result<std::string> finish(std::string_view what) {
    if (!m_bad.empty())
      return bad(std::string(what) + " field '" + m_bad +
                 "' is empty or holds a control character");
    return std::move(m_out);
  }

private:
  std::string m_out;
  std::string m_bad;
};

// Splits a text of LF-terminated lines into `name value` pairs after the
// first line; the caller re-formats and compares, so only what the
// formatter writes is accepted.
struct Fields {
  std::string_view header;
  std::vector<std::pair<std::string_view, std::string_view>> items;
};

Result<Fields> split_lines(std::string_view text, std::string_view what) {
  Fields f;
  if (text.empty() || text.back() != '\n')
    return bad(std::string(what) + ": must end in a newline");
  std::size_t pos = 0;
  int line = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view l = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (++line == 1) {
      f.header = l;
      continue;
    }
    const std::size_t sp = l.find(' ');
    if (sp == std::string_view::npos)
      return bad(std::string(what) + " line " + std::to_string(line) + ": not 'name value'");
    f.items.emplace_back(l.substr(0, sp), l.substr(sp + 1));
  }
  return f;
}

std::optional<std::string_view> value_of(const Fields& f, std::string_view name) {
  for (const auto& [n, v] : f.items)
    if (n == name) return v;
  return std::nullopt;
}

Result<Hash> hex_hash(const Fields& f, std::string_view name, std::string_view what) {
  auto v = value_of(f, name);
  auto h = v ? core::hash_from_hex(*v) : std::nullopt;
  if (!h) return bad(std::string(what) + ": " + std::string(name) + " is not 64 hex digits");
  return *h;
}

Result<std::uint64_t> decimal(std::optional<std::string_view> v, std::string_view name) {
  std::uint64_t n = 0;
  if (!v || v->empty() || ((*v)[0] == '0' && v->size() > 1))
    return bad("statement: " + std::string(name) + " is not a decimal number");
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size())
    return bad("statement: " + std::string(name) + " is not a decimal number");
  return n;
}

// Accepts `text` only if it is byte for byte what the formatter makes of
// what was read: one byte form, as for every statement.
template <class T, class Format>
Result<T> same_form(std::string_view text, T value, Format format, std::string_view what) {
  auto again = format(value);
  if (!again) return bad(std::string(what) + ": " + again.error().message);
  if (*again != text)
    return bad(std::string(what) +
               ": not in the one form its formatter writes (a field missing, "
               "extra, out of order or malformed)");
  return value;
}

}  // namespace

// --- row entries -------------------------------------------------------------

Result<std::string> format_row(const RegistrationRow& row) {
  if (!core::is_public_id(row.case_ref) ||
      (!row.group_ref.empty() && !core::is_public_id(row.group_ref)))
    return bad("row entry: case and group are public ids (32 lowercase hex digits), never refs");
  Lines w(k_row_header);
  w.field("case", row.case_ref);
  w.field("category", row.category);
  w.field("direction", core::to_string(row.direction));
  if (!row.group_ref.empty()) w.field("group", row.group_ref);
  w.field("snapshot", core::to_hex(row.snapshot));
  return w.finish("row entry");
}

bool is_row_entry(std::string_view entry) {
  return entry.size() > k_row_header.size() &&
         entry.substr(0, k_row_header.size()) == k_row_header && entry[k_row_header.size()] == '\n';
}

Result<RegistrationRow> parse_row(std::string_view entry) {
  if (!is_row_entry(entry))
    return bad("row entry: the first line must be " + std::string(k_row_header));
  auto f = split_lines(entry, "row entry");
  if (!f) return std::move(f).error();
  RegistrationRow row;
  row.case_ref = std::string(value_of(*f, "case").value_or(""));
  row.category = std::string(value_of(*f, "category").value_or(""));
  auto dir = core::parse_direction(value_of(*f, "direction").value_or(""));
  if (!dir) return bad("row entry: direction is not exit or entry");
  row.direction = *dir;
  row.group_ref = std::string(value_of(*f, "group").value_or(""));
  auto snap = hex_hash(*f, "snapshot", "row entry");
  if (!snap) return std::move(snap).error();
  row.snapshot = *snap;
  return same_form(entry, std::move(row), format_row, "row entry");
}

// --- the batch statement -------------------------------------------------------

Result<std::string> format_batch(const RegistrationBatch& b) {
  if (b.rows == 0) return bad("a registration batch registers at least one row");
  Lines w(k_statement_header);
  w.field("log", b.log);
  w.field("kind", k_batch_kind);
  w.field("time", std::to_string(b.time));
  w.field("party", b.party);
  w.field("officer", b.officer);
  w.field("rows", std::to_string(b.rows));
  w.field("root", core::to_hex(b.root));
  return w.finish("statement");
}

bool is_batch_text(std::string_view text) {
  // The kind is the third line: header, log, kind.
  std::size_t pos = 0;
  for (int i = 0; i < 2; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return false;
    ++pos;
  }
  const std::string line = "kind " + std::string(k_batch_kind) + "\n";
  return text.substr(pos, line.size()) == line;
}

Result<RegistrationBatch> parse_batch(std::string_view text) {
  auto f = split_lines(text, "statement");
  if (!f) return std::move(f).error();
  if (f->header != k_statement_header || !is_batch_text(text))
    return bad("statement: not a " + std::string(k_batch_kind) + " statement");
  RegistrationBatch b;
  b.log = std::string(value_of(*f, "log").value_or(""));
  auto time = decimal(value_of(*f, "time"), "time");
  if (!time || *time > static_cast<std::uint64_t>(INT64_MAX)) return bad("statement: bad time");
  b.time = static_cast<core::Timestamp>(*time);
  b.party = std::string(value_of(*f, "party").value_or(""));
  b.officer = std::string(value_of(*f, "officer").value_or(""));
  auto rows = decimal(value_of(*f, "rows"), "rows");
  if (!rows) return std::move(rows).error();
  b.rows = *rows;
  auto root = hex_hash(*f, "root", "statement");
  if (!root) return std::move(root).error();
  b.root = *root;
  return same_form(text, std::move(b), format_batch, "statement");
}

Statement row_statement(const RegistrationBatch& b, const RegistrationRow& row) {
  Statement s;
  s.log = b.log;
  s.time = b.time;
  s.party = b.party;
  s.officer = b.officer;
  s.case_ref = row.case_ref;
  s.body = Registration{row.category, row.direction, row.group_ref, row.snapshot};
  return s;
}

// --- the batch's tree ------------------------------------------------------------

Hash batch_root(std::span<const Hash> leaves) {
  Frontier f;
  const Frontier::Emit none = [](unsigned, std::uint64_t, const Hash&) {};
  for (const Hash& h : leaves) f.append(h, none);
  return f.root();
}

std::vector<Hash> batch_path(std::span<const Hash> leaves, std::uint64_t index) {
  // Perfect subtrees computed from the leaves: O(n) hashing for one path.
  NodeSource nodes = [&](unsigned level, std::uint64_t i) {
    const std::uint64_t first = i << level;
    return batch_root(leaves.subspan(first, std::uint64_t{1} << level));
  };
  return inclusion_proof(nodes, index, leaves.size());
}

// --- the walk --------------------------------------------------------------------

Result<void> BatchWalk::open(std::uint64_t idx, RegistrationBatch batch) {
  if (auto o = other(idx); !o) return o;
  m_batch = std::move(batch);
  m_open = true;
  m_index = idx;
  m_tree = Frontier();
  return {};
}

Result<RegistrationRow> BatchWalk::row(std::uint64_t idx, std::string_view entry,
                                       const Hash& leaf) {
  const std::string name = "entry " + std::to_string(idx);
  if (!m_open || idx != m_index + 1 + m_tree.size())
    return bad(name + ": a registration row outside the rows of a registration batch");
  auto row = parse_row(entry);
  if (!row) return bad(name + ": " + row.error().message);
  m_tree.append(leaf, [](unsigned, std::uint64_t, const Hash&) {});
  if (m_tree.size() == m_batch->rows) {
    if (m_tree.root() != m_batch->root)
      return bad("entry " + std::to_string(m_index) + ": the registration batch's rows (entries " +
                 std::to_string(m_index + 1) + ".." + std::to_string(idx) +
                 ") do not hash to the root it signs: a row was changed, dropped, added or moved");
    m_open = false;
  }
  return std::move(row).value();
}

Result<void> BatchWalk::other(std::uint64_t idx) const {
  if (!m_open) return {};
  return bad("entry " + std::to_string(idx) + ": the registration batch at entry " +
             std::to_string(m_index) + " registers " + std::to_string(m_batch->rows) +
             " rows, but only " + std::to_string(m_tree.size()) +
             " follow it: a row was dropped or moved");
}

Result<void> BatchWalk::finish() const {
  if (!m_open) return {};
  return bad("the registration batch at entry " + std::to_string(m_index) + " registers " +
             std::to_string(m_batch->rows) + " rows, but the log ends after " +
             std::to_string(m_tree.size()));
}

}  // namespace corridor::ledger
