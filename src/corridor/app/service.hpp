#pragma once
// The use cases of Corridor over one deployment database. The CLI (and, in
// issue 5, the HTTP API) are thin adapters over this class; no domain
// logic lives in them.
//
// Writes go through the store's single Writer (group commit); reads use a
// read-only connection of the calling thread's own, so any number of
// threads (the HTTP server's workers) may call a Service at once.

#include <corridor/app/crossing.hpp>
#include <corridor/app/env.hpp>
#include <corridor/app/inquiry.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/app/signed_statement.hpp>
#include <corridor/core/case.hpp>
#include <corridor/core/config.hpp>
#include <corridor/core/intake.hpp>
#include <corridor/core/result.hpp>
#include <corridor/core/search.hpp>
#include <corridor/core/workflow.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/statement.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace corridor::store {
class Database;
class Writer;
}  // namespace corridor::store

namespace corridor::app {

class LogAppender;
struct Applied;

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
  // The log key file, if not the one `corridor init` recorded.
  std::optional<std::string> log_key_path;
};

// The default place of a database's log key: "<db>.logkey".
std::string default_log_key_path(const std::string& db_path);

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

// What a signed change asks for. The party and officer are those of the
// key that signs it.
struct DecideRequest {
  std::string ref;
  std::string stage;
  core::Outcome outcome = core::Outcome::approve;
  std::string reason;
  std::string note;
  // The snapshot the officer decided on; the case's current one if unset.
  std::optional<core::Hash256> snapshot;
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
  std::string note;
};

// A same-person decision: `duplicate` is closed as a duplicate of `keep`.
struct SamePersonRequest {
  std::string keep;
  std::string duplicate;
};
// A different-persons decision on the cases `a` and `b`.
struct DifferentPersonsRequest {
  std::string a;
  std::string b;
};

// One candidate pair of possible duplicates (docs/dedup.md).
struct DuplicatePair {
  std::string ref_a, ref_b;
  double score = 0;      // match probability in [0, 1]
  std::string evidence;  // JSON array of {name, level, weight}
};
struct DuplicatePage {
  std::vector<DuplicatePair> pairs;
  std::optional<std::string> next;  // the cursor of the next page, if there may be one
};

struct OfficerInfo {
  std::string party;
  std::string name;
  std::string vkey;
  bool witness = false;  // a cosignature key
  core::Timestamp added_at = 0;
  std::optional<core::Timestamp> revoked_at;
};

// One key of an officer's history (officer-add, -revoke, -rotate).
struct OfficerKeyInfo {
  std::string vkey;
  core::Timestamp added_at = 0;
  std::optional<core::Timestamp> revoked_at;
  std::optional<core::Timestamp> retired_at;  // replaced by a rotation
};

struct RebuildReport {
  std::uint64_t entries = 0;
  core::Hash256 before{};  // store::projection_digest before and after
  core::Hash256 after{};
  // The first difference found (table, row, column), empty if none.
  std::string difference;
  bool committed = false;
};

struct CaseFilter {
  std::optional<core::CaseState> state;
  std::optional<core::Direction> direction;
  std::optional<std::string> category;
  // Only cases registered as row `from_id` or later (0: every case): the
  // population-scale demo walks its recent arrivals, not its backlog.
  std::int64_t from_id = 0;
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
  // The priority policy's score today and each of its terms (docs/policy.md);
  // for a principal (not a companion) that is still waiting.
  std::optional<core::Priority> priority;
  std::optional<core::Date> scheduled_on;  // on the main list of this crossing day
};

struct StageLoad {
  std::string stage;
  std::string party;
  std::int64_t pending = 0;  // decidable now (returned ones not included)
  std::int64_t overdue = 0;
  std::int64_t returned = 0;  // returned for information, waiting on others
  std::optional<core::Timestamp> oldest_since;
};

