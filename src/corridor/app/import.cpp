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

// The rules that need the store: a ref already stored, a person's open
// case already stored, a group_ref naming a stored case.
void check_against_store(store::Database& db, const core::Config& config,
                         const std::vector<core::IntakeRow>& rows, ImportReport& rep) {
  for (const core::IntakeRow& row : rows) {
    const core::CaseRecord& r = row.record;
    if (store::ref_exists(db, r.ref))
      add_error(rep, row.row, "ref", "case " + r.ref + " already exists in the store");
    if (auto other = store::open_case_of(db, r.person.key(), r.direction))
      add_error(rep, row.row, r.person.national_id.empty() ? "passport_no" : "national_id",
                "this person already has an open " + std::string(core::to_string(r.direction)) +
                    " case in the store (" + *other + ")");
    if (r.group_ref.empty() || row.group_in_file) continue;
    const core::CategoryDef* cat = config.find_category(r.category);
    auto principal = store::case_brief(db, r.group_ref);
    if (!principal)
      add_error(rep, row.row, "group_ref",
                "no case " + r.group_ref + " in this file or in the store");
    else if (cat && cat->group_of && principal->category != *cat->group_of)
      add_error(
          rep, row.row, "group_ref",
          "case " + r.group_ref + " is a " + principal->category + " case, not " + *cat->group_of);
    else if (!principal->open)
      add_error(rep, row.row, "group_ref",
                "case " + r.group_ref + " is " + principal->state + " and takes no companions");
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
  std::string salts(intake.rows.size() * core::k_salt_size, '\0');
  m_env.random_bytes({reinterpret_cast<std::uint8_t*>(salts.data()), salts.size()});

  auto result = (*w)->submit([&](store::Database& db) -> core::Result<void> {
    check_against_store(db, m_config, intake.rows, rep);
    if (!rep.errors.empty() || dry_run)
      return core::make_error(core::Errc::bad_input, "not committed");
    for (std::size_t i = 0; i < intake.rows.size(); ++i) {
      core::CaseRecord& r = intake.rows[i].record;
      r.salt = salts.substr(i * core::k_salt_size, core::k_salt_size);
      r.snapshot = core::snapshot_hash(r.person, r.salt);
      r.registered_at = now;
      if (auto ins = store::insert_case(db, r); !ins) return ins;
      ++rep.by_category[r.category];
    }
    return store::insert_import(db, file_name, static_cast<std::int64_t>(intake.rows.size()), now);
  });
  sort_errors(rep.errors);
  if (!result && (rep.errors.empty() && !dry_run)) return std::move(result).error();
  if (dry_run)
    for (const auto& row : intake.rows) ++rep.by_category[row.record.category];
  rep.committed = result.ok();
  return rep;
}

}  // namespace corridor::app
