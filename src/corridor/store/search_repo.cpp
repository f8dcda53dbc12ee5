#include <corridor/store/rows.hpp>
#include <corridor/store/search_repo.hpp>

namespace corridor::store {

core::Result<std::vector<std::string>> refs_by(Database& db, IdColumn column,
                                               std::string_view value) {
  if (value.empty()) return std::vector<std::string>{};
  // "<> ''" lets SQLite use the partial indexes of migration 7.
  const char* sql = "SELECT ref FROM cases WHERE ref = ?1 ORDER BY id";
  if (column == IdColumn::national_id)
    sql = "SELECT ref FROM cases WHERE national_id = ?1 AND national_id <> '' ORDER BY id";
  if (column == IdColumn::passport_no)
    sql = "SELECT ref FROM cases WHERE passport_no = ?1 AND passport_no <> '' ORDER BY id";
  Statement& st = db.prepare(sql);
  return detail::all_rows<std::string>(
      st.bind(1, value), [](const Statement& row) { return std::string(row.column_text(0)); });
}

core::Result<void> for_each_case_name(
    Database& db,
    const std::function<void(std::string_view, std::string_view, std::string_view)>& fn) {
  Statement& st = db.prepare("SELECT ref, name_ar, name_en FROM cases ORDER BY id");
  return detail::each_row(st, [&](const Statement& row) {
    fn(row.column_text(0), row.column_text(1), row.column_text(2));
  });
}

}  // namespace corridor::store
