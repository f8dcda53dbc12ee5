#pragma once
// The line form of statement bodies (internal to ledger/): a Writer that
// appends "name value" lines, a Reader that takes them in order, and the
// per-kind pairs of statement_kinds.cpp. docs/log_format.md is the spec.

#include <corridor/core/result.hpp>
#include <corridor/ledger/statement.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger::detail {

inline constexpr std::size_t k_max_crossing_reason = 200;

// A value may hold any UTF-8 but no control character; values that are ids
// are checked by their own rules before they get here.
inline bool clean_value(std::string_view v) {
  return !v.empty() && std::none_of(v.begin(), v.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
}

class Writer {
public:
  void field(std::string_view name, std::string_view value) {
    if (!clean_value(value) && m_bad.empty()) m_bad = std::string(name);
    m_out.append(name).append(" ").append(value).append("\n");
  }
  void optional(std::string_view name, std::string_view value) {
    if (!value.empty()) field(name, value);
  }
  core::Result<std::string> finish() {
    if (!m_bad.empty())
      return core::make_error(core::Errc::bad_input, "statement field '" + m_bad +
                                                         "' is empty or holds a control character");
    return std::move(m_out);
  }

private:
  std::string m_out;
  std::string m_bad;
};

class Reader {
public:
  explicit Reader(std::string_view text) : m_text(text) {}

  // The value of the next line if it is `name`, else an error.
  core::Result<std::string> take(std::string_view name) {
    auto v = peek(name);
    if (!v) return fail("expected '" + std::string(name) + "'");
    advance();
    return std::string(*v);
  }
  std::optional<std::string> take_optional(std::string_view name) {
    auto v = peek(name);
    if (!v) return std::nullopt;
    advance();
    return std::string(*v);
  }
  bool at_end() const { return m_pos == m_text.size(); }
  int line() const { return m_line; }
  core::Error fail(std::string what) const { return fail_at(m_line, std::move(what)); }
  // For a value already taken: the line before the current one.
  core::Error fail_taken(std::string what) const { return fail_at(m_line - 1, std::move(what)); }
  core::Error fail_at(int line, std::string what) const {
    return core::make_error(core::Errc::bad_input,
                            "statement line " + std::to_string(line) + ": " + what);
  }
  // The whole next line, for the header.
  std::optional<std::string_view> raw_line() {
    auto nl = m_text.find('\n', m_pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view l = m_text.substr(m_pos, nl - m_pos);
    m_pos = nl + 1;
    ++m_line;
    return l;
  }

private:
  std::optional<std::string_view> peek(std::string_view name) {
    auto nl = m_text.find('\n', m_pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view l = m_text.substr(m_pos, nl - m_pos);
    if (l.size() < name.size() + 2 || l.substr(0, name.size()) != name || l[name.size()] != ' ')
      return std::nullopt;
    std::string_view v = l.substr(name.size() + 1);
    if (!clean_value(v)) return std::nullopt;
    m_next = nl + 1;
    return v;
  }
  void advance() {
    m_pos = m_next;
    ++m_line;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::size_t m_next = 0;
  int m_line = 1;
};

inline std::optional<core::Timestamp> parse_time(std::string_view v) {
  if (v.empty() || (v.size() > 1 && v[0] == '0')) return std::nullopt;
  core::Timestamp t = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), t);
  if (ec != std::errc() || p != v.data() + v.size() || t < 0) return std::nullopt;
  return t;
}

inline std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  return out;
}

inline std::vector<std::string> split(std::string_view v) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto comma = v.find(',', start);
    out.emplace_back(v.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// The fields of a body, after the header (and the case line).
void write_body(Writer& w, const StatementBody& body);
// The body of a statement of `kind`, read from `r` after its header.
core::Result<StatementBody> read_body(Reader& r, StatementKind kind);

}  // namespace corridor::ledger::detail
