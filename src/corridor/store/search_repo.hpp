#pragma once
// The look-ups of the search box (app/search.cpp): cases by ref, national
// ID or passport number (indexed), and every case's names for a scan.
// Not thread-safe beyond what its Database is.

#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::store {

enum class IdColumn { ref, national_id, passport_no };

// The refs of the cases whose column equals `value` exactly, oldest case
// first. An empty value finds nothing.
core::Result<std::vector<std::string>> refs_by(Database& db, IdColumn column,
                                               std::string_view value);

// Calls fn(ref, name_ar, name_en) for every case, oldest first. The views
// are valid during the call only.
core::Result<void> for_each_case_name(
    Database& db,
    const std::function<void(std::string_view, std::string_view, std::string_view)>& fn);

}  // namespace corridor::store
