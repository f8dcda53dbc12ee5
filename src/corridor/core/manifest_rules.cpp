#include <corridor/core/manifest_rules.hpp>

#include <corridor/core/lists.hpp>

#include <algorithm>

namespace corridor::core {
namespace {

// The first place two lists differ, for a refusal.
std::string first_difference(const std::vector<std::string>& want,
                             const std::vector<std::string>& got) {
  std::size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  auto at = [](const std::vector<std::string>& v, std::size_t i) {
    return i < v.size() ? v[i] : std::string("(end)");
  };
  return "at position " + std::to_string(i + 1) + " the policy gives " + at(want, i) +
         ", the statement has " + at(got, i);
}

}  // namespace

Result<void> check_manifest(const Config& config, std::string_view party, const Date& day,
                            Direction direction, const Date& today,
                            const std::optional<CrossingDay>& stored, bool checkin_begun) {
  if (party != config.manifest.operator_party)
    return refuse("manifest-party", "manifests are built by the operator (" +
                                        config.manifest.operator_party + "), not " +
                                        std::string(party));
  if (day < today) return refuse("day-past", day.to_string() + " is in the past", "date");
  if (auto r = check_day_open(stored, day); !r) return r;
  if (checkin_begun)
    return refuse("manifest-in-use", "check-in has begun for " + day.to_string() + " " +
                                         std::string(to_string(direction)));
  return {};
}

Result<void> check_manifest_lists(const std::vector<std::string>& policy_main,
                                  const std::vector<std::string>& policy_standby,
                                  const std::vector<std::string>& main,
                                  const std::vector<std::string>& standby) {
  if (policy_main != main)
    return refuse("manifest-policy",
                  "the main list is not the policy's: " + first_difference(policy_main, main));
  if (policy_standby != standby)
    return refuse("manifest-policy", "the standby list is not the policy's: " +
                                         first_difference(policy_standby, standby));
  return {};
}

bool same_members(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

std::vector<std::string> left_off(const std::vector<std::string>& previous,
                                  const std::vector<std::string>& next) {
  std::vector<std::string> out;
  for (const std::string& ref : previous)
    if (!contains(next, ref)) out.push_back(ref);
  return out;
}

Result<void> check_approval(const Config& config, std::string_view party, const Date& day,
                            Direction direction, const std::optional<ManifestState>& current,
                            const Hash256& target) {
  if (!contains(config.manifest.approvers, party))
    return refuse("approval-party", std::string(party) +
                                        " does not approve manifests (the config names: " +
                                        listed(config.manifest.approvers) + ")");
  const std::string what = day.to_string() + " " + std::string(to_string(direction));
  if (!current) return refuse("no-manifest", "no manifest is built for " + what);
  if (current->hash != target)
    return refuse("stale-manifest",
                  "the manifest for " + what + " has changed since; approve the current one");
  if (contains(current->approved_by, party))
    return refuse("already-approved",
                  std::string(party) + " has already approved the manifest for " + what);
  return {};
}

}  // namespace corridor::core
