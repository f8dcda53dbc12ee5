#include <corridor/api/read_hold.hpp>

#include <future>

namespace corridor::api {

ReadHolds::ReadHolds() : m_state(std::make_shared<State>()) {}

std::function<void(core::Result<void>)> ReadHolds::add() {
  {
    std::lock_guard lock(m_state->mutex);
    ++m_state->pending;
    ++m_state->added;
  }
  return [state = m_state](core::Result<void> result) {
    std::function<void(bool)> done;
    bool ok = false;
    {
      std::lock_guard lock(state->mutex);
      if (!result) state->failed = true;
      if (--state->pending == 0 && state->done) {
        done = std::move(state->done);
        ok = !state->failed;
      }
    }
    if (done) done(ok);
  };
}

bool ReadHolds::empty() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->added == 0;
}

Hold ReadHolds::hold() const {
  return [state = m_state](std::function<void(bool)> done) {
    bool ok = false;
    {
      std::lock_guard lock(state->mutex);
      if (state->pending > 0) {
        state->done = std::move(done);
        return;
      }
      ok = !state->failed;
    }
    done(ok);
  };
}

bool wait_for(const Hold& hold) {
  auto promise = std::make_shared<std::promise<bool>>();
  auto answer = promise->get_future();
  hold([promise](bool ok) { promise->set_value(ok); });
  return answer.get();
}

}  // namespace corridor::api
