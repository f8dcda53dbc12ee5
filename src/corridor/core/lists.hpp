#pragma once
// Two small helpers over lists of names (parties, refs), shared by the
// config and the crossing's rules.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

inline bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// "a, b, c" for a refusal's message; "none (see the config)" if empty.
inline std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& p : items) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "none (see the config)" : out;
}

}  // namespace corridor::core
