// libFuzzer target for the public figures (ledger/figures.hpp): any
// sequence of statements (the input split at NUL bytes, each part a
// statement body; those that parse are fed in order) gives figures without
// crashing, in canonical JSON ending in one LF, whatever the order of their
// times, the cases they name or the days a crossing covers. Seeds:
// fuzz/corpus/figures_fuzz/.

#include <corridor/core/config.hpp>
#include <corridor/ledger/figures.hpp>
#include <corridor/ledger/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

corridor::core::Config config() {
  using namespace corridor::core;
  Config c;
  c.crossing.time_zone = "UTC";
  c.log.origin = "corridor.rafah/log";
  WorkflowDef med;
  med.category = "medical";
  med.stages.push_back({"referral", "who", 1, {"other"}, 72, 0});
  med.stages.push_back({"acceptance", "egypt", 2, {"other"}, 48, 30});
  med.stages.push_back({"security", "cogat", 2, {"security-refusal"}, 24, 14});
  WorkflowDef comp;
  comp.category = "companion";
  comp.stages.push_back({"security", "cogat", 1, {"security-refusal"}, 24, 14});
  c.workflows = {med, comp};
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const corridor::core::Config c = config();
  const corridor::ledger::FixedOffsetClock clock(7200);
  corridor::ledger::FiguresBuilder b(c, clock);
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::uint64_t entry = 0;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\0');
    const std::string_view part = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    auto s = corridor::ledger::parse_statement(part);
    if (!s) continue;
    if (!b.add(entry++, *s)) continue;
  }
  const std::string json =
      corridor::ledger::figures_json(b.finish({"corridor.rafah/log", entry, "AA=="}));
  if (json.size() < 2 || json.substr(json.size() - 2) != "}\n") std::abort();
  return 0;
}
