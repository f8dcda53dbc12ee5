// Service::import_csv: the whole file commits in one transaction or not at all.

#include <corridor/app/apply.hpp>
#include <corridor/app/batch.hpp>
#include <corridor/app/duplicates.hpp>
#include <corridor/app/keyfile.hpp>
#include <corridor/app/prepared.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/signing.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/ledger/registration_batch.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>
#include <corridor/store/projection_repo.hpp>
#include <corridor/store/savepoint.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>
#include <map>
#include <thread>
#include <unordered_map>

namespace corridor::app {
namespace {

void add_error(ImportReport& rep, std::int64_t row, std::string column, std::string message) {
  rep.errors.push_back(core::RowError{row, std::move(column), std::move(message)});
}

// A stored case the row's group_ref names must be an open case of the
// category the row's category is grouped under, in the same direction.
core::Result<void> check_stored_group(store::Database& db, const core::Config& config,
                                      const core::CaseRecord& r, std::int64_t row,
                                      ImportReport& rep) {
  const core::CategoryDef* cat = config.find_category(r.category);
  auto found = store::case_brief(db, r.group_ref);
  if (!found) return std::move(found).error();
  const auto& principal = *found;
  if (!principal)
    add_error(rep, row, "group_ref", "no case " + r.group_ref + " in this file or in the store");
  else if (cat && cat->group_of && principal->category != *cat->group_of)
    add_error(
        rep, row, "group_ref",
        "case " + r.group_ref + " is a " + principal->category + " case, not " + *cat->group_of);
  else if (principal->direction != r.direction)
    add_error(rep, row, "group_ref",
              "case " + r.group_ref + " travels " +
                  std::string(core::to_string(principal->direction)) + ", not " +
                  std::string(core::to_string(r.direction)));
  else if (!principal->open)
    add_error(rep, row, "group_ref",
              "case " + r.group_ref + " is " + principal->state + " and takes no companions");
  return {};
}

// The store's uniqueness rules for one row: its ref is not stored yet, and
// its person has no open case that way. Each conflict is a row error.
core::Result<void> check_unique(store::Database& db, const core::CaseRecord& r, std::int64_t row,
                                ImportReport& rep) {
  auto taken = store::ref_exists(db, r.ref);
  if (!taken) return std::move(taken).error();
  if (*taken) add_error(rep, row, "ref", "case " + r.ref + " already exists in the store");
  auto other = store::open_case_of(db, r.person.key(), r.direction);
  if (!other) return std::move(other).error();
  if (*other)
    add_error(rep, row, r.person.national_id.empty() ? "passport_no" : "national_id",
              "this person already has an open " + std::string(core::to_string(r.direction)) +
                  " case in the store (" + **other + ")");
  return {};
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
    if (auto u = check_unique(db, r, row.row, rep); !u) return u;
    if (!r.group_ref.empty() && !row.group_in_file)
      if (auto g = check_stored_group(db, config, r, row.row, rep); !g) return g;
  }
  return {};
}

// The public id of each stored case a row's group_ref names (checked to
// exist by check_against_store).
core::Result<void> stored_group_ids(store::Database& db, const std::vector<core::IntakeRow>& rows,
                                    std::map<std::string, std::string>& out) {
  for (const core::IntakeRow& row : rows) {
    if (row.record.group_ref.empty() || row.group_in_file || out.count(row.record.group_ref))
      continue;
    auto id = store::public_id_of(db, row.record.group_ref);
    if (!id) return std::move(id).error();
    if (*id) out.emplace(row.record.group_ref, std::move(**id));
  }
  return {};
}

// The rows sealed for the log: each case's salt, snapshot and registration
// time, its row entry and that entry's leaf hash, and the batch's root.
// Pure work, done before the import takes the writer, on both cores.
struct SealedRows {
  std::vector<std::string> entries;
  std::vector<ledger::Hash> leaves;
};

// `stored_groups`: the public id of each stored case a row's group_ref
// names. A group in the file gets its patient's id from the patient's salt.
core::Result<SealedRows> seal_rows(std::vector<core::IntakeRow>& rows,
                                   const std::map<std::string, std::string>& stored_groups,
                                   Env& env, core::Timestamp now) {
  std::string salts(rows.size() * core::k_salt_size, '\0');
  env.random_bytes({reinterpret_cast<std::uint8_t*>(salts.data()), salts.size()});
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i].record.salt = salts.substr(i * core::k_salt_size, core::k_salt_size);
  // The log holds the rows in the order of their public ids, not the
  // file's: a file in ref order would give each row's ref away by its place.
  std::vector<std::pair<std::string, std::size_t>> ids(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    ids[i] = {core::public_id(core::case_key(rows[i].record.salt), rows[i].record.ref), i};
  std::sort(ids.begin(), ids.end());
  std::vector<core::IntakeRow> sorted;
  sorted.reserve(rows.size());
  for (const auto& [id, i] : ids) sorted.push_back(std::move(rows[i]));
  rows = std::move(sorted);
  std::unordered_map<std::string_view, std::size_t> index;  // ref -> row
  for (std::size_t i = 0; i < rows.size(); ++i) index.emplace(rows[i].record.ref, i);
  auto group_id = [&](const core::CaseRecord& r) -> std::string {
    if (r.group_ref.empty()) return {};
    if (auto in_file = index.find(r.group_ref); in_file != index.end())
      return core::public_id(core::case_key(rows[in_file->second].record.salt), r.group_ref);
    auto stored = stored_groups.find(r.group_ref);
    return stored == stored_groups.end() ? std::string() : stored->second;
  };
  SealedRows out{std::vector<std::string>(rows.size()), std::vector<ledger::Hash>(rows.size())};
  std::vector<core::Result<void>> failed(2);
  auto work = [&](std::size_t part, std::size_t parts) {
    for (std::size_t i = part; i < rows.size(); i += parts) {
      core::CaseRecord& r = rows[i].record;
      r.snapshot = core::snapshot_hash(r.person, r.salt);
      r.registered_at = now;
      // The log names the case, and its patient, by public id.
      auto entry = ledger::format_row({core::public_id(core::case_key(r.salt), r.ref), r.category,
                                       r.direction, group_id(r), r.snapshot});
      if (!entry) {
        failed[part] = std::move(entry).error();
        return;
      }
      out.leaves[i] = ledger::leaf_hash(*entry);
      out.entries[i] = std::move(entry).value();
    }
  };
  const std::size_t parts = rows.size() > 1000 ? 2 : 1;
  std::thread helper;
  if (parts == 2) helper = std::thread(work, 1, 2);
  work(0, parts);
  if (helper.joinable()) helper.join();
  for (auto& f : failed)
    if (!f) return std::move(f).error();
  return out;
}

// A row of the batch conflicts with the store (it changed since the check
// before signing): nothing of the batch is kept (the savepoint is rolled
// back), and every conflicting row is named, as before signing.
core::Result<void> name_conflicts(store::Database& db, core::Error why,
                                  const std::vector<core::IntakeRow>& rows,
                                  const std::vector<core::CaseRecord>& records, ImportReport& rep) {
  if (why.rule != "ref-taken" && why.rule != "person-open-case") return why;
  for (std::size_t i = 0; i < records.size(); ++i)
    if (auto u = check_unique(db, records[i], rows[i].row, rep); !u) return u;
  if (rep.errors.empty()) return why;  // not a conflict with a stored case
  return core::make_error(core::Errc::bad_input, "rolled back");
}

// The one signed note of a batch must be exactly the drafted body, signed.
core::Result<void> check_signed_batch(std::span<const std::string> notes, const std::string& body) {
  if (notes.size() != 1)
    return core::refuse("signed-body-differs",
                        "1 statement was drafted, " + std::to_string(notes.size()) + " signed");
  auto n = ledger::parse_note(notes.front());
  if (!n) return core::make_error(core::Errc::bad_input, "signed note 1: " + n.error().message);
  if (n->text != body)
    return core::refuse("signed-body-differs",
                        "signed note 1 is not the statement drafted (draft again and sign that)");
  return {};
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
  std::map<std::string, std::string> stored_groups;  // ref -> public id
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
    // One read transaction for all the look-ups, not one per statement.
    auto c = store::in_read_transaction(**db, [&]() -> core::Result<void> {
      if (auto r = check_against_store(**db, m_config, intake.rows, may, rep); !r) return r;
      return stored_group_ids(**db, intake.rows, stored_groups);
    });
    if (!c) return std::move(c).error();
  }
  // Nothing to sign for a file that cannot import: the report, at once.
  if (!rep.errors.empty()) return refused_import(std::move(rep), intake.rows, may, dry_run);
  auto sealed = seal_rows(intake.rows, stored_groups, m_env, now);
  if (!sealed) return std::move(sealed).error();
  // One signature for the file: the batch statement commits to every row.
  ledger::RegistrationBatch batch{m_config.log.origin,
                                  now,
                                  who->first,
                                  who->second,
                                  static_cast<std::uint64_t>(intake.rows.size()),
                                  ledger::batch_root(sealed->leaves)};
  auto body = ledger::format_batch(batch);
  if (!body) return std::move(body).error();
  std::vector<std::string> bodies{std::move(body).value()};
  auto commit = [this, rows = std::move(intake.rows), rep, sealed = std::move(sealed).value(),
                 bodies, dry_run, file = std::string(file_name), now, used = false](
                    std::span<const std::string> notes,
                    const ledger::PublicKey* signed_by) mutable -> core::Result<ImportReport> {
    if (used) return core::make_error(core::Errc::conflict, "this draft was already committed");
    if (auto c = check_signed_batch(notes, bodies.front()); !c) return std::move(c).error();
    used = true;
    auto w = log_writer();
    if (!w) return std::move(w).error();
    // A note signed elsewhere is verified inside the writer, against the
    // officer's registered key (one verification for the file).
    const ledger::PublicKey* trusted = signed_by;
    ApplyContext ctx{&m_config, &m_log_public, now, m_log.get(), trusted};
    std::vector<core::CaseRecord> records;
    records.reserve(rows.size());
    for (core::IntakeRow& row : rows) records.push_back(std::move(row.record));
    ImportDedup dedup(dry_run);
    // A dry run does everything an import does, then rolls it back.
    auto result = (*w)->submit([&](store::Database& db) -> core::Result<void> {
      for (std::size_t i = 0; i < rows.size(); ++i)
        if (!records[i].group_ref.empty() && !rows[i].group_in_file)
          if (auto g = check_stored_group(db, m_config, records[i], rows[i].row, rep); !g) return g;
      if (!rep.errors.empty()) return core::make_error(core::Errc::bad_input, "rolled back");
      auto applied = store::in_savepoint(db, [&]() -> core::Result<void> {
        // Possible duplicates flag their rows (stored with the case, never
        // blocking); their keys and pairs land with the rows.
        if (m_duplicate_check)
          if (auto d = dedup.check(db, records, rows, rep.flags); !d) return d;
        auto b = apply_batch(db, ctx, notes.front(), records, sealed.entries, sealed.leaves);
        if (!b) return std::move(b).error();
        return m_duplicate_check ? dedup.record(db, records, now) : core::Result<void>{};
      });
      if (!applied) return name_conflicts(db, std::move(applied).error(), rows, records, rep);
      for (const core::CaseRecord& r : records) ++rep.by_category[r.category];
      if (dry_run) return core::make_error(core::Errc::bad_input, "rolled back");
      return store::insert_import(db, file, rep.rows, now);
    });
    sort_errors(rep.errors);
    if (!result && result.error().code != core::Errc::bad_input) return std::move(result).error();
    if (!result && rep.errors.empty() && !dry_run) return std::move(result).error();
    rep.committed = result.ok();
    if (!rep.committed && !dry_run) rep.by_category.clear();  // nothing was imported
    return rep;
  };
  return Prepared<ImportReport>{std::move(bodies), std::move(commit)};
}

}  // namespace corridor::app
