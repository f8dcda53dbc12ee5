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

}  // namespace corridor::core
