#pragma once
// The reads one request logged without waiting (Service::post_reads), and
// the Hold (http.hpp) that lets its answer go out once all are durable.

#include <corridor/api/http.hpp>
#include <corridor/core/result.hpp>

#include <functional>
#include <memory>
#include <mutex>

namespace corridor::api {

class ReadHolds {
public:
  ReadHolds();
  // Counts one more logged read; the returned function, given to
  // post_reads as its `then`, must be called exactly once with its result.
  std::function<void(core::Result<void>)> add();
  bool empty() const;
  // done(true) once every read added is durable; done(false) if one failed.
  Hold hold() const;

private:
  struct State {
    std::mutex mutex;
    int pending = 0;
    int added = 0;
    bool failed = false;
    std::function<void(bool)> done;
  };
  std::shared_ptr<State> m_state;
};

// Blocks until `hold` says; true if the reads it waits for are durable.
bool wait_for(const Hold& hold);

}  // namespace corridor::api
