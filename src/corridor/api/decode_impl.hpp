#pragma once
// Inside the body decoders (decode.cpp, decode_plan.cpp): the helpers every
// decoder shares, so that a new body is read by the same rules (strict
// JSON, unknown members refused, errors naming the field). Not for other
// modules; nlohmann-json is included here, so only .cpp files include it.

#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace corridor::api::decode_detail {

// Errc::bad_input with `field` as the error's field and first in its
// message: "field: why".
core::Error bad(std::string_view field, const std::string& why);

// An error of a member of the element `where` ("decisions[2]"), named from
// the body's root: "decisions[2].stage: missing".
core::Error within(const std::string& where, core::Error e);

// The body as a JSON object whose members are all among `allowed`, none
// named twice (at any depth).
core::Result<nlohmann::json> object(std::string_view body,
                                    std::initializer_list<std::string_view> allowed);

// A string member: "" if absent (or null) and optional; at most `max` bytes.
core::Result<std::string> text(const nlohmann::json& j, std::string_view name, bool required,
                               std::size_t max = 4096);

// A required YYYY-MM-DD member.
core::Result<core::Date> date(const nlohmann::json& j, std::string_view name);

}  // namespace corridor::api::decode_detail
