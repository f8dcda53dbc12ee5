#pragma once
// A Rafah-like config for the unit tests of the crossing rules (days,
// manifests, the gate, day reports): egypt and cogat open days and approve
// manifests, pa runs the gate, eubam monitors it.

#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace corridor::core::testing {

inline Config crossing_config() {
  Config c;
  auto category = [](std::string id, std::vector<Direction> dirs) {
    CategoryDef d;
    d.id = std::move(id);
    d.name = d.id;
    d.directions = std::move(dirs);
    return d;
  };
  c.categories = {category("medical", {Direction::exit}), category("companion", {Direction::exit}),
                  category("student", {Direction::exit, Direction::entry}),
                  category("returnee", {Direction::entry})};
  c.days.open = {"egypt", "cogat"};
  c.days.suspend = {"egypt", "cogat", "pa"};
  c.days.close = {"egypt", "cogat", "pa"};
  c.days.no_show_after = "12:00";
  c.manifest.operator_party = "pa";
  c.manifest.approvers = {"egypt", "cogat"};
  c.manifest.monitor = "eubam";
  c.manifest.turn_back_reasons = {"identity-mismatch", "other"};
  return c;
}

// The rule a result was refused by ("" if it was not refused).
template <class T>
std::string rule_of(const Result<T>& r) {
  if (r) return "";
  EXPECT_EQ(r.error().code, Errc::refused) << r.error().message;
  EXPECT_EQ(r.error().message.rfind(r.error().rule + ": ", 0), 0u) << r.error().message;
  return r.error().rule;
}

}  // namespace corridor::core::testing
