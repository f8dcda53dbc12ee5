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

void WitnessPusher::Impl::run(const WitnessTarget& target) {
  auto url = parse_url(target.url);
  if (!url) {
    spdlog::error("msg=witness_url witness={} error=\"{}\"", target.name, url.error().message);
    return;
  }
  Client client(*url, options.timeout);
  std::uint64_t held = 0;                 // what the witness holds, as far as we know
  std::optional<std::uint64_t> cosigned;  // the size of the last cosignature stored
  auto delay = options.backoff_min;
  int conflicts = 0;
  auto back_off = [&] {
    const bool go_on = wait(delay);
    delay = std::min(delay * 2, options.backoff_max);
    return go_on;
  };
  auto failed = [&](const std::string& why) {
    spdlog::warn("msg=witness_push_failed witness={} retry_ms={} error=\"{}\"", target.name,
                 delay.count(), why);
    return back_off();
  };
  while (running()) {
    auto db = service.reader();
    if (!db) {
      if (!failed(db.error().message)) return;
      continue;
    }
    auto request = app::witness_request_of(**db, held);
    if (!request && request.error().code == core::Errc::not_found) {  // no checkpoint yet
      if (!wait(options.poll)) return;
      continue;
    }
    if (!request) {  // e.g. the witness holds more than this log has
      if (!failed(request.error().message)) return;
      continue;
    }
    if (cosigned && *cosigned == request->size) {
      if (!wait(options.poll)) return;
      continue;
    }
    Request r;
    r.method = "POST";
    r.target = "/add-checkpoint";
    r.headers.set("Content-Type", "text/plain; charset=utf-8");
    r.body = std::move(request->body);
    auto answer = client.send(r);
    if (!answer) {
      if (!failed(answer.error().message)) return;
      continue;
    }
    if (answer->status == 409) {
      auto size = held_size(*answer);
      if (size && *size != held && ++conflicts <= 3) {
        held = *size;  // send again at once, from the size it holds
        continue;
      }
      if (!failed("409 with " + (size ? "size " + std::to_string(*size) : "a malformed body")))
        return;
      continue;
    }
    conflicts = 0;
    if (answer->status != 200) {
      const std::string first = answer->body.substr(0, answer->body.find('\n'));
      if (!failed(std::to_string(answer->status) + " " + first.substr(0, 200))) return;
      continue;
    }
    auto lines = cosignature_lines(answer->body, target.key);
    if (!lines || lines->empty()) {
      if (!failed("the answer holds no cosignature line by its key")) return;
      continue;
    }
    held = request->size;  // it cosigned, so it holds this size now
    auto parties = service.add_cosignature(request->size, *lines);
    if (!parties) {
      if (!failed("cosignature not stored: " + parties.error().message)) return;
      continue;
    }
    cosigned = request->size;
    delay = options.backoff_min;
    spdlog::info("msg=witness_cosigned witness={} size={} parties={}", target.name, *cosigned,
                 *parties);
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
