#pragma once
// Text and JSON renderings of the use cases' results.

#include <corridor/api/json.hpp>
#include <corridor/app/service.hpp>

#include <nlohmann/json_fwd.hpp>

#include <iosfwd>

namespace corridor::cli {

void print_import(std::ostream& out, std::ostream& err, const app::ImportReport& rep, bool dry_run);
void print_cases(std::ostream& out, const std::vector<app::CaseSummary>& cases);
void print_case(std::ostream& out, const app::CaseDetail& c, core::Timestamp now);
void print_stats(std::ostream& out, const app::Stats& s, const core::Config& config);

// The JSON forms are api/json.hpp's, shared with the HTTP API.
using api::to_json;

}  // namespace corridor::cli
