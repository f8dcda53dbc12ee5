#pragma once
// The public figures (docs/figures.md): computed from the log's statements
// alone, in one pass in log order, with the deployment's config (who
// decides which stage, the deadlines, the time zone of the days). Pure: the
// caller reads the entries (app/figures.cpp: an export or a database, up to
// a checkpoint) and says which local day an instant falls on (DayClock).
//
// A case is an opaque id; a reason of the form `sealed-<64 hex>` is counted
// as "private" and never resolved. Each case's stages are derived by
// core::derive when one of its statements arrives (or an approval of it
// expires); the cases pending at each stage are kept in order of waiting,
// so a day's end costs a walk of the pending cases, not a derivation of
// every case.

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/statement.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

inline constexpr std::string_view k_figures_format = "corridor-figures/v1";
// The most days a log's figures span (about ten years).
inline constexpr std::int64_t k_figures_max_days = 3660;
// What a sealed reason is counted as.
inline constexpr std::string_view k_private_reason = "private";

// Local days in the deployment's time zone.
class DayClock {
public:
  virtual ~DayClock() = default;
  // The local date at instant t.
  virtual core::Date day_of(core::Timestamp t) const = 0;
  // The instant `date` ends: the next day's local midnight.
  virtual core::Timestamp end_of(const core::Date& date) const = 0;
};

// A clock at a fixed offset from UTC (tests; UTC itself).
class FixedOffsetClock final : public DayClock {
public:
  explicit FixedOffsetClock(std::int64_t offset_seconds = 0) : m_offset(offset_seconds) {}
  core::Date day_of(core::Timestamp t) const override;
  core::Timestamp end_of(const core::Date& date) const override;

private:
  std::int64_t m_offset;
};

// A reason as the figures count it: "private" for `sealed-<64 hex>`, else
// the reason itself.
std::string public_reason(std::string_view reason);

// A duration in days, in tenths, rounded half up (docs/figures.md).
std::int64_t tenths_of_days(std::int64_t seconds);

struct FiguresCheckpoint {
  std::string origin;
  std::uint64_t size = 0;
  std::string root;  // base64, as the checkpoint's third line
};

struct CrossingItem {
  std::string action;
  std::string party;
  std::string reason;
  std::uint64_t entry = 0;
};
struct DecisionCount {
  std::string party, stage, outcome;
  std::int64_t count = 0;
};
struct PendingFigure {
  std::string party, stage;
  std::int64_t count = 0;
  std::int64_t median_tenths = 0;  // days waiting, in tenths; 0 if count is 0
  std::int64_t p90_tenths = 0;
  std::int64_t overdue = 0;
};
struct CrossedFigure {
  std::string direction, category;  // category "total": the direction's cap
  std::int64_t crossed = 0;
  std::int64_t capacity = 0;
};
struct Durations {
  std::int64_t count = 0;
  std::int64_t median_tenths = 0;
  std::int64_t p90_tenths = 0;
};

struct FiguresDay {
  core::Date date;
  std::vector<CrossingItem> crossing;
  std::vector<DecisionCount> decisions;
  std::vector<PendingFigure> pending;
  std::vector<CrossedFigure> crossings;
  std::int64_t no_shows = 0;
  std::map<std::string, std::int64_t> turn_backs;  // reason -> count
  std::int64_t deaths = 0;
  Durations registration_to_crossing;
};

struct Figures {
  FiguresCheckpoint checkpoint;
  std::string timezone;
  std::vector<FiguresDay> days;
  std::int64_t registered = 0, crossed = 0, deaths = 0, pending = 0;
};

// Feed every statement of the log in log order (a registration batch's
// rows as registrations: row_statement), then finish.
class FiguresBuilder {
public:
  FiguresBuilder(const core::Config& config, const DayClock& clock);
  ~FiguresBuilder();
  FiguresBuilder(const FiguresBuilder&) = delete;
  FiguresBuilder& operator=(const FiguresBuilder&) = delete;

  // bad_input if the statement's day is more than k_figures_max_days from
  // the first statement's (no deployment's log spans that; the days
  // between would all be listed).
  core::Result<void> add(std::uint64_t entry, const Statement& s);
  Figures finish(FiguresCheckpoint checkpoint);

private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

// The canonical JSON (keys sorted, no whitespace, one LF at the end).
std::string figures_json(const Figures& f);

}  // namespace corridor::ledger
