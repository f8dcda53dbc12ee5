// run(): the Monte Carlo runs of a scenario, on up to `threads` threads;
// run i always draws from the stream of (seed, i), and its figures go to
// slot i, so the result does not depend on the threads.

#include <corridor/plan/engine.hpp>

#include <corridor/plan/engine_sim.hpp>
#include <corridor/plan/results.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace corridor::plan {

core::Result<Result> run(const Scenario& scenario, const RunOptions& options) {
  if (options.runs < 1 || options.runs > k_max_runs)
    return core::make_error(core::Errc::usage, "runs: must be between 1 and 100000");
  if (options.days < 1 || options.days > k_max_days)
    return core::make_error(core::Errc::usage, "days: must be between 1 and 3650");
  const detail::Model model = detail::compile(scenario, options.days);
  std::vector<detail::RunOut> outs(options.runs);
  int threads = options.threads;
  if (threads <= 0)
    threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 2);
  threads = std::clamp(threads, 1, std::min(options.runs, 64));
  std::atomic<int> next{0};
  std::atomic<bool> cancelled{false};
  std::mutex progress_mutex;
  int done = 0;
  const std::function<bool()> stop = [&] {
    if (cancelled) return true;
    if (options.stop && options.stop()) cancelled = true;
    return cancelled.load();
  };
  auto work = [&] {
    detail::Sim sim(model);
    for (int i = next++; i < options.runs && !cancelled; i = next++) {
      if (!sim.run(options.seed, i, outs[i], stop)) break;
      if (!options.progress) continue;
      std::lock_guard lock(progress_mutex);
      if (!options.progress(++done)) cancelled = true;
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (std::thread& th : pool) th.join();
  if (cancelled) return core::refuse("plan-cancelled", "the plan was cancelled");
  return detail::aggregate(model, options, outs);
}

}  // namespace corridor::plan
