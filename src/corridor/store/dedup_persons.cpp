#include <corridor/store/dedup_persons.hpp>

#include <corridor/core/case.hpp>
#include <corridor/core/date.hpp>
#include <corridor/store/rows.hpp>

namespace corridor::store {
namespace {

constexpr std::string_view k_columns =
    "SELECT id, ref, name_ar, name_en, national_id, passport_no, phone, date_of_birth, sex, "
    "group_ref, direction FROM cases WHERE open = 1";

OpenPerson read_person(const Statement& row) {
  OpenPerson o;
  o.id = row.column_int64(0);
  o.direction = row.column_text(10);
  core::DedupPerson& p = o.person;
  p.ref = row.column_text(1);
  p.name_ar = row.column_text(2);
  p.name_en = row.column_text(3);
  p.national_id = row.column_text(4);
  p.passport_no = row.column_text(5);
  p.phone = row.column_text(6);
  p.date_of_birth = core::parse_date(row.column_text(7));
  p.sex = core::parse_sex(row.column_text(8));
  p.group_ref = row.column_text(9);
  return o;
}

}  // namespace

core::Result<void> for_each_open_person(Database& db, const std::function<void(OpenPerson&&)>& fn) {
  Statement& st = db.prepare(std::string(k_columns) + " ORDER BY id");
  return detail::each_row(st, [&](const Statement& row) { fn(read_person(row)); });
}

core::Result<std::optional<OpenPerson>> open_person(Database& db, std::int64_t case_id) {
  Statement& st = db.prepare(std::string(k_columns) + " AND id = ?");
  return detail::first_row<OpenPerson>(st.bind(1, case_id), read_person);
}

core::Result<bool> any_dedup_keys(Database& db) {
  Statement& st = db.prepare("SELECT EXISTS(SELECT 1 FROM dedup_keys)");
  auto found =
      detail::first_row<bool>(st, [](const Statement& row) { return row.column_int64(0) != 0; });
  if (!found) return std::move(found).error();
  return found->value_or(false);
}

}  // namespace corridor::store
