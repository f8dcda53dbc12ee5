// `corridor witness serve`: C2SP tlog-witness add-checkpoint over HTTP.

#include <corridor/api/witness_http.hpp>
#include <corridor/app/log_ops.hpp>

#include <spdlog/spdlog.h>

#include <mutex>

namespace corridor::api {
namespace {

Response text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

}  // namespace

std::function<Response(const Request&)> witness_handler(WitnessServeOptions options) {
  auto o = std::make_shared<const WitnessServeOptions>(std::move(options));
  // witness_answer's flock already serialises requests; the mutex keeps
  // this process's threads from queueing on the file lock.
  auto mutex = std::make_shared<std::mutex>();
  return [o, mutex](const Request& request) -> Response {
    const auto path = target_path(request.target);
    if (!path || *path != "/add-checkpoint")
      return text(404, "not found: this witness serves POST /add-checkpoint\n",
                  "text/plain; charset=utf-8");
    if (request.method != "POST") {
      Response r = text(405, "add-checkpoint takes POST\n", "text/plain; charset=utf-8");
      r.headers.set("Allow", "POST");
      return r;
    }
    app::WitnessAnswer a;
    {
      std::lock_guard lock(*mutex);
      a = app::witness_answer(o->state_path, o->key, o->log_key, request.body, o->now());
    }
    if (a.status == 200) {
      spdlog::info("msg=cosigned size={}", a.size);
      return text(200, std::move(a.body), "text/plain; charset=utf-8");
    }
    spdlog::warn("msg=refused status={} reason=\"{}\"", a.status, a.message);
    if (a.status == 409) return text(409, std::move(a.body), "text/x.tlog.size");
    // The witness's own trouble (its files) stays in its own log.
    if (a.status == 500) return text(500, "internal error\n", "text/plain; charset=utf-8");
    return text(a.status, a.message + "\n", "text/plain; charset=utf-8");
  };
}

}  // namespace corridor::api
