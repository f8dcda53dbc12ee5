#include <corridor/core/csv.hpp>

#include <corridor/core/utf8.hpp>

#include <array>

// The format and the reader's choices are documented in docs/csv.md.

namespace corridor::core {
namespace {

// Byte classes for the scanning loops. `plain` bytes need no attention in
// an unquoted field; the others end the fast loop.
enum class Byte : unsigned char { plain, quote, comma, cr, lf, nul, high };

constexpr std::array<Byte, 256> make_classes() {
  std::array<Byte, 256> t{};
  for (int c = 0x80; c < 0x100; ++c) t[c] = Byte::high;
  t[0] = Byte::nul;
  t['"'] = Byte::quote;
  t[','] = Byte::comma;
  t['\r'] = Byte::cr;
  t['\n'] = Byte::lf;
  return t;
}

constexpr std::array<Byte, 256> k_class = make_classes();

// Reads one record starting at `pos`, which is not at a line end or EOF.
class RecordParser {
public:
  RecordParser(std::string_view data, std::size_t& pos, CsvRecord& out,
               std::optional<CsvError>& error)
      : m_p(reinterpret_cast<const unsigned char*>(data.data())),
        m_n(data.size()),
        m_pos(pos),
        m_out(out),
        m_error(error) {}

  void run() {
    while (read_field()) {
      if (m_pos < m_n && m_p[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      skip_line_end();
      break;
    }
    m_out.fields.resize(m_count);
  }

private:
  // Reads one field and what follows it up to the separator or line end.
  // False if the record ended in a structural error.
  bool read_field() {
    std::string& f = next_field();
    if (m_pos < m_n && m_p[m_pos] == '"') return read_quoted(f);
    const std::size_t start = m_pos;
    m_pos = scan(m_pos, start, false);
    f.assign(chars(start), m_pos - start);
    if (m_pos < m_n && m_p[m_pos] == '"') return structural("stray quote in unquoted field");
    return true;
  }

  bool read_quoted(std::string& f) {
    const std::int64_t opened_in = m_count;
    std::size_t seg = ++m_pos;  // start of the pending run of content bytes
    for (;;) {
      m_pos = scan(m_pos, seg - f.size(), true);
      if (m_pos >= m_n) return unterminated(opened_in);
      f.append(chars(seg), m_pos - seg);
      ++m_pos;  // the quote
      if (m_pos < m_n && m_p[m_pos] == '"') {
        seg = m_pos++;  // a doubled quote: keep the second one as content
        continue;
      }
      break;
    }
    if (m_pos >= m_n) return true;
    const Byte c = k_class[m_p[m_pos]];
    if (c == Byte::comma || c == Byte::cr || c == Byte::lf) return true;
    return structural("text after the closing quote of field");
  }

  // Skips content bytes from `i`, checking UTF-8 and NUL, and returns the
  // index of the first byte that may end the field (or `m_n`). `base` is
  // the file offset of the field's first decoded byte, for messages.
  std::size_t scan(std::size_t i, std::size_t base, bool quoted) {
    for (;;) {
      while (i < m_n && k_class[m_p[i]] == Byte::plain) ++i;
      if (i >= m_n) return i;
      const Byte c = k_class[m_p[i]];
      if (c == Byte::high) {
        i += check_utf8(i, base);
      } else if (c == Byte::nul) {
        content_error("NUL byte", i, base);
        ++i;
      } else if (quoted && c != Byte::quote) {
        ++i;  // commas and line breaks are content inside quotes
      } else {
        return i;
      }
    }
  }

  std::size_t check_utf8(std::size_t i, std::size_t base) {
    // Two-byte sequences (Arabic script) first, without a call.
    if (m_p[i] >= 0xC2 && m_p[i] <= 0xDF && i + 1 < m_n && (m_p[i + 1] & 0xC0) == 0x80) return 2;
    const std::size_t len = utf8_length(m_p + i, m_p + m_n);
    if (len != 0) return len;
    content_error("invalid UTF-8", i, base);
    return 1;
  }

  std::string& next_field() {
    // Reuse the caller's strings so that a steady state allocates nothing.
    if (m_count < m_out.fields.size()) {
      std::string& f = m_out.fields[m_count++];
      f.clear();
      return f;
    }
    ++m_count;
    return m_out.fields.emplace_back();
  }

  void content_error(const char* what, std::size_t at, std::size_t base) {
    if (m_error) return;  // the first problem of a record is enough
    m_error =
        CsvError{m_out.row, static_cast<int>(m_count),
                 std::string(what) + " at byte " + std::to_string(at - base + 1) + " of field " +
                     std::to_string(m_count) + " (file offset " + std::to_string(at) + ")"};
  }

  bool structural(const char* what) {
    if (!m_error)
      m_error = CsvError{m_out.row, static_cast<int>(m_count),
                         std::string(what) + " " + std::to_string(m_count)};
    while (m_pos < m_n && m_p[m_pos] != '\n' && m_p[m_pos] != '\r') ++m_pos;
    skip_line_end();
    return false;
  }

  bool unterminated(std::int64_t field) {
    m_error = CsvError{m_out.row, static_cast<int>(field),
                       "unterminated quoted field " + std::to_string(field) +
                           " (the quote is never closed before the end of the file)"};
    return false;
  }

  // CR LF, LF and a bare CR each end a line.
  void skip_line_end() {
    if (m_pos < m_n && m_p[m_pos] == '\r') ++m_pos;
    if (m_pos < m_n && m_p[m_pos] == '\n') ++m_pos;
  }

  const char* chars(std::size_t i) const { return reinterpret_cast<const char*>(m_p + i); }

  const unsigned char* m_p;
  std::size_t m_n;
  std::size_t& m_pos;
  CsvRecord& m_out;
  std::optional<CsvError>& m_error;
  std::size_t m_count = 0;  // fields read so far
};

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(std::string_view data) : m_data(data) {
  if (m_data.starts_with(k_bom)) m_pos = k_bom.size();
}

bool CsvReader::next(CsvRecord& out, std::optional<CsvError>& error) {
  error.reset();
  // Blank lines are skipped but counted (docs/csv.md).
  while (m_pos < m_data.size() && (m_data[m_pos] == '\n' || m_data[m_pos] == '\r')) {
    if (m_data[m_pos] == '\r' && m_pos + 1 < m_data.size() && m_data[m_pos + 1] == '\n') ++m_pos;
    ++m_pos;
    ++m_row;
  }
  if (m_pos >= m_data.size()) return false;
  out.row = ++m_row;
  RecordParser(m_data, m_pos, out, error).run();
  return true;
}

}  // namespace corridor::core