// One stage waiting for a party's decision (its work queue).
struct QueueItem {
  std::string ref;
  core::Direction direction = core::Direction::exit;
  std::string category;
  std::string urgency;  // medical cases; the API shows it only to who may see it
  std::string stage;
  std::string status;         // pending | stale | expired | returned
  core::Timestamp since = 0;  // when the stage became decidable
  bool overdue = false;       // past the stage's response deadline
  bool child = false;
  std::string group_ref;  // a companion's patient
};

// The fields a search may look in: the API sets those the party may see.
struct SearchScope {
  bool ref = false;
  bool national_id = false;
  bool passport_no = false;
  bool name_ar = false;
  bool name_en = false;
};

// A case a search found, and the field it was found by ("ref",
// "national_id", "passport_no", "name_ar" or "name_en").
struct SearchHit {
  std::string ref;
  core::Direction direction = core::Direction::exit;
  std::string category;
  core::CaseState state = core::CaseState::registered;
  std::string group_ref;
  core::Person person;
  std::string matched;
};

struct SearchResult {
  std::vector<SearchHit> hits;
  bool truncated = false;  // more cases matched than the limit
};

// What the figures count (GET /api/v1/stats): every figure takes the
// case filters; the dated ones (crossing days, the backlog, deaths by date,
// decision times, days to cross) take the date range, in crossing-zone
// dates, both ends included.
struct StatsFilter {
  std::optional<core::Date> since;
  std::optional<core::Date> until;
  std::optional<core::Direction> direction;
  std::optional<std::string> category;
  std::optional<std::string> urgency;
};

struct Stats {
  StatsFilter filter;
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
  std::int64_t crossed = 0;
  std::int64_t withdrawn = 0;
  std::int64_t deceased = 0;
  std::vector<std::pair<std::string, std::int64_t>> deaths_by_date;  // in the range
  // Deaths in the range by urgency (counts only: no date beside them), and
  // the running total of all deaths up to each date of deaths_by_date.
  std::map<std::string, std::int64_t> deaths_by_urgency;
  std::vector<std::pair<std::string, std::int64_t>> deaths_cumulative;
  // Waiting by the role of the category: "patient" (a category with an
  // urgency), "companion" (one that travels with another's group), "other".
  std::map<std::string, std::int64_t> waiting_by_role;
  // Cases waiting at the end of each day of the range (at most a year,
  // ending today at the latest), each derived from the decisions, closures
  // and gate events before that moment.
  struct BacklogDay {
    core::Date date;
    std::int64_t waiting = 0;
    std::map<std::string, std::int64_t> by_role;
  };
  std::vector<BacklogDay> backlog;
  // Per stage and party: hours from the stage becoming decidable to each
  // decision made in the range, against the stage's deadline.
  struct DecisionTimes {
    std::string stage;
    std::string party;
    int deadline_hours = 0;
    std::int64_t decisions = 0;
    std::int64_t over_deadline = 0;
    std::optional<double> median_hours;
    std::optional<double> p90_hours;
  };
  std::vector<DecisionTimes> decision_times;  // config order
  // Places offered against travellers crossed, per direction and category,
  // over the days of the range that ran.
  struct Planned {
    core::Direction direction = core::Direction::exit;
    std::string category;
    std::int64_t planned = 0;
    std::int64_t crossed = 0;
  };
  std::vector<Planned> planned;
  // False under an urgency filter: places are not offered by urgency.
  bool capacity_known = true;

  // Crossings (from `since`, or every day).
  std::optional<core::Date> since;
  std::int64_t scheduled = 0;
  std::int64_t turned_back = 0;
  struct Day {
    core::Date date;
    std::string status;                           // of the crossing day
    std::map<std::string, std::int64_t> crossed;  // "exit/medical" -> travellers
    std::int64_t crossed_total = 0;
    std::int64_t capacity = 0;  // places the day offered (both directions)
    std::int64_t no_shows = 0;
    std::int64_t turned_back = 0;
    // Crossed by the role of their category: patient, companion, other.
    std::map<std::string, std::int64_t> crossed_by_role;
    // Today, not yet closed at the gate.
    bool in_progress = false;
  };
  std::vector<Day> days;  // days with an opening or a gate event, by date
  std::int64_t crossed_since = 0;
  std::int64_t capacity_since = 0;  // of the days that were open
  std::int64_t no_shows_since = 0;
  std::int64_t expected_since = 0;  // travellers on main lists whose day was closed
  // Days from referral (or registration) to crossing, over those crossed.
  std::optional<double> days_to_cross_median;
  std::optional<double> days_to_cross_p90;
};

