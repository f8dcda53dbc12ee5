// Service::import_csv: the whole file commits in one transaction or not at all.

#include <corridor/app/apply.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/statement.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/savepoint.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>
#include <thread>

namespace corridor::app {
namespace {

void add_error(ImportReport& rep, std::int64_t row, std::string column, std::string message) {
  rep.errors.push_back(core::RowError{row, std::move(column), std::move(message)});
}

// A stored case the row's group_ref names must be an open case of the
// category the row's category is grouped under, in the same direction.
core::Result<void> check_stored_group(store::Database& db, const core::Config& config,
                                      const core::IntakeRow& row, ImportReport& rep) {
  const core::CaseRecord& r = row.record;
  const core::CategoryDef* cat = config.find_category(r.category);
  auto found = store::case_brief(db, r.group_ref);
  if (!found) return std::move(found).error();
  const auto& principal = *found;
  if (!principal)
    add_error(rep, row.row, "group_ref",
              "no case " + r.group_ref + " in this file or in the store");
  else if (cat && cat->group_of && principal->category != *cat->group_of)
    add_error(
        rep, row.row, "group_ref",
        "case " + r.group_ref + " is a " + principal->category + " case, not " + *cat->group_of);
  else if (principal->direction != r.direction)
    add_error(rep, row.row, "group_ref",
              "case " + r.group_ref + " travels " +
                  std::string(core::to_string(principal->direction)) + ", not " +
                  std::string(core::to_string(r.direction)));
  else if (!principal->open)
    add_error(rep, row.row, "group_ref",
              "case " + r.group_ref + " is " + principal->state + " and takes no companions");
  return {};
}

// The store's uniqueness rules for one row: its ref is not stored yet, and
// its person has no open case that way. Each conflict is a row error.
core::Result<void> check_unique(store::Database& db, const core::IntakeRow& row,
                                ImportReport& rep) {
  const core::CaseRecord& r = row.record;
  auto taken = store::ref_exists(db, r.ref);
  if (!taken) return std::move(taken).error();
  if (*taken) add_error(rep, row.row, "ref", "case " + r.ref + " already exists in the store");
  auto other = store::open_case_of(db, r.person.key(), r.direction);
  if (!other) return std::move(other).error();
  if (*other)
    add_error(rep, row.row, r.person.national_id.empty() ? "passport_no" : "national_id",
              "this person already has an open " + std::string(core::to_string(r.direction)) +
                  " case in the store (" + **other + ")");
  return {};
}

// Stores one row's private data and applies its signed registration. A
// refusal (the ref is taken, the person has an open case, ...) becomes row
// errors; the uniqueness refusals are looked up to name every conflict the
// row has. Anything else fails the import.
core::Result<void> insert_row(store::Database& db, const ApplyContext& ctx, core::IntakeRow& row,
                              const SignedStatement& note, ImportReport& rep) {
  core::CaseRecord& r = row.record;
  if (auto i = store::insert_identity(db, r.snapshot, {r.ref, r.salt, r.person}); !i) return i;
  store::CasePrivate priv{r.ref,
                          r.urgency,
                          r.diagnosis,
                          r.requested_on ? r.requested_on->to_string() : std::string(),
                          store::encode_flags(r.flags),
                          r.person.phone};
  if (auto p = store::upsert_case_private(db, priv); !p) return p;
  auto applied = apply_statement(db, ctx, note);
  if (applied) return {};
  if (applied.error().code != core::Errc::refused) return std::move(applied).error();
  // Only a conflict with the store is the row's fault; a refused key or
  // signature fails the whole import.
  const std::string& rule = applied.error().rule;
  if (rule != "ref-taken" && rule != "person-open-case") return std::move(applied).error();
  return check_unique(db, row, rep);
}

// The store's rules that can be checked before anything is signed: a ref
// already stored, a person with an open case that way, a group_ref naming
// no fit stored case. Checked again when the signed rows are applied (the
// store may change in between); checked here so that an officer is told
// before signing, over HTTP as with `import --dry-run`.
// Rows the party may not register are not looked up: that would tell it
// about people it has no business with.
core::Result<void> check_against_store(store::Database& db, const core::Config& config,
                                       const std::vector<core::IntakeRow>& rows,
                                       const std::vector<bool>& may, ImportReport& rep) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!may[i]) continue;
    const core::IntakeRow& row = rows[i];
    const core::CaseRecord& r = row.record;
    if (auto u = check_unique(db, row, rep); !u) return u;
    if (!r.group_ref.empty() && !row.group_in_file)
      if (auto g = check_stored_group(db, config, row, rep); !g) return g;
  }
  return {};
}

// Every row's registration statement, to sign.
core::Result<std::vector<std::string>> row_bodies(const std::vector<core::IntakeRow>& rows,
                                                  const ledger::Statement& header) {
  std::vector<std::string> bodies;
  bodies.reserve(rows.size());
  ledger::Statement s = header;
  for (const core::IntakeRow& row : rows) {
    const core::CaseRecord& r = row.record;
    s.case_ref = r.ref;
    s.body = ledger::Registration{r.category, r.direction, r.group_ref, r.snapshot};
    auto body = ledger::format_statement(s);
    if (!body) return std::move(body).error();
    bodies.push_back(std::move(body).value());
  }
  return bodies;
}

// Salt, snapshot and registration time: pure work, done before the import
// takes the writer so that other callers wait less.
void seal_rows(std::vector<core::IntakeRow>& rows, Env& env, core::Timestamp now) {
  std::string salts(rows.size() * core::k_salt_size, '\0');
  env.random_bytes({reinterpret_cast<std::uint8_t*>(salts.data()), salts.size()});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    core::CaseRecord& r = rows[i].record;
    r.salt = salts.substr(i * core::k_salt_size, core::k_salt_size);
    r.snapshot = core::snapshot_hash(r.person, r.salt);
    r.registered_at = now;
  }
}

