// GET /api/v1/deployment: the public part of the deployment's config, what
// a client needs to offer the right choices (each stage's refusal reasons,
// the gate's turn-back reasons, who opens days). No personal data, no keys.

#include <corridor/api/api_impl.hpp>
#include <corridor/app/service.hpp>
#include <corridor/core/config.hpp>

namespace corridor::api {

using nlohmann::json;

namespace {

json directions_json(const std::vector<core::Direction>& ds) {
  json out = json::array();
  for (core::Direction d : ds) out.push_back(core::to_string(d));
  return out;
}

}  // namespace

Response Api::Impl::deployment(Context&) {
  const core::Config& cfg = service.config();
  json parties = json::array();
  for (const core::PartyDef& p : cfg.parties) parties.push_back({{"id", p.id}, {"name", p.name}});
  json categories = json::array();
  for (const core::CategoryDef& c : cfg.categories)
    categories.push_back({{"id", c.id},
                          {"name", c.name},
                          {"directions", directions_json(c.directions)},
                          {"needs_urgency", c.needs_urgency}});
  json workflows = json::array();
  for (const core::WorkflowDef& w : cfg.workflows) {
    json stages = json::array();
    for (const core::StageDef& s : w.stages)
      stages.push_back({{"id", s.id},
                        {"party", s.party},
                        {"step", s.step},
                        {"reasons", s.reasons},
                        {"deadline_hours", s.deadline_hours},
                        {"valid_days", s.valid_days}});
    workflows.push_back({{"direction", core::to_string(w.direction)},
                         {"category", w.category},
                         {"stages", std::move(stages)}});
  }
  return json_response(200, {{"crossing",
                              {{"id", cfg.crossing.id},
                               {"name", cfg.crossing.name},
                               {"time_zone", cfg.crossing.time_zone},
                               {"directions", directions_json(cfg.crossing.directions)},
                               {"child_age", cfg.crossing.child_age}}},
                             {"parties", std::move(parties)},
                             {"categories", std::move(categories)},
                             {"urgencies", cfg.urgencies},
                             {"workflows", std::move(workflows)},
                             {"closures", cfg.closures},
                             {"registration", cfg.registration},
                             {"days",
                              {{"open", cfg.days.open},
                               {"suspend", cfg.days.suspend},
                               {"close", cfg.days.close},
                               {"opens_at", cfg.days.opens_at},
                               {"closes_at", cfg.days.closes_at},
                               {"no_show_after", cfg.days.no_show_after}}},
                             {"manifest",
                              {{"operator", cfg.manifest.operator_party},
                               {"approvers", cfg.manifest.approvers},
                               {"monitor", cfg.manifest.monitor},
                               {"standby", cfg.manifest.standby},
                               {"turn_back_reasons", cfg.manifest.turn_back_reasons}}},
                             {"log",
                              {{"origin", cfg.log.origin},
                               {"witnesses", cfg.log.witnesses},
                               {"witness_quorum", cfg.log.witness_quorum}}}});
}

}  // namespace corridor::api