class Service {
public:
  // Creates a new database at `db_path` with the given (or default)
  // config, and the log key in a new file (mode 0600) at `log_key_path`
  // (default_log_key_path() if unset). Errc::conflict if either exists.
  static core::Result<std::unique_ptr<Service>> init(
      const std::string& db_path, const std::optional<std::string>& config_path, Env& env,
      const std::optional<std::string>& log_key_path = std::nullopt);

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
  // Whether an import flags possible duplicates (docs/dedup.md): on, unless
  // a benchmark measures the import without the check.
  void set_duplicate_check(bool on) { m_duplicate_check = on; }

  // Validates and imports a referral CSV as one transaction: every row or
  // none. Row errors are in the report (committed = false); the Result
  // fails only for what is not the file's fault.
  // Every row becomes a registration statement signed with `key`; a row
  // whose category the key's party may not register is a row error.
  core::Result<ImportReport> import_csv(std::string_view file_name, std::string_view data,
                                        bool dry_run, const ledger::PrivateKey& key);

  // Each of these builds the statement, signs it with `key` here, in the
  // caller's process, and submits it as any signed statement is.
  core::Result<DecisionReport> decide(const DecideRequest& request, const ledger::PrivateKey& key);
  // Several decisions in one transaction; each is checked and applied on
  // its own (a refused one does not stop the others).
  std::vector<core::Result<DecisionReport>> decide_all(std::span<const DecideRequest> requests,
                                                       const ledger::PrivateKey& key);
  core::Result<AmendReport> amend(const AmendRequest& request, const ledger::PrivateKey& key);
  core::Result<core::CaseState> close_case(const CloseRequest& request,
                                           const ledger::PrivateKey& key);
  // Decisions on a pair of possible duplicates (dedup_decide.cpp): the
  // state of the statement's case after it (same-person: `duplicate`).
  core::Result<core::CaseState> same_person(const SamePersonRequest& request,
                                            const ledger::PrivateKey& key);
  core::Result<core::CaseState> different_persons(const DifferentPersonsRequest& request,
                                                  const ledger::PrivateKey& key);
  // Undecided candidate pairs whose both cases are open and of categories
  // `party` may register, best score first: at most `limit`, after the
  // cursor `after` of an earlier page. Errc::bad_input (field "after") for
  // a cursor this did not make.
  core::Result<DuplicatePage> duplicates(std::string_view party, std::size_t limit,
                                         const std::optional<std::string>& after);

  // Submits one signed statement (a whole C2SP signed note) made anywhere.
  // Thread-safe: the signature is verified on the calling thread (against
  // a cache of the registered keys), so many submitters verify in
  // parallel; the writer re-checks the key's registration and revocation.
  // The note is parsed once, here or by the caller (parse_signed_statement).
  core::Result<Applied> submit(std::string_view note);
  core::Result<Applied> submit(const SignedStatement& statement);
  // Several signed statements in one writer command (an officer's bulk
  // approval): each is verified here and applied on its own, in its own
  // savepoint, so a refused one leaves no trace and stops no other.
  std::vector<core::Result<Applied>> submit_all(std::span<const std::string> notes);
  std::vector<core::Result<Applied>> submit_all(std::span<const SignedStatement> statements);

