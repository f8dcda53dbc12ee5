#pragma once
// The JSON forms of the use cases' results, shared by the CLI's --json
// output and the HTTP API, so a script sees the same document either way.
// A case's personal fields are not filtered here: the API passes every case
// through visibility.hpp, the one place that decides what a party sees.

#include <corridor/app/service.hpp>

#include <nlohmann/json.hpp>

namespace corridor::api {

nlohmann::json stage_json(const core::StageView& s, core::Timestamp now);
nlohmann::json decision_json(const core::Decision& d);
nlohmann::json person_json(const core::Person& p);
nlohmann::json priority_json(const core::Priority& p);
nlohmann::json capacity_json(const core::Capacity& c);

nlohmann::json to_json(const std::vector<app::CaseSummary>& cases);
nlohmann::json to_json(const app::CaseSummary& c);
nlohmann::json to_json(const app::CaseDetail& c, core::Timestamp now);
nlohmann::json to_json(const app::Stats& s);
nlohmann::json to_json(const app::ImportReport& rep);
nlohmann::json to_json(const app::DecisionReport& d);
nlohmann::json to_json(const app::AmendReport& a);
nlohmann::json day_json(const app::DayInfo& d);
nlohmann::json manifest_json(const app::ManifestReport& m);
// Both directions' lists (manifest_json, null if none is built), each
// traveller with its status at the gate.
nlohmann::json gate_day_json(const app::GateDayList& d);
nlohmann::json to_json(const app::CheckinReport& c);
nlohmann::json report_json(const app::DayReportInfo& r);

}  // namespace corridor::api
