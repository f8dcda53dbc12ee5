// The figures' canonical JSON (docs/figures.md): keys sorted, no
// whitespace, integers as integers, durations in days with one decimal
// (none when whole), one LF at the end. Written by hand so that the bytes
// are exactly these, whatever a JSON library's defaults.

#include <corridor/ledger/figures.hpp>

#include <cstdio>

namespace corridor::ledger {
namespace {

void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

void put_int(std::string& out, std::int64_t n) { out += std::to_string(n); }

void put_tenths(std::string& out, std::int64_t tenths) {
  out += std::to_string(tenths / 10);
  if (tenths % 10 != 0) {
    out += '.';
    out += static_cast<char>('0' + tenths % 10);
  }
}

// "key": with the comma before it unless it is the object's first.
void key(std::string& out, std::string_view k, bool first = false) {
  if (!first) out += ',';
  put_string(out, k);
  out += ':';
}

void put_day(std::string& out, const FiguresDay& d) {
  out += '{';
  key(out, "crossing", true);
  out += '[';
  for (std::size_t i = 0; i < d.crossing.size(); ++i) {
    const CrossingItem& c = d.crossing[i];
    out += i ? ",{" : "{";
    key(out, "action", true), put_string(out, c.action);
    key(out, "entry"), out += std::to_string(c.entry);
    key(out, "party"), put_string(out, c.party);
    key(out, "reason"), put_string(out, c.reason);
    out += '}';
  }
  out += ']';
  key(out, "crossings");
  out += '[';
  for (std::size_t i = 0; i < d.crossings.size(); ++i) {
    const CrossedFigure& c = d.crossings[i];
    out += i ? ",{" : "{";
    key(out, "capacity", true), put_int(out, c.capacity);
    key(out, "category"), put_string(out, c.category);
    key(out, "crossed"), put_int(out, c.crossed);
    key(out, "direction"), put_string(out, c.direction);
    out += '}';
  }
  out += ']';
  key(out, "date"), put_string(out, d.date.to_string());
  key(out, "deaths"), put_int(out, d.deaths);
  key(out, "decisions");
  out += '[';
  for (std::size_t i = 0; i < d.decisions.size(); ++i) {
    const DecisionCount& c = d.decisions[i];
    out += i ? ",{" : "{";
    key(out, "count", true), put_int(out, c.count);
    key(out, "outcome"), put_string(out, c.outcome);
    key(out, "party"), put_string(out, c.party);
    key(out, "stage"), put_string(out, c.stage);
    out += '}';
  }
  out += ']';
  key(out, "no_shows"), put_int(out, d.no_shows);
  key(out, "pending");
  out += '[';
  for (std::size_t i = 0; i < d.pending.size(); ++i) {
    const PendingFigure& p = d.pending[i];
    out += i ? ",{" : "{";
    key(out, "count", true), put_int(out, p.count);
    key(out, "median_days"), put_tenths(out, p.median_tenths);
    key(out, "overdue"), put_int(out, p.overdue);
    key(out, "p90_days"), put_tenths(out, p.p90_tenths);
    key(out, "party"), put_string(out, p.party);
    key(out, "stage"), put_string(out, p.stage);
    out += '}';
  }
  out += ']';
  key(out, "registration_to_crossing");
  out += '{';
  key(out, "count", true), put_int(out, d.registration_to_crossing.count);
  key(out, "median_days"), put_tenths(out, d.registration_to_crossing.median_tenths);
  key(out, "p90_days"), put_tenths(out, d.registration_to_crossing.p90_tenths);
  out += '}';
  key(out, "turn_backs");
  out += '[';
  bool first = true;
  for (const auto& [reason, n] : d.turn_backs) {
    out += first ? "{" : ",{";
    first = false;
    key(out, "count", true), put_int(out, n);
    key(out, "reason"), put_string(out, reason);
    out += '}';
  }
  out += "]}";
}

}  // namespace

core::Date FixedOffsetClock::day_of(core::Timestamp t) const {
  return core::utc_date(t + m_offset);
}

core::Timestamp FixedOffsetClock::end_of(const core::Date& date) const {
  return (date.days_since_epoch() + 1) * core::k_seconds_per_day - m_offset;
}

std::string public_reason(std::string_view reason) {
  constexpr std::string_view prefix = "sealed-";
  if (reason.size() != prefix.size() + 64 || reason.substr(0, prefix.size()) != prefix)
    return std::string(reason);
  for (const char c : reason.substr(prefix.size()))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::string(reason);
  return std::string(k_private_reason);
}

std::int64_t tenths_of_days(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  return (seconds * 10 + core::k_seconds_per_day / 2) / core::k_seconds_per_day;
}

std::string figures_json(const Figures& f) {
  std::string out = "{";
  key(out, "checkpoint", true);
  out += '{';
  key(out, "origin", true), put_string(out, f.checkpoint.origin);
  key(out, "root"), put_string(out, f.checkpoint.root);
  key(out, "size"), out += std::to_string(f.checkpoint.size);
  out += '}';
  key(out, "days");
  out += '[';
  for (std::size_t i = 0; i < f.days.size(); ++i) {
    if (i) out += ',';
    put_day(out, f.days[i]);
  }
  out += ']';
  key(out, "format"), put_string(out, k_figures_format);
  key(out, "timezone"), put_string(out, f.timezone);
  key(out, "totals");
  out += '{';
  key(out, "crossed", true), put_int(out, f.crossed);
  key(out, "deaths"), put_int(out, f.deaths);
  key(out, "pending"), put_int(out, f.pending);
  key(out, "registered"), put_int(out, f.registered);
  out += "}}\n";
  return out;
}

}  // namespace corridor::ledger