  // Key history: statements signed by the log key (which this process must
  // hold). A witness key is an officer key of type 0x04.
  core::Result<void> add_officer(std::string_view party, std::string_view name,
                                 std::string_view vkey);
  core::Result<void> revoke_officer(std::string_view party, std::string_view name);
  // An officer-rotate: `vkey` replaces the officer's current key (active or
  // revoked), which signs nothing after it. Refused unknown-key (never
  // registered), bad-key (a key that does not parse, is named for someone
  // else or is a witness key), key-reused (the officer has had it).
  core::Result<void> rotate_officer(std::string_view party, std::string_view name,
                                    std::string_view vkey);
  // The officer's keys in log order: empty if none.
  core::Result<std::vector<OfficerKeyInfo>> officer_keys(std::string_view party,
                                                         std::string_view name);
  core::Result<std::vector<OfficerInfo>> officers();

  // Stores a witness's cosignature line(s) of the checkpoint of `size`,
  // checked against the witness keys in the log. Returns the parties.
  core::Result<std::string> add_cosignature(std::uint64_t size, std::string_view lines);

  // The log's verifier key (C2SP vkey), as `corridor init` recorded it.
  const ledger::PublicKey& log_key() const { return m_log_public; }
  // How the public log names case `ref` (core::public_id); Errc::not_found
  // if there is no such case. For the deployment's own tools and tests:
  // whoever learns it can find the case's entries in the public log.
  core::Result<std::string> public_id(std::string_view ref);

  // Replays the whole log into a scratch database (in memory, with a copy of
  // the private tables) and compares every projection table with it, naming
  // the first difference. With check_only that is all: the database is only
  // read. Otherwise it then replays the log into the projection tables
  // themselves, in one transaction.
  core::Result<RebuildReport> rebuild(bool check_only);

  // --- crossing days, manifests and the gate (crossing.cpp) ---------------
  // Each change is a statement signed with `key` here, as decide() is.

  // Opens, suspends or closes every day from `from` to `until`.
  core::Result<std::vector<DayInfo>> change_crossing(const CrossingChange& change,
                                                     const ledger::PrivateKey& key);
  core::Result<std::vector<DayInfo>> days(std::optional<core::Date> from,
                                          std::optional<core::Date> to);
  // What the policy gives now, without signing anything.
  core::Result<ManifestReport> plan_manifest(const core::Date& date, core::Direction direction);
  // Builds the day's manifest by the policy and signs it (the operator).
  core::Result<ManifestReport> build_manifest(const core::Date& date, core::Direction direction,
                                              const ledger::PrivateKey& key);
  core::Result<ManifestReport> approve_manifest(const core::Date& date, core::Direction direction,
                                                const ledger::PrivateKey& key);
  // The current manifest with the published list's names and masked IDs.
  // Errc::not_found if none is built.
  core::Result<ManifestReport> manifest(const core::Date& date, core::Direction direction);
  // Both directions' published lists of the day and each listed
  // traveller's status at the gate. Errc::not_found if no crossing day is
  // recorded for the date.
  core::Result<GateDayList> gate_travellers(const core::Date& date);
  // Finds the traveller on the day's lists by the presented identity,
  // checks it against the approved one, and records the outcome. An
  // identity that differs is refused ("identity-mismatch"), each difference
  // in the error's details, unless the outcome asked for is turned-back.
  core::Result<CheckinReport> checkin(const CheckinRequest& request, const ledger::PrivateKey& key);
  // The look-up and identity check of checkin(), with nothing recorded.
  core::Result<Traveller> find_traveller(const CheckinRequest& request);
  core::Result<CheckinReport> no_show(const core::Date& date, const std::string& ref,
                                      const ledger::PrivateKey& key);
  // step: "ordered" (the monitor) or "recorded".
  core::Result<std::uint64_t> reexamination(const core::Date& date, const std::string& ref,
                                            const std::string& step, const std::string& note,
                                            const ledger::PrivateKey& key);
  core::Result<DayReportInfo> close_day(const core::Date& date, const ledger::PrivateKey& key);
  core::Result<DayReportInfo> attest_day(const core::Date& date, const ledger::PrivateKey& key);
  // The day's signed report, checked against the log's statements.
  core::Result<DayReportInfo> day_report(const core::Date& date);
  core::Result<std::vector<CaseSummary>> list_cases(const CaseFilter& filter);
  // Errc::not_found if there is no such case.
  core::Result<CaseDetail> get_case(std::string_view ref);
  // The cases `query` finds in the fields `scope` allows, at most `limit`:
  // exact matches of the ref, national ID and passport number (indexed)
  // first, then names containing every word of the query (folded by
  // core::name_search_key; a scan of every case's names), whole names
  // before word starts before the rest, each group oldest case first.
  // A field outside `scope` is never compared, so what the caller may not
  // see cannot make a case appear (search.cpp).
  core::Result<SearchResult> search(const core::SearchQuery& query, const SearchScope& scope,
                                    std::size_t limit);
  // The stages `party` may decide now (returned ones included, marked),
  // oldest first: the party's work queue.
  core::Result<std::vector<QueueItem>> work_queue(std::string_view party);
  // The log's size and the writer's counters (for /metrics).
  core::Result<std::uint64_t> log_size();
  std::optional<std::pair<std::int64_t, std::int64_t>> writer_counts();  // commands, batches
  // The crossing figures count from `since` (every day if unset).
  core::Result<Stats> stats(std::optional<core::Date> since = std::nullopt);
  // The figures under `filter`. Errc::bad_input (field "until") if the
  // range ends before it starts.
  core::Result<Stats> stats(const StatsFilter& filter);
  // How many stats() calls derived the figures from every case (a store
  // not yet filled, or a clock stepped back past the horizon's margin).
  std::uint64_t stats_fallbacks() const { return m_stats_fallbacks.load(); }

