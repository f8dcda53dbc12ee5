#pragma once
// The public figures (docs/figures.md) of a log: read from an export
// directory (C2SP tlog-tiles, verified as `corridor verify DIR` verifies
// it) or from a deployment database (its entries up to the latest
// checkpoint, never beyond), and computed by ledger::FiguresBuilder.

#include <corridor/core/config.hpp>
#include <corridor/core/result.hpp>
#include <corridor/ledger/figures.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/registration_batch.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::store {
class Database;
}

namespace corridor::app {

// Local days in an IANA time zone (ICU), for the figures. bad_input for a
// zone ICU does not know.
core::Result<std::unique_ptr<ledger::DayClock>> zone_clock(const std::string& tz);

// Feeds log entries, in order, to a builder: a statement, a registration
// batch's statement (kept for its rows) or a row (a registration).
class FiguresFeed {
public:
  explicit FiguresFeed(ledger::FiguresBuilder& builder) : m_builder(builder) {}
  // `parsed`: the entry's statement if the caller parsed it already.
  core::Result<void> entry(std::uint64_t idx, std::string_view bytes,
                           const ledger::Statement* parsed = nullptr);

private:
  ledger::FiguresBuilder& m_builder;
  std::optional<ledger::RegistrationBatch> m_batch;
};

struct FiguresResult {
  std::string json;  // the canonical JSON, ending in LF
  ledger::FiguresCheckpoint checkpoint;
};

// The config an export carries (DIR/config.toml, written by `log export`),
// or `config_path` if given. not_found if neither exists.
core::Result<core::Config> export_config(const std::string& dir,
                                         const std::optional<std::string>& config_path);

// An export: every entry verified as verify_log does (tiles' hashes, the
// checkpoint's signature by DIR/log.vkey, every statement's signature
// against the log's key history), then the figures at DIR/checkpoint.
// not_found if DIR holds no export; bad_input naming what does not verify,
// or a config for another log.
core::Result<FiguresResult> figures_from_directory(const std::string& dir,
                                                   const core::Config& config);

// A database: the entries up to its latest checkpoint (signed by
// `log_key`). not_found if the log has no checkpoint yet.
core::Result<FiguresResult> figures_from_database(store::Database& db, const core::Config& config,
                                                  const ledger::PublicKey& log_key);

}  // namespace corridor::app
