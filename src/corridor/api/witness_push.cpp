// `corridor serve`'s side of C2SP tlog-witness: one background task per
// witness pushes each new checkpoint and stores the cosignature.

#include <corridor/api/client.hpp>
#include <corridor/api/witness_http.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/ledger/note.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace corridor::api {

struct WitnessPusher::Impl {
  Impl(app::Service& s, PushOptions o) : service(s), options(o) {}

  app::Service& service;
  PushOptions options;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::vector<std::thread> threads;

  // Waits `d`, or until stop(). False once stopping.
  bool wait(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex);
    wake.wait_for(lock, d, [&] { return stopping; });
    return !stopping;
  }
  bool running() {
    std::lock_guard lock(mutex);
    return !stopping;
  }

  void run(const WitnessTarget& target);
};

namespace {

// The size in a 409 answer: decimal digits and a newline.
std::optional<std::uint64_t> held_size(const Response& r) {
  const std::string& b = r.body;
  if (b.size() < 2 || b.size() > 21 || b.back() != '\n') return std::nullopt;
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(b.data(), b.data() + b.size() - 1, n);
  if (ec != std::errc() || p != b.data() + b.size() - 1) return std::nullopt;
  return n;
}

// The lines of a 200 answer by `key` (all of them if no key is pinned);
// nullopt if the answer is not signature lines.
std::optional<std::string> cosignature_lines(const std::string& body,
                                             const std::optional<ledger::PublicKey>& key) {
  std::string kept;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const auto nl = body.find('\n', pos);
    if (nl == std::string::npos) return std::nullopt;
    const std::string_view line(body.data() + pos, nl + 1 - pos);
    pos = nl + 1;
    auto sig = ledger::parse_signature_line(line);
    if (!sig) return std::nullopt;
    if (!key || (sig->name == key->name && sig->key_id == key->id)) kept += line;
  }
  return kept;
}

}  // namespace

namespace {

// What one witness is known to hold, and one exchange with it.
struct Push {
  Push(app::Service& s, const WitnessTarget& t, Url url, std::chrono::milliseconds timeout)
      : service(s), target(t), client(std::move(url), timeout) {}

  app::Service& service;
  const WitnessTarget& target;
  Client client;
  std::uint64_t held = 0;                 // what the witness holds, as far as we know
  std::optional<std::uint64_t> cosigned;  // the size of the last cosignature stored
  int conflicts = 0;                      // 409s in a row

  enum class Outcome { idle, again, stored, failed };
  std::string error;    // for failed
  std::string parties;  // for stored

  Outcome fail(std::string why) {
    error = std::move(why);
    return Outcome::failed;
  }

  // Sends the latest checkpoint if the witness has not cosigned it yet.
  Outcome step() {
    auto db = service.reader();
    if (!db) return fail(db.error().message);
    auto request = app::witness_request_of(**db, held);
    if (!request && request.error().code == core::Errc::not_found) return Outcome::idle;
    if (!request) return fail(request.error().message);  // it holds more than this log has
    if (cosigned && *cosigned == request->size) return Outcome::idle;
    Request r;
    r.method = "POST";
    r.target = "/add-checkpoint";
    r.headers.set("Content-Type", "text/plain; charset=utf-8");
    r.body = std::move(request->body);
    auto answer = client.send(r);
    if (!answer) return fail(answer.error().message);
    if (answer->status == 409) {
      auto size = held_size(*answer);
      if (!size) return fail("409 with a malformed body");
      held = *size;  // from now on, send from the size it says it holds
      if (++conflicts <= 3) return Outcome::again;  // at once
      // Another pusher (or a reset witness) keeps moving it: back off, and
      // the next try after the wait sends from this size.
      conflicts = 0;
      return fail("409 with size " + std::to_string(*size) + ", 4 times in a row");
    }
    conflicts = 0;
    if (answer->status != 200) {
      const std::string first = answer->body.substr(0, answer->body.find('\n'));
      return fail(std::to_string(answer->status) + " " + first.substr(0, 200));
    }
    auto lines = cosignature_lines(answer->body, target.key);
    if (!lines || lines->empty()) return fail("the answer holds no cosignature line by its key");
    held = request->size;  // it cosigned, so it holds this size now
    auto stored = service.add_cosignature(request->size, *lines);
    if (!stored) return fail("cosignature not stored: " + stored.error().message);
    cosigned = request->size;
    parties = *stored;
    return Outcome::stored;
  }
};

}  // namespace

void WitnessPusher::Impl::run(const WitnessTarget& target) {
  auto url = parse_url(target.url);
  if (!url) {
    spdlog::error("msg=witness_url witness={} error=\"{}\"", target.name, url.error().message);
    return;
  }
  Push push(service, target, *url, options.timeout);
  auto delay = options.backoff_min;
  while (running()) {
    switch (push.step()) {
      case Push::Outcome::idle:
        if (!wait(options.poll)) return;
        break;
      case Push::Outcome::again:
        break;
      case Push::Outcome::stored:
        delay = options.backoff_min;
        spdlog::info("msg=witness_cosigned witness={} size={} parties={}", target.name,
                     *push.cosigned, push.parties);
        break;
      case Push::Outcome::failed:
        spdlog::warn("msg=witness_push_failed witness={} retry_ms={} error=\"{}\"", target.name,
                     delay.count(), push.error);
        if (!wait(delay)) return;
        delay = std::min(delay * 2, options.backoff_max);
        break;
    }
  }
}

WitnessPusher::WitnessPusher(app::Service& service, std::vector<WitnessTarget> targets,
                             PushOptions options)
    : m_impl(std::make_unique<Impl>(service, options)) {
  for (auto& t : targets)
    m_impl->threads.emplace_back([impl = m_impl.get(), t = std::move(t)] { impl->run(t); });
}

WitnessPusher::~WitnessPusher() { stop(); }

void WitnessPusher::stop() {
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->stopping = true;
    m_impl->wake.notify_all();
  }
  for (auto& t : m_impl->threads)
    if (t.joinable()) t.join();
}

}  // namespace corridor::api