  // --- the same changes, drafted for a signer elsewhere ---------------------
  // Officers' private keys never reach the server. Each prepare_* makes the
  // exact statement bodies that `officer` (the verifier key of a registered
  // officer) must sign, and the commit that takes the signed notes back;
  // the methods above are prepare_*, signing here, then commit. A commit
  // re-checks everything, as submit() does: state may have moved on.
  core::Result<Prepared<ImportReport>> prepare_import(std::string_view file_name,
                                                      std::string_view data, bool dry_run,
                                                      const ledger::PublicKey& officer);
  core::Result<Prepared<std::vector<core::Result<DecisionReport>>>> prepare_decide_all(
      std::span<const DecideRequest> requests, const ledger::PublicKey& officer);
  core::Result<Prepared<AmendReport>> prepare_amend(const AmendRequest& request,
                                                    const ledger::PublicKey& officer);
  core::Result<Prepared<core::CaseState>> prepare_close_case(const CloseRequest& request,
                                                             const ledger::PublicKey& officer);
  core::Result<Prepared<core::CaseState>> prepare_same_person(const SamePersonRequest& request,
                                                              const ledger::PublicKey& officer);
  core::Result<Prepared<core::CaseState>> prepare_different_persons(
      const DifferentPersonsRequest& request, const ledger::PublicKey& officer);
  core::Result<Prepared<std::vector<DayInfo>>> prepare_change_crossing(
      const CrossingChange& change, const ledger::PublicKey& officer);
  core::Result<Prepared<ManifestReport>> prepare_build_manifest(const core::Date& date,
                                                                core::Direction direction,
                                                                const ledger::PublicKey& officer);
  core::Result<Prepared<ManifestReport>> prepare_approve_manifest(const core::Date& date,
                                                                  core::Direction direction,
                                                                  const ledger::PublicKey& officer);
  core::Result<Prepared<CheckinReport>> prepare_checkin(const CheckinRequest& request,
                                                        const ledger::PublicKey& officer);
  core::Result<Prepared<CheckinReport>> prepare_no_show(const core::Date& date,
                                                        const std::string& ref,
                                                        const ledger::PublicKey& officer);
  core::Result<Prepared<std::uint64_t>> prepare_reexamination(const core::Date& date,
                                                              const std::string& ref,
                                                              const std::string& step,
                                                              const std::string& note,
                                                              const ledger::PublicKey& officer);
  core::Result<Prepared<DayReportInfo>> prepare_close_day(const core::Date& date,
                                                          const ledger::PublicKey& officer);
  core::Result<Prepared<DayReportInfo>> prepare_attest_day(const core::Date& date,
                                                           const ledger::PublicKey& officer);

