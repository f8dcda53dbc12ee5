#pragma once
// Inside plan/: the result JSON as a value (compare's JSON nests it).
// Includes nlohmann: for .cpp files of plan/ only.

#include <corridor/plan/engine.hpp>

#include <nlohmann/json.hpp>

namespace corridor::plan::detail {

// `v` rounded to 3 decimals; an integer when it is one.
nlohmann::ordered_json rounded(double v);
nlohmann::ordered_json result_json(const Result& r);

}  // namespace corridor::plan::detail
