#pragma once
// The rules of manifest and approval statements (docs/crossing.md): who
// builds and approves a day's lists, when, and that a list is exactly the
// one the priority policy gives. Pure: the day, what the policy built and
// the current manifest are arguments, loaded by app/.

#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/days.hpp>
#include <corridor/core/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::core {

// What the rules need of a day's current manifest for one direction.
struct ManifestState {
  Hash256 hash{};  // of its statement's text: what approvals name
  std::vector<std::string> approved_by;
};

// Checks a manifest statement before the policy is run: the operator
// builds it, for today or a later open day, and check-in for the direction
// has not begun (`checkin_begun`: the day has a gate event in the
// direction). Rules: "manifest-party", "day-past", and check_day_open's
// "day-not-open", "day-closed", then "manifest-in-use".
Result<void> check_manifest(const Config& config, std::string_view party, const Date& day,
                            Direction direction, const Date& today,
                            const std::optional<CrossingDay>& stored, bool checkin_begun);

// Checks that a statement's lists are the policy's, in order: the main
// list, then the standby list. Rule: "manifest-policy", naming the first
// place they differ.
Result<void> check_manifest_lists(const std::vector<std::string>& policy_main,
                                  const std::vector<std::string>& policy_standby,
                                  const std::vector<std::string>& main,
                                  const std::vector<std::string>& standby);

// True if both lists hold the same refs, in any order.
bool same_members(std::vector<std::string> a, std::vector<std::string> b);

// The travellers of `previous` main list whom `next` leaves off: they go
// back to the queue.
std::vector<std::string> left_off(const std::vector<std::string>& previous,
                                  const std::vector<std::string>& next);

// Checks an approval of the current manifest of `day` and `direction`
// (nullopt if none is built), naming `target` (the hash of the manifest's
// statement). Rules: "approval-party" (not an approver of the config),
// "no-manifest", "stale-manifest" (it names another manifest),
// "already-approved".
Result<void> check_approval(const Config& config, std::string_view party, const Date& day,
                            Direction direction, const std::optional<ManifestState>& current,
                            const Hash256& target);

}  // namespace corridor::core
