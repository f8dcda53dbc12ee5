#include <corridor/demo/csv_out.hpp>

#include <corridor/core/date.hpp>

namespace corridor::demo {

void CsvOut::append_digits(std::string& s, std::uint64_t v, int width) {
  char tmp[24];
  char* const end = tmp + sizeof tmp;
  char* p = end;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (end - p < width) *--p = '0';
  s.append(p, end);
}

// RFC 4180: quote only a field holding a comma, a quote or a line break.
void CsvOut::text(std::string_view s) {
  bool special = false;
  for (char c : s) special |= (c == ',') | (c == '"') | (c == '\r') | (c == '\n');
  if (!special) {
    m_buf.append(s);
  } else {
    m_buf.push_back('"');
    for (char c : s) {
      if (c == '"') m_buf.push_back('"');
      m_buf.push_back(c);
    }
    m_buf.push_back('"');
  }
  m_buf.push_back(',');
}

void CsvOut::date(std::int64_t d) {
  const core::Date date = core::Date::from_days_since_epoch(d);
  append_digits(m_buf, static_cast<std::uint64_t>(date.year), 4);
  m_buf.push_back('-');
  append_digits(m_buf, static_cast<std::uint64_t>(date.month), 2);
  m_buf.push_back('-');
  append_digits(m_buf, static_cast<std::uint64_t>(date.day), 2);
  m_buf.push_back(',');
}

}  // namespace corridor::demo
