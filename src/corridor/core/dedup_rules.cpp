#include <corridor/core/dedup_rules.hpp>

namespace corridor::core {

Result<void> check_pair_decision(const Config& config, std::string_view party, const PairCase& a,
                                 const PairCase& b) {
  if (a.ref == b.ref) return refuse("pair-self", "case " + a.ref + " cannot be paired with itself");
  for (const PairCase* c : {&a, &b})
    if (!config.may_register(party, c->category))
      return refuse("pair-party", std::string(party) + " may not register " + c->category +
                                      " cases (config [registration]), so it may not decide "
                                      "whether case " +
                                      c->ref + " is a duplicate");
  for (const PairCase* c : {&a, &b})
    if (!is_open(c->state))
      return refuse("case-closed",
                    "case " + c->ref + " is already " + std::string(to_string(c->state)));
  return {};
}

namespace {

// The companions may follow `kept`: none is scheduled, and each may be
// grouped under kept's category (import's group_ref rule).
Result<void> check_companions(const Config& config, const PairCase& duplicate, const PairCase& kept,
                              std::span<const PairCase> companions) {
  for (const PairCase& c : companions) {
    if (c.state == CaseState::scheduled)
      return refuse("pair-group", "companion " + c.ref + " of case " + duplicate.ref +
                                      " is on a crossing day's manifest and cannot move to case " +
                                      kept.ref);
    const CategoryDef* cat = config.find_category(c.category);
    if (cat && cat->group_of && *cat->group_of != kept.category)
      return refuse("pair-group", "case " + duplicate.ref + " has companions (" + c.ref +
                                      ") that may only be grouped under a " + *cat->group_of +
                                      " case, and case " + kept.ref + " is " + kept.category);
  }
  return {};
}

}  // namespace

Result<void> check_same_person(const Config& config, const PairCase& duplicate,
                               const PairCase& kept, std::span<const PairCase> companions) {
  if (duplicate.state == CaseState::scheduled)
    return refuse("pair-scheduled",
                  "case " + duplicate.ref +
                      " is on a crossing day's manifest; keep it and close case " + kept.ref +
                      " as the duplicate instead");
  if (duplicate.direction != kept.direction)
    return refuse("pair-direction", "case " + duplicate.ref + " travels " +
                                        std::string(to_string(duplicate.direction)) + " and case " +
                                        kept.ref + " travels " +
                                        std::string(to_string(kept.direction)) +
                                        ": one person may have a case each way");
  if (!kept.group_ref.empty() && kept.group_ref == duplicate.ref)
    return refuse("pair-group", "case " + kept.ref + " is a companion of case " + duplicate.ref +
                                    ", so it cannot be kept in its place");
  return check_companions(config, duplicate, kept, companions);
}

}  // namespace corridor::core
