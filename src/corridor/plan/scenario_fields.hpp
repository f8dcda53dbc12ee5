#pragma once
// Inside plan/ (scenario.cpp only): reading one TOML table of a scenario
// file key by key, every failure naming the key, its [[table]] and index,
// and the line. toml++ is included here, so only scenario.cpp includes it.

// The fuzz target turns toml++ 3.3's debug assertions off (fuzz/CMakeLists):
// some fire on malformed keys that its parser then reports as errors, as
// release builds do.
#ifdef CORRIDOR_TOML_ASSERT_OFF
#define TOML_ASSERT(expr) static_cast<void>(0)
#endif
#include <toml++/toml.h>

#include <corridor/core/date.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::plan::scenario_detail {

using Pos = toml::source_position;

// A failed check: thrown by the readers, caught by parse_scenario.
struct Failure {
  Pos at;
  std::string field;
  std::string message;
};

inline std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

constexpr std::string_view k_format = "corridor-plan-scenario/v1";

inline bool is_code(std::string_view s) {
  return !s.empty() && s.size() <= 64 && s[0] != '-' && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

inline std::string number_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

// One TOML table being read: its name in messages ("[[stage]] 2: "), its
// field prefix ("stage[2]."), and the keys it knows (others are refused).
class Fields {
public:
  Fields(const toml::node& node, std::string label, std::string prefix,
         std::initializer_list<std::string_view> known)
      : m_label(std::move(label)), m_prefix(std::move(prefix)) {
    m_table = node.as_table();
    if (!m_table) fail(node.source().begin, m_prefix, "must be a table");
    for (const auto& [key, value] : *m_table)
      if (std::find(known.begin(), known.end(), key.str()) == known.end())
        fail(key.source().begin, std::string(key.str()), "unknown key");
  }

  [[noreturn]] void fail(Pos at, std::string_view key, std::string_view why) const {
    const std::string field = m_prefix + std::string(key);
    throw Failure{at, field, m_label + quoted(key) + " " + std::string(why)};
  }

  const toml::node* find(std::string_view key) const { return m_table->get(key); }
  const toml::node& need(std::string_view key) const {
    const toml::node* n = find(key);
    if (!n) fail(m_table->source().begin, key, "is missing");
    return *n;
  }

  std::string text(std::string_view key, bool code) const {
    const toml::node& n = need(key);
    return text_of(n, key, code);
  }
  std::string text_or(std::string_view key, std::string fallback) const {
    return find(key) ? text_of(*find(key), key, false) : fallback;
  }
  std::string text_of(const toml::node& n, std::string_view key, bool code) const {
    const auto* s = n.as_string();
    if (!s) fail(n.source().begin, key, "must be a string");
    if (code && !is_code(s->get()))
      fail(n.source().begin, key,
           "must be 1 to 64 lowercase letters, digits and '-' (got " + quoted(s->get()) + ")");
    if (s->get().size() > 10'000) fail(n.source().begin, key, "is longer than 10,000 bytes");
    return s->get();
  }

  std::int64_t integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
    const toml::node& n = need(key);
    const auto* v = n.as_integer();
    if (!v) fail(n.source().begin, key, "must be an integer");
    if (v->get() < lo || v->get() > hi)
      fail(n.source().begin, key,
           "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + " (got " +
               std::to_string(v->get()) + ")");
    return v->get();
  }
  std::int64_t integer_or(std::string_view key, std::int64_t lo, std::int64_t hi,
                          std::int64_t fallback) const {
    return find(key) ? integer(key, lo, hi) : fallback;
  }

  double number_of(const toml::node& n, std::string_view key, double lo, double hi) const {
    double v = 0;
    if (const auto* f = n.as_floating_point())
      v = f->get();
    else if (const auto* i = n.as_integer())
      v = static_cast<double>(i->get());
    else
      fail(n.source().begin, key, "must be a number");
    if (!(v >= lo && v <= hi))
      fail(n.source().begin, key,
           "must be between " + number_text(lo) + " and " + number_text(hi) + " (got " +
               number_text(v) + ")");
    return v;
  }
  double number(std::string_view key, double lo, double hi) const {
    return number_of(need(key), key, lo, hi);
  }
  double number_or(std::string_view key, double lo, double hi, double fallback) const {
    return find(key) ? number(key, lo, hi) : fallback;
  }
  double probability(std::string_view key) const { return number(key, 0, 1); }
  double probability_or(std::string_view key, double fallback) const {
    return number_or(key, 0, 1, fallback);
  }

  bool boolean_or(std::string_view key, bool fallback) const {
    const toml::node* n = find(key);
    if (!n) return fallback;
    if (!n->is_boolean()) fail(n->source().begin, key, "must be true or false");
    return n->as_boolean()->get();
  }

  const toml::array& array(std::string_view key, std::size_t max) const {
    const toml::node& n = need(key);
    const auto* a = n.as_array();
    if (!a) fail(n.source().begin, key, "must be an array");
    if (a->size() > max)
      fail(n.source().begin, key, "has more than " + std::to_string(max) + " entries");
    return *a;
  }

  core::Date date(std::string_view key) const {
    const toml::node& n = need(key);
    if (const auto* d = n.as_date()) {
      core::Date out{d->get().year, d->get().month, d->get().day};
      if (auto ok = core::parse_date(out.to_string()); ok && *ok == out) return out;
    } else if (const auto* s = n.as_string()) {
      if (auto d2 = core::parse_date(s->get())) return *d2;
    }
    fail(n.source().begin, key, "must be a date \"YYYY-MM-DD\"");
  }

  // The tables of [[key]], at most `max`.
  std::vector<const toml::node*> tables(std::string_view key, std::size_t max) const {
    std::vector<const toml::node*> out;
    const toml::node* n = find(key);
    if (!n) return out;
    const auto* list = n->as_array();
    if (!list || !list->is_array_of_tables())
      fail(n->source().begin, key, "must be an array of tables ([[" + std::string(key) + "]])");
    if (list->size() > max)
      fail(n->source().begin, key, "has more than " + std::to_string(max) + " tables");
    for (const auto& el : *list) out.push_back(&el);
    return out;
  }

  const toml::table& table() const { return *m_table; }
  const std::string& label() const { return m_label; }

private:
  const toml::table* m_table = nullptr;
  std::string m_label;
  std::string m_prefix;
};

// "[[stage]] 2: " and "stage[2]." for the 0-based index i.
inline Fields item(const toml::node& n, std::string_view what, std::size_t i,
                   std::initializer_list<std::string_view> known) {
  const std::string k = std::to_string(i + 1);
  return Fields(n, "[[" + std::string(what) + "]] " + k + ": ", std::string(what) + "[" + k + "].",
                known);
}

}  // namespace corridor::plan::scenario_detail