void sort_errors(std::vector<core::RowError>& errors) {
  std::stable_sort(errors.begin(), errors.end(),
                   [](const core::RowError& a, const core::RowError& b) { return a.row < b.row; });
}

// A draft with nothing to sign whose commit gives the report of a file that
// cannot import; a dry run's report still counts the rows by category.
Prepared<ImportReport> refused_import(ImportReport rep, const std::vector<core::IntakeRow>& rows,
                                      const std::vector<bool>& may, bool dry_run) {
  sort_errors(rep.errors);
  if (dry_run)
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (may[i]) ++rep.by_category[rows[i].record.category];
  return Prepared<ImportReport>{
      {},
      [rep = std::move(rep)](std::span<const std::string>, const ledger::PublicKey*)
          -> core::Result<ImportReport> { return rep; }};
}

}  // namespace

core::Result<ImportReport> Service::import_csv(std::string_view file_name, std::string_view data,
                                               bool dry_run, const ledger::PrivateKey& key) {
  return sign_and_commit(prepare_import(file_name, data, dry_run, key.public_key()), key);
}

core::Result<Prepared<ImportReport>> Service::prepare_import(std::string_view file_name,
                                                             std::string_view data, bool dry_run,
                                                             const ledger::PublicKey& officer) {
  auto who = key_officer(officer);
  if (!who) return std::move(who).error();
  auto w = log_writer();
  if (!w) return std::move(w).error();
  const core::Timestamp now = m_env.now();
  core::IntakeResult intake = core::validate_csv(data, m_config, today());
  ImportReport rep;
  rep.file = file_name;
  rep.errors = std::move(intake.errors);
  rep.flags = std::move(intake.flags);
  rep.rows = static_cast<std::int64_t>(intake.rows.size());
  std::vector<bool> may(intake.rows.size(), true);
  for (std::size_t i = 0; i < intake.rows.size(); ++i) {
    const core::IntakeRow& row = intake.rows[i];
    if (m_config.may_register(who->first, row.record.category)) continue;
    may[i] = false;
    add_error(
        rep, row.row, "category",
        who->first + " may not register " + row.record.category + " cases (config [registration])");
  }
  {
    auto db = reader();
    if (!db) return std::move(db).error();
    if (auto c = check_against_store(**db, m_config, intake.rows, may, rep); !c)
      return std::move(c).error();
  }
  // Nothing to sign for a file that cannot import: the report, at once.
  if (!rep.errors.empty()) return refused_import(std::move(rep), intake.rows, may, dry_run);
  seal_rows(intake.rows, m_env, now);
  ledger::Statement header;
  header.log = m_config.log.origin;
  header.time = now;
  header.party = who->first;
  header.officer = who->second;
  auto bodies = row_bodies(intake.rows, header);
  if (!bodies) return std::move(bodies).error();

  auto commit = [this, rows = std::move(intake.rows), may, rep, bodies = *bodies, dry_run,
                 file = std::string(file_name), now, used = false](
                    std::span<const std::string> notes,
                    const ledger::PublicKey* signed_by) mutable -> core::Result<ImportReport> {
    if (used) return core::make_error(core::Errc::conflict, "this draft was already committed");
    auto signed_notes = check_signed_bodies(notes, bodies);
    if (!signed_notes) return std::move(signed_notes).error();
    used = true;
    auto w = log_writer();
    if (!w) return std::move(w).error();
    // Notes signed elsewhere are verified here, before the writer, and must
    // all be the same officer's (the bodies say so).
    std::optional<ledger::PublicKey> verified;
    if (!signed_by && !notes.empty()) {
      auto keys = trusted_keys(*signed_notes, nullptr);
      const bool all = std::all_of(keys.begin(), keys.end(),
                                   [&](const auto& k) { return k && *k == *keys.front(); });
      if (all) verified = keys.front();
    }
    const ledger::PublicKey* trusted = signed_by ? signed_by : verified ? &*verified : nullptr;
    ApplyContext ctx{&m_config, &m_log_public, now, m_log.get(), trusted};

    // A dry run does everything an import does, then rolls it back.
    auto result = (*w)->submit([&](store::Database& db) -> core::Result<void> {
      for (std::size_t i = 0; i < rows.size(); ++i) {
        core::IntakeRow& row = rows[i];
        if (!row.record.group_ref.empty() && !row.group_in_file)
          if (auto g = check_stored_group(db, m_config, row, rep); !g) return g;
        if (!may[i]) continue;
        // Each row in a savepoint: a refused row leaves no private rows behind.
        const std::size_t errors_before = rep.errors.size();
        auto ins = store::in_savepoint(db, [&]() -> core::Result<void> {
          if (auto r = insert_row(db, ctx, row, (*signed_notes)[i], rep); !r) return r;
          if (rep.errors.size() != errors_before)
            return core::make_error(core::Errc::bad_input, "row refused");
          return {};
        });
        if (!ins && ins.error().code != core::Errc::bad_input) return ins;
        ++rep.by_category[row.record.category];
      }
      if (!rep.errors.empty() || dry_run)
        return core::make_error(core::Errc::bad_input, "rolled back");
      return store::insert_import(db, file, rep.rows, now);
    });
    sort_errors(rep.errors);
    if (!result && result.error().code != core::Errc::bad_input) return std::move(result).error();
    if (!result && rep.errors.empty() && !dry_run) return std::move(result).error();
    rep.committed = result.ok();
    if (!rep.committed && !dry_run) rep.by_category.clear();  // nothing was imported
    return rep;
  };
  return Prepared<ImportReport>{std::move(bodies).value(), std::move(commit)};
}

}  // namespace corridor::app
