#pragma once
// The writing side of `demo-data` (internal to demo/): rows buffered into
// large writes, and the referral numbers. The columns are data.cpp's.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace corridor::demo {

// Accumulates rows and hands them to the stream in large chunks. Each field
// writer appends the field and a comma; end_row() turns the last comma into
// the line end.
class CsvOut {
public:
  explicit CsvOut(std::ostream& out) : m_out(out) { m_buf.reserve(k_chunk + 4096); }

  void raw(std::string_view s) { m_buf.append(s); }
  void empty() { m_buf.push_back(','); }
  // A field we formatted ourselves, which holds no comma, quote or line break.
  void plain(std::string_view s) {
    m_buf.append(s);
    m_buf.push_back(',');
  }
  void text(std::string_view s);
  // A date as days since 1970-01-01, written YYYY-MM-DD.
  void date(std::int64_t days);
  void end_row() {
    m_buf.back() = '\n';
    if (m_buf.size() >= k_chunk) flush();
  }
  void flush() {
    m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
    m_buf.clear();
  }
  bool failed() const { return !m_out; }

  static void append_digits(std::string& s, std::uint64_t v, int width);

private:
  static constexpr std::size_t k_chunk = 1 << 16;
  std::ostream& m_out;
  std::string m_buf;
};

// Referral numbers "<prefix>-<year>-<seq>", numbered from 1 each year.
// Years must come in order (requested_on never goes back in the file).
class RefSequence {
public:
  RefSequence(std::string_view prefix, int width) : m_prefix(prefix), m_width(width) {}
  void next(int year, std::string& out) {
    if (year != m_year) m_seq = 0;
    m_year = year;
    out.assign(m_prefix);
    CsvOut::append_digits(out, static_cast<std::uint64_t>(year), 4);
    out.push_back('-');
    CsvOut::append_digits(out, ++m_seq, m_width);
  }

private:
  std::string_view m_prefix;
  int m_width;
  int m_year = 0;
  std::uint64_t m_seq = 0;
};

}  // namespace corridor::demo
