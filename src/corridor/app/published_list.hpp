#pragma once
// The published list of a day and direction (names and the ID's last 4
// digits of everyone on it), read from the store: what Service::manifest
// answers and what the gate's day list (Service::gate_travellers) shows
// beside each traveller's status.

#include <corridor/app/crossing.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>

#include <functional>
#include <optional>

namespace corridor::app {

// nullopt if no manifest is built (or it was voided). `each`, if given, is
// called with every listed case as loaded, in list order.
core::Result<std::optional<ManifestReport>> published_list(
    store::Database& db, const core::Config& config, const core::Date& date,
    core::Direction direction, const std::function<void(const store::StoredCase&)>& each = nullptr);

}  // namespace corridor::app
