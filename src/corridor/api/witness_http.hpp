#pragma once
// A witness over HTTP (`corridor witness serve`): C2SP tlog-witness
// add-checkpoint as a Handler for api::Server, and the log's side of it,
// which pushes each new checkpoint to the deployment's witnesses from
// `corridor serve` and stores their cosignatures (docs/log_format.md,
// "Witnesses over HTTP").

#include <corridor/api/http.hpp>
#include <corridor/core/date.hpp>
#include <corridor/ledger/key.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corridor::app {
class Service;
}

namespace corridor::api {

struct WitnessServeOptions {
  std::string state_path;  // the witness's state file (app::read_witness_state)
  ledger::PrivateKey key;  // the witness's cosignature key
  ledger::PublicKey log_key;
  std::function<core::Timestamp()> now;  // the cosignatures' time
};

// Answers POST /add-checkpoint with app::witness_answer: 200 and the
// cosignature line (text/plain), 409 and the size held (text/x.tlog.size),
// or the spec's status with a one-line reason (text/plain). Another path is
// 404, another method 405. Thread-safe.
std::function<Response(const Request&)> witness_handler(WitnessServeOptions options);

// One witness `corridor serve` pushes to.
struct WitnessTarget {
  std::string url;   // http://host:port[/prefix]: POSTs go to <url>/add-checkpoint
  std::string name;  // for the server's log: the party, or the URL
  // If set, only cosignatures by this key are stored from its answers;
  // otherwise any by a witness key registered in the log.
  std::optional<ledger::PublicKey> key;
};

struct PushOptions {
  std::chrono::milliseconds poll{200};  // how often each task looks for a new checkpoint
  std::chrono::milliseconds backoff_min{500};
  std::chrono::milliseconds backoff_max{30000};  // the retry delay doubles up to this
  std::chrono::milliseconds timeout{10000};      // each HTTP exchange
};

// One background thread per witness: every `poll` it reads the log's latest
// checkpoint (the writer seals one after each batch that grew the log) and,
// if it is newer than the last one the witness cosigned, it sends an
// add-checkpoint request from the size the witness holds (0 at first;
// a 409 names the right size, and the request is sent again at once with
// a consistency proof from it), stores the cosignature through
// Service::add_cosignature (as `corridor log cosign` does), and retries
// failures with exponential backoff. It reads through its own connection
// and never holds the writer. Stopped and joined by the destructor.
class WitnessPusher {
public:
  WitnessPusher(app::Service& service, std::vector<WitnessTarget> targets,
                PushOptions options = {});
  ~WitnessPusher();
  WitnessPusher(const WitnessPusher&) = delete;
  WitnessPusher& operator=(const WitnessPusher&) = delete;

  // Ends the tasks (a running exchange ends within options.timeout).
  void stop();

  struct Impl;

private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace corridor::api
