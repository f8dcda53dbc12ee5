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

// The problem for a use case's error. Refusals carry their rule's name
// first ("stage-party: ...") and it becomes the code; the status follows
// the rule (403 for acting for another party, 409 for stale state, 422 for
// the other domain rules). An internal error's detail is generic: its
// message can name files and stays in the server's own log.
Problem problem_of(const core::Error& e);

// The field an input error names first ("decisions[2].stage" of
// "decisions[2].stage: missing"), or "" if it names none.
std::string field_of_message(std::string_view message);

// The leading rule name of a message ("stage-party" of "stage-party: ..."),
// or "" if it has none.
std::string rule_of(std::string_view message);

}  // namespace corridor::api
