#pragma once
// RFC 9457 problem details: every error the API returns is
// application/problem+json with a stable `type` per error code
// ("urn:corridor:problem:stage-party"), the HTTP status, a one-line detail
// and, where one input is wrong, the `field` that is.

#include <corridor/api/http.hpp>
#include <corridor/core/result.hpp>

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace corridor::api {

inline constexpr std::string_view k_problem_type_prefix = "urn:corridor:problem:";

struct Problem {
  int status = 500;
  std::string code;  // stable: the end of `type`
  std::string detail;
  std::string field;                // the wrong input, if one is ("stage", "row 4: national_id")
  std::vector<std::string> errors;  // one line per problem (CSV rows, identity differences)
};

Response problem_response(const Problem& p);
// With further members (e.g. "changed" on a 409, "retry_after").
Response problem_response(const Problem& p, const nlohmann::json& extra);

// The problem for a use case's error, from its members, never its message:
// the rule (core::Error::rule, "stage-party") becomes the code and the
// status follows it (403 for acting for another party, 409 for stale
// state, 422 for the other domain rules); bad input is "invalid" (or its
// whole-input code, "import-rows") with the error's field. An internal
// error's detail is generic: its message can name files and stays in the
// server's own log.
Problem problem_of(const core::Error& e);

}  // namespace corridor::api
