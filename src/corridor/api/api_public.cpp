// Status for families (POST /api/v1/public/inquiry; docs/api.md): the
// HTTP side only. The per-client limit (in memory: it is an HTTP concern,
// and forgetting it on a restart costs little, as the per-ref back-off
// persists), the body, the answer's JSON. The use case, the per-ref
// back-off and the read log are app's (Service::inquire, app/inquiry.cpp).

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>

#include <algorithm>
#include <cmath>

namespace corridor::api {

using nlohmann::json;

namespace {

// The same members in every answer, so that a match, a wrong date of birth
// and an unknown ref have one shape; an answer that did not match is the
// same bytes whatever was typed.
json answer_json(const app::InquiryAnswer& a) {
  json stages = json::array();
  for (const app::InquiryStage& s : a.stages)
    stages.push_back(
        {{"stage", s.stage},
         {"party", s.party},
         {"status", s.status},
         // The day only (UTC): an instant would match the
         // deciding statement's time in the public log and
         // link the ref to its public id.
         {"since", s.since ? json(core::format_timestamp(*s.since).substr(0, 10)) : json(nullptr)},
         {"days", s.days ? json(*s.days) : json(nullptr)}});
  auto or_null = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  return json{{"found", a.found},
              {"state", a.found ? json(a.state) : json(nullptr)},
              {"stages", std::move(stages)},
              {"crossing_day", a.crossing_day ? json(a.crossing_day->to_string()) : json(nullptr)},
              {"position", or_null(a.position)},
              {"cleared_total", or_null(a.cleared_total)}};
}

}  // namespace

std::int64_t Api::Impl::inquiry_client_wait(const std::string& peer) {
  const int per_minute = options.inquiries_per_client_per_minute;
  if (per_minute <= 0) return 0;
  const core::Timestamp now = env.now();
  // Tokens earned in `seconds`: per_minute a minute, exact for whole minutes.
  auto earned = [&](core::Timestamp seconds) {
    return static_cast<double>(seconds) * per_minute / 60.0;
  };
  std::lock_guard lock(inquiry_mutex);
  if (inquiry_clients.size() > options.max_inquiry_clients) {
    // Forget the clients whose bucket has refilled: they lose nothing.
    std::erase_if(inquiry_clients, [&](const auto& item) {
      return item.second.tokens + earned(now - item.second.at) >= per_minute;
    });
  }
  auto [it, fresh] = inquiry_clients.try_emplace(peer, ClientBucket{double(per_minute), now});
  ClientBucket& b = it->second;
  b.tokens = std::min<double>(per_minute, b.tokens + earned(now - b.at));
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil((1 - b.tokens) * 60.0 / per_minute)));
}

Response Api::Impl::inquiry(Context& c) {
  auto refused = [&](std::int64_t wait, std::string code, std::string detail) {
    Response r = problem_response(Problem{429, std::move(code), std::move(detail), "", {}},
                                  json{{"retry_after", wait}});
    r.headers.set("Retry-After", std::to_string(wait));
    return r;
  };
  if (std::int64_t wait = inquiry_client_wait(c.request.peer); wait > 0)
    return refused(
        wait, "too-many-inquiries",
        "too many inquiries from this address; try again in " + std::to_string(wait) + " s");
  // A form of another site cannot send this type without the browser
  // asking first, and nothing here answers that.
  auto type = c.request.headers.get("Content-Type");
  if (!type || !type->starts_with("application/json"))
    return problem(415, "unsupported-media-type", "send the body as application/json",
                   "Content-Type");
  auto body = decode_inquiry(c.request.body, service.config().inquiry.code_required);
  if (!body) return error(body.error());
  body->peer = c.request.peer;
  auto answer = service.inquire(*body);
  if (!answer) return error(answer.error());
  if (answer->retry_after > 0)
    return refused(answer->retry_after, "inquiry-locked",
                   "too many inquiries about this ref did not match; try again in " +
                       std::to_string(answer->retry_after) + " s");
  return json_response(200, answer_json(*answer));
}

}  // namespace corridor::api
