#include <corridor/demo/arrivals.hpp>

#include <algorithm>

namespace corridor::demo {
namespace {

// "<patient ref>-C1".."-C9": a companion row, which follows its patient.
bool is_companion(std::string_view line) {
  const std::string_view ref = line.substr(0, line.find(','));
  return ref.size() > 3 && ref[ref.size() - 3] == '-' && ref[ref.size() - 2] == 'C' &&
         ref.back() >= '1' && ref.back() <= '9';
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    lines.push_back(text.substr(0, eol == std::string_view::npos ? text.size() : eol + 1));
    text.remove_prefix(lines.back().size());
  }
  return lines;
}

}  // namespace

std::vector<std::string> split_arrivals(std::string_view csv, int days) {
  days = std::max(days, 1);
  const std::vector<std::string_view> lines = lines_of(csv);
  std::vector<std::string> parts(static_cast<std::size_t>(days));
  if (lines.empty()) return parts;
  for (std::string& p : parts) p = lines.front();
  const std::size_t rows = lines.size() - 1;
  std::size_t part = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    // Row r goes to part r * days / rows, but a companion stays with its
    // patient (the part before it, at most).
    if (!is_companion(lines[i])) part = std::max(part, (i - 1) * parts.size() / rows);
    parts[part] += lines[i];
  }
  return parts;
}

BacklogSplit split_backlog(std::string_view csv, double recent) {
  const std::size_t eol = csv.find('\n');
  const std::string_view header =
      csv.substr(0, eol == std::string_view::npos ? csv.size() : eol + 1);
  std::string_view rows = csv.substr(header.size());
  if (recent >= 1 || rows.empty()) return {std::string(header), std::string(csv)};
  // The row nearest the share, moved on past companions to a patient's row.
  std::size_t at =
      static_cast<std::size_t>(static_cast<double>(rows.size()) * (1 - std::max(recent, 0.0)));
  at = rows.find('\n', at == 0 ? 0 : at - 1);
  at = at == std::string_view::npos ? rows.size() : at + 1;
  while (at < rows.size() && is_companion(rows.substr(at, rows.find('\n', at) - at)))
    at = rows.find('\n', at) + 1;
  BacklogSplit out{std::string(header), std::string(header)};
  out.backlog += rows.substr(0, at);
  out.recent += rows.substr(at);
  return out;
}

}  // namespace corridor::demo
