#pragma once
// The use cases of Corridor over one deployment database. The CLI (and, in
// issue 5, the HTTP API) are thin adapters over this class; no domain
// logic lives in them.
//
// Writes go through the store's single Writer (group commit); reads use the
// Service's own read-only connection. A Service is not thread-safe for
// reads yet: one thread at a time (the HTTP server will add a reader pool).

#include <corridor/app/env.hpp>
#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/intake.hpp>
#include <corridor/core/result.hpp>
#include <corridor/core/workflow.hpp>

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor::store {
class Database;
class Writer;
}  // namespace corridor::store

namespace corridor::app {

// The bytes of config/rafah.toml, embedded at build time.
std::string_view embedded_default_config();

// Reads a whole file. Errc::not_found if it does not exist or cannot be read.
core::Result<std::string> read_file(const std::string& path);

// Loads a config: from `path` if given, else the embedded default.
core::Result<core::Config> load_config(const std::optional<std::string>& path);

struct OpenOptions {
  std::string db_path;
  // Only reads will follow: open read-only (no migration, no writer).
  bool read_only = false;
};

// --- results -------------------------------------------------------------

struct ImportReport {
  std::string file;
  std::int64_t rows = 0;  // valid data rows
  bool committed = false;
  // Cases imported (a dry run: that would be); empty when nothing was.
  std::map<std::string, std::int64_t> by_category;
  std::vector<core::RowError> errors;  // in row order
  std::vector<core::RowFlag> flags;
};

struct DecideRequest {
  std::string ref;
  std::string stage;
  core::Outcome outcome = core::Outcome::approve;
  std::string party;
  std::string officer;
  std::string reason;
  std::string note;
};

struct DecisionReport {
  std::string ref;
  std::string stage;
  core::Outcome outcome = core::Outcome::approve;
  core::CaseState state = core::CaseState::registered;  // the case's state after it
};

struct AmendRequest {
  std::string ref;
  std::vector<std::pair<std::string, std::string>> changes;  // field -> new value
  std::string party;  // optional until amendments are signed (issue 3)
  std::string officer;
};

struct AmendReport {
  std::string ref;
  std::vector<std::string> fields;     // fields that changed
  std::vector<std::string> now_stale;  // stages whose decisions stopped counting
  std::vector<core::Flag> flags;
  core::CaseState state = core::CaseState::registered;
};

struct CloseRequest {
  std::string ref;
  core::ClosureKind kind = core::ClosureKind::withdrawn;
  std::string party;
  std::string officer;
  std::string note;
};

struct CaseFilter {
  std::optional<core::CaseState> state;
  std::optional<core::Direction> direction;
  std::optional<std::string> category;
};

// One line of `cases`: no personal data.
struct CaseSummary {
  std::string ref;
  core::Direction direction = core::Direction::exit;
  std::string category;
  std::string urgency;
  std::string group_ref;
  core::CaseState state = core::CaseState::registered;
  std::vector<std::string> pending;  // actionable stage ids
  core::Timestamp registered_at = 0;
  std::string requested_on;
  bool child = false;
  bool flagged = false;
};

struct CaseDetail {
  core::CaseRecord record;
  core::CaseView view;  // stage definitions point into the Service's config
  std::vector<core::Decision> decisions;
  std::optional<core::Closure> closure;
  std::vector<std::string> companions;  // cases whose group_ref is this one
  bool child = false;
};

struct StageLoad {
  std::string stage;
  std::string party;
  std::int64_t pending = 0;  // decidable now (returned ones not included)
  std::int64_t overdue = 0;
  std::int64_t returned = 0;  // returned for information, waiting on others
  std::optional<core::Timestamp> oldest_since;
};

struct Stats {
  core::Timestamp now = 0;
  core::Date today;
  std::int64_t cases = 0;
  std::int64_t waiting = 0;  // open cases: registered .. cleared, expired
  std::int64_t waiting_children = 0;
  std::map<std::string, std::int64_t> waiting_by_category;
  std::map<std::string, std::int64_t> children_by_category;
  std::map<std::string, std::int64_t> waiting_by_urgency;  // medical cases
  std::map<std::string, std::int64_t> children_by_urgency;
  std::map<std::string, std::int64_t> by_state;
  std::vector<StageLoad> pending;  // per stage and party, config order
  std::int64_t cleared = 0;
  std::int64_t denied = 0;
  std::map<std::string, std::int64_t> denied_by_reason;  // "stage:reason"
  std::int64_t crossed = 0;                              // issue 4
  std::int64_t withdrawn = 0;
  std::int64_t deceased = 0;
  std::vector<std::pair<std::string, std::int64_t>> deaths_by_date;
};

class Service {
public:
  // Creates a new database at `db_path` with the given (or default)
  // config. Errc::conflict if it already holds a deployment.
  static core::Result<std::unique_ptr<Service>> init(const std::string& db_path,
                                                     const std::optional<std::string>& config_path,
                                                     Env& env);

  // Opens an existing deployment database with the config stored in it.
  // Errc::not_found if it is missing or holds no deployment, Errc::bad_input
  // for a bad stored config, Errc::refused for a schema newer than this
  // binary (or, read-only, older: open it read-write once to migrate).
  static core::Result<std::unique_ptr<Service>> open(const OpenOptions& options, Env& env);

  ~Service();

  const core::Config& config() const { return m_config; }
  const std::string& db_path() const { return m_db_path; }
  // Today's date in the crossing's time zone.
  core::Date today();

  // Validates and imports a referral CSV as one transaction: every row or
  // none. Row errors are in the report (committed = false); the Result
  // fails only for what is not the file's fault.
  core::Result<ImportReport> import_csv(std::string_view file_name, std::string_view data,
                                        bool dry_run);

  core::Result<DecisionReport> decide(const DecideRequest& request);
  // Several decisions in one transaction; each is checked and applied on
  // its own (a refused one does not stop the others).
  std::vector<core::Result<DecisionReport>> decide_all(std::span<const DecideRequest> requests);

  core::Result<AmendReport> amend(const AmendRequest& request);
  core::Result<core::CaseState> close_case(const CloseRequest& request);

  core::Result<std::vector<CaseSummary>> list_cases(const CaseFilter& filter);
  // Errc::not_found if there is no such case.
  core::Result<CaseDetail> get_case(std::string_view ref);
  core::Result<Stats> stats();

private:
  Service(std::string db_path, core::Config config, Env& env);
  core::Result<store::Writer*> writer();
  core::Result<store::Database*> reader();

  std::string m_db_path;
  core::Config m_config;
  Env& m_env;
  std::unique_ptr<store::Writer> m_writer;
  std::unique_ptr<store::Database> m_reader;
};

}  // namespace corridor::app