  // Status for families (inquiry.hpp): the case whose ref and date of
  // birth (and code) match, as its applicant may know it; the read log and
  // the per-ref back-off are written in the same transaction, on every path
  // that compares (docs/api.md, "Status for families").
  core::Result<InquiryAnswer> inquire(const InquiryRequest& request);

  // The calling thread's read-only connection (opened on first use).
  core::Result<store::Database*> reader();
  // Runs `command` in the single writer's next batch and waits until it
  // has committed durably (store::Writer::submit), for tables outside the
  // log: accounts, sessions, the read log.
  core::Result<void> write(std::function<core::Result<void>(store::Database&)> command);

  // The read log's own writer (read_log.cpp): a second read-write
  // connection to the same file with its own thread and group commits (up
  // to 4096 a batch), so that a logged read never waits behind a signed
  // statement's batch. write_reads runs `command` there and waits until it
  // is durable; post_reads returns at once and `then` gets the result on
  // that writer's thread once the batch is durable (store::Writer::post).
  core::Result<void> write_reads(std::function<core::Result<void>(store::Database&)> command);
  core::Result<void> post_reads(std::function<core::Result<void>(store::Database&)> command,
                                std::function<void(core::Result<void>)> then);
  // The read-log writer's commands and batches (for /metrics), if open.
  std::optional<std::pair<std::int64_t, std::int64_t>> read_log_counts();

private:
  Service(std::string db_path, core::Config config, Env& env);
  core::Result<store::Writer*> writer();
  // The writer, for changes that append to the log: the log key is needed.
  core::Result<store::Writer*> log_writer();
  core::Result<void> load_log_key();
  core::Result<void> submit_key_statement(ledger::Statement s);
  core::Result<RebuildReport> check_rebuild();
  // The registered key a statement's signature verifies with, checked on
  // the calling thread; nullopt if unknown or if it does not verify.
  std::optional<ledger::PublicKey> preverify(const SignedStatement& statement);
  // preverify of each, on every core.
  std::vector<std::optional<ledger::PublicKey>> preverify_all(
      std::span<const SignedStatement> statements);
  // One drafted statement with its private note, to sign and submit.
  core::Result<Prepared<Applied>> prepare_statement(ledger::Statement s,
                                                    const std::string& note = "");
  // A day report or attestation: the day's report once committed.
  core::Result<Prepared<DayReportInfo>> prepare_report_statement(ledger::Statement s,
                                                                 const core::Date& date);
  // The keys to trust for notes about to be applied: `signed_by` for each
  // when they were signed here, else each note's registered key if its
  // signature verifies (nullopt: the writer checks it and refuses).
  std::vector<std::optional<ledger::PublicKey>> trusted_keys(
      std::span<const SignedStatement> statements, const ledger::PublicKey* signed_by);

  std::string m_db_path;
  core::Config m_config;
  Env& m_env;
  bool m_duplicate_check = true;
  ledger::PublicKey m_log_public;
  std::optional<std::string> m_log_key_path;
  std::unique_ptr<LogAppender> m_log;
  std::unique_ptr<store::Writer> m_writer;
  core::Result<store::Writer*> reads_writer();
  std::mutex m_reads_mutex;  // the read-log writer is opened on first use
  std::unique_ptr<store::Writer> m_reads_writer;
  std::unique_ptr<store::Database> m_reader;  // open()'s connection, for its thread
  std::thread::id m_reader_thread;
  std::mutex m_readers_mutex;
  std::atomic<std::uint64_t> m_stats_fallbacks{0};
  std::map<std::thread::id, std::unique_ptr<store::Database>> m_readers;  // other threads'
  // Officers' verifier keys by key name, for verifying off the writer.
  std::mutex m_writer_mutex;  // the writer is opened on first use by any thread
  std::mutex m_keys_mutex;
  std::map<std::string, ledger::PublicKey> m_keys;
  std::unique_ptr<store::Database> m_keys_reader;
};

}  // namespace corridor::app
