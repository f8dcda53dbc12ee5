// The matcher's model: its features and levels, the prior weights, and the
// JSON form a store keeps (docs/dedup.md, "Weights").

#include <corridor/core/dedup.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace corridor::core {
namespace {

struct Prior {
  std::string_view feature;
  std::vector<std::string_view> levels;
  std::vector<double> m, u;
};

// Start values for EM and the fallback for too little data: the shape of
// the evidence (what agrees how often among the same and among different
// persons), not a tuning of the result.
const std::vector<Prior>& priors() {
  static const std::vector<Prior> p = {
      {"name_first",
       {"exact", "transliteration", "fuzzy", "disagree"},
       {0.55, 0.3, 0.1, 0.05},
       {0.03, 0.02, 0.05, 0.9}},
      {"name_family",
       {"exact", "transliteration", "fuzzy", "disagree"},
       {0.6, 0.25, 0.1, 0.05},
       {0.005, 0.005, 0.03, 0.96}},
      {"name_full", {"exact", "overlap", "disagree"}, {0.5, 0.35, 0.15}, {0.01, 0.1, 0.89}},
      {"date_of_birth",
       {"exact", "swapped_day_month", "year_only", "disagree"},
       {0.8, 0.08, 0.07, 0.05},
       {0.0001, 0.0001, 0.015, 0.9848}},
      {"sex", {"exact", "disagree"}, {0.98, 0.02}, {0.5, 0.5}},
      {"national_id",
       {"exact", "one_digit", "disagree"},
       {0.85, 0.1, 0.05},
       {1e-6, 1e-5, 0.999989}},
      {"passport_no",
       {"exact", "one_digit", "disagree"},
       {0.85, 0.05, 0.1},
       {1e-6, 1e-5, 0.999989}},
      {"phone", {"exact", "disagree"}, {0.6, 0.4}, {0.001, 0.999}},
      {"group",
       {"same_group", "patient_companion", "none"},
       {0.01, 0.001, 0.989},
       {0.001, 0.001, 0.998}},
  };
  return p;
}

const Prior* prior_of(std::string_view feature) {
  for (const Prior& p : priors())
    if (p.feature == feature) return &p;
  return nullptr;
}

bool probability(const nlohmann::json& v) {
  return v.is_number() && v.get<double>() > 0 && v.get<double>() <= 1;
}

Result<Weights> parse_weights(const nlohmann::json& j) {
  auto bad = [](std::string_view why) { return Result<Weights>(invalid("weights", why)); };
  if (!j.is_object() || !j.contains("lambda") || !j.contains("features"))
    return bad("not a weights object (lambda, features)");
  if (!probability(j["lambda"]) || j["lambda"].get<double>() >= 1)
    return bad("lambda is not in (0,1)");
  Weights w;
  w.lambda = j["lambda"].get<double>();
  w.persons = j.value("persons", std::uint64_t{0});
  w.pairs_sampled = j.value("pairs_sampled", std::uint64_t{0});
  w.pairs_blocked = j.value("pairs_blocked", std::uint64_t{0});
  w.iterations = j.value("iterations", 0);
  const nlohmann::json& features = j["features"];
  if (!features.is_object()) return bad("features is not an object");
  for (const Prior& p : priors()) {
    if (!features.contains(p.feature)) return bad("missing feature " + std::string(p.feature));
    const nlohmann::json& levels = features[std::string(p.feature)];
    FeatureWeights fw{std::string(p.feature), {}};
    for (std::string_view level : p.levels) {
      if (!levels.is_object() || !levels.contains(level))
        return bad("missing level " + std::string(level) + " of " + std::string(p.feature));
      const nlohmann::json& mu = levels[std::string(level)];
      if (!mu.is_object() || !probability(mu.value("m", nlohmann::json())) ||
          !probability(mu.value("u", nlohmann::json())))
        return bad("m or u of " + std::string(p.feature) + "." + std::string(level) +
                   " is not in (0,1]");
      fw.levels.push_back({std::string(level), mu["m"].get<double>(), mu["u"].get<double>()});
    }
    w.features.push_back(std::move(fw));
  }
  for (const auto& [name, levels] : features.items())
    if (!prior_of(name)) return bad("unknown feature " + name);
  return w;
}

}  // namespace

const std::vector<std::string_view>& dedup_feature_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const Prior& p : priors()) out.push_back(p.feature);
    return out;
  }();
  return names;
}

const std::vector<std::string_view>& dedup_levels(std::string_view feature) {
  static const std::vector<std::string_view> none;
  const Prior* p = prior_of(feature);
  return p ? p->levels : none;
}

bool dedup_one_group(std::string_view feature, std::string_view level) {
  return feature == "group" && (level == "same_group" || level == "patient_companion");
}

double Weights::weight(std::string_view feature, std::string_view level) const {
  if (dedup_one_group(feature, level)) return -std::numeric_limits<double>::infinity();
  for (const FeatureWeights& f : features) {
    if (f.name != feature) continue;
    for (const LevelWeights& l : f.levels)
      if (l.level == level && l.m > 0 && l.u > 0) return std::log2(l.m / l.u);
  }
  return 0;
}

std::string Weights::to_json() const {
  nlohmann::ordered_json j;
  j["lambda"] = lambda;
  j["persons"] = persons;
  j["pairs_sampled"] = pairs_sampled;
  j["pairs_blocked"] = pairs_blocked;
  j["iterations"] = iterations;
  nlohmann::ordered_json fs = nlohmann::ordered_json::object();
  for (const FeatureWeights& f : features) {
    nlohmann::ordered_json ls = nlohmann::ordered_json::object();
    for (const LevelWeights& l : f.levels) ls[l.level] = {{"m", l.m}, {"u", l.u}};
    fs[f.name] = ls;
  }
  j["features"] = fs;
  return j.dump();
}

Result<Weights> Weights::from_json(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return invalid("weights", "not JSON");
  return parse_weights(j);
}

Weights default_weights() {
  Weights w;
  for (const Prior& p : priors()) {
    FeatureWeights f{std::string(p.feature), {}};
    for (std::size_t i = 0; i < p.levels.size(); ++i)
      f.levels.push_back({std::string(p.levels[i]), p.m[i], p.u[i]});
    w.features.push_back(std::move(f));
  }
  return w;
}

}  // namespace corridor::core
