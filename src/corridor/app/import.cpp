// Service::import_csv: the whole file commits in one transaction or not at all.

#include <corridor/app/service.hpp>
#include <corridor/core/snapshot.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/writer.hpp>

#include <algorithm>

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

// Inserts one row. A uniqueness conflict with the store becomes row errors:
// the schema names only the first constraint broken, so both are looked up
// then (on this failure path only). Anything else fails the import.
core::Result<void> insert_row(store::Database& db, core::IntakeRow& row, ImportReport& rep) {
  core::CaseRecord& r = row.record;
  auto ins = store::insert_case(db, r);
  if (ins) return {};
  if (ins.error().message != store::k_ref_taken && ins.error().message != store::k_open_case)
    return std::move(ins).error();
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

}  // namespace

core::Result<ImportReport> Service::import_csv(std::string_view file_name, std::string_view data,
                                               bool dry_run) {
  auto w = writer();
  if (!w) return std::move(w).error();
  const core::Timestamp now = m_env.now();
  core::IntakeResult intake = core::validate_csv(data, m_config, today());
  ImportReport rep;
  rep.file = file_name;
  rep.errors = std::move(intake.errors);
  rep.flags = std::move(intake.flags);
  rep.rows = static_cast<std::int64_t>(intake.rows.size());
  seal_rows(intake.rows, m_env, now);

  // A dry run does everything an import does, then rolls it back.
  auto result = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    for (core::IntakeRow& row : intake.rows) {
      if (!row.record.group_ref.empty() && !row.group_in_file)
        if (auto g = check_stored_group(db, m_config, row, rep); !g) return g;
      if (auto ins = insert_row(db, row, rep); !ins) return ins;
      ++rep.by_category[row.record.category];
    }
    if (!rep.errors.empty() || dry_run)
      return core::make_error(core::Errc::bad_input, "rolled back");
    return store::insert_import(db, file_name, rep.rows, now);
  });
  sort_errors(rep.errors);
  if (!result && rep.errors.empty() && !dry_run) return std::move(result).error();
  rep.committed = result.ok();
  if (!rep.committed && !dry_run) rep.by_category.clear();  // nothing was imported
  return rep;
}

}  // namespace corridor::app
