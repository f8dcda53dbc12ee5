#pragma once
// Small helpers shared by the repositories (internal to store/).

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace corridor::store::detail {

inline std::span<const std::uint8_t> bytes(const core::Hash256& h) { return {h.data(), h.size()}; }

inline std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline core::Hash256 hash_column(const Statement& st, int col) {
  core::Hash256 h{};
  auto blob = st.column_blob(col);
  if (blob.size() == h.size()) std::copy(blob.begin(), blob.end(), h.begin());
  return h;
}

inline std::string blob_string(const Statement& st, int col) {
  auto blob = st.column_blob(col);
  return std::string(blob.begin(), blob.end());
}

// Runs `st` to its end, calling fn(st) on every row; resets it.
template <class F>
core::Result<void> each_row(Statement& st, F fn) {
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).error();  // step() has reset it
    if (!*row) break;
    fn(st);
  }
  st.reset();
  return {};
}

// Every row of `st`, each read by read(st), in order; resets it.
template <class T, class F>
core::Result<std::vector<T>> all_rows(Statement& st, F read) {
  std::vector<T> out;
  auto r = each_row(st, [&](const Statement& row) { out.push_back(read(row)); });
  if (!r) return std::move(r).error();
  return out;
}

// The first row of `st` read by read(st), or nullopt; resets it.
template <class T, class F>
core::Result<std::optional<T>> first_row(Statement& st, F read) {
  auto row = st.step();
  if (!row) return std::move(row).error();
  std::optional<T> out;
  if (*row) out = read(st);
  st.reset();
  return out;
}

}  // namespace corridor::store::detail
