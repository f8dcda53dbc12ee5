#include <corridor/api/problem.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace corridor::api {
namespace {

// Rules that refuse someone acting outside their own party or role.
constexpr std::array k_forbidden_rules{
    std::string_view("stage-party"),       std::string_view("registration-party"),
    std::string_view("gate-party"),        std::string_view("crossing-party"),
    std::string_view("manifest-party"),    std::string_view("approval-party"),
    std::string_view("attestation-party"), std::string_view("reexamination-party"),
    std::string_view("report-party"),      std::string_view("unknown-key"),
    std::string_view("revoked-key"),       std::string_view("not-your-draft"),
    std::string_view("amend-party"),       std::string_view("retired-key"),
    std::string_view("pair-party")};

// Rules that say the request was based on state that has moved on.
constexpr std::array k_conflict_rules{
    std::string_view("stale-snapshot"),   std::string_view("stale-manifest"),
    std::string_view("stale-report"),     std::string_view("replayed"),
    std::string_view("manifest-in-use"),  std::string_view("ref-taken"),
    std::string_view("person-open-case"), std::string_view("already-approved"),
    std::string_view("already-attested"), std::string_view("already-checked-in"),
    std::string_view("already-signed"),   std::string_view("signed-body-differs"),
    std::string_view("pair-decided")};

// Input errors that are not about one field.
constexpr std::array k_input_codes{std::string_view("import-rows"),
                                   std::string_view("identity-mismatch"),
                                   std::string_view("check-digit")};

template <class A>
bool in(const A& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

Problem problem_of(const core::Error& e) {
  Problem p;
  p.detail = e.message;
  p.errors = e.details;
  p.field = e.field;
  const std::string& rule = e.rule;
  switch (e.code) {
    case core::Errc::usage:
    case core::Errc::bad_input:
      // Input that breaks a rule of its own: a whole-input code, or
      // "invalid" with the field at fault.
      p.status = 422;
      p.code = in(k_input_codes, rule) ? rule : "invalid";
      break;
    case core::Errc::not_found:
      p.status = 404;
      p.code = "not-found";
      break;
    case core::Errc::refused:
      p.code = rule.empty() ? "refused" : rule;
      p.status = in(k_forbidden_rules, p.code) ? 403 : in(k_conflict_rules, p.code) ? 409 : 422;
      break;
    case core::Errc::conflict:
      p.status = 409;
      p.code = rule.empty() ? "conflict" : rule;
      break;
    case core::Errc::internal:
      p.status = 500;
      p.code = "internal";
      p.detail = "internal error; the server's log has the details";
      p.field.clear();
      p.errors.clear();
      break;
  }
  return p;
}

Response problem_response(const Problem& p) {
  return problem_response(p, nlohmann::json::object());
}

Response problem_response(const Problem& p, const nlohmann::json& extra) {
  nlohmann::json j = extra.is_object() ? extra : nlohmann::json::object();
  j["type"] = std::string(k_problem_type_prefix) + p.code;
  j["rule"] = p.code;  // the same code as a member, for clients that map it
  j["title"] = std::string(status_reason(p.status));
  j["status"] = p.status;
  j["detail"] = p.detail;
  if (!p.field.empty()) j["field"] = p.field;
  if (!p.errors.empty()) j["errors"] = p.errors;
  Response r;
  r.status = p.status;
  r.headers.set("Content-Type", "application/problem+json");
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace corridor::api
