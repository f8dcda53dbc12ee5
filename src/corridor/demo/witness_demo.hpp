#pragma once
// Inside demo/: the demo's witnesses (the config's [log] witnesses), each
// with a key made here, registered, and cosigning the log's checkpoint.

#include <corridor/app/env.hpp>
#include <corridor/app/service.hpp>
#include <corridor/demo/run.hpp>

#include <optional>
#include <string>

namespace corridor::demo::detail {

// Each party's witness cosigns the final checkpoint, as it would when it
// polls the deployment. Their keys come from the demo's seed; their keys
// and state files live in `keep` (made if missing), or in a temporary
// directory removed at the end.
core::Result<void> witness_demo(app::Service& svc, app::Env& env, DemoRunReport& report,
                                const std::optional<std::string>& keep);

}  // namespace corridor::demo::detail
