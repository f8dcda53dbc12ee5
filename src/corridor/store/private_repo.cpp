#include <corridor/store/private_repo.hpp>
#include <corridor/store/rows.hpp>

namespace corridor::store {

using core::Result;
using detail::bytes;
using detail::first_row;

namespace {

PrivateValues read_values(const Statement& row, int col) {
  return {std::string(row.column_text(col)), std::string(row.column_text(col + 1)),
          std::string(row.column_text(col + 2))};
}

}  // namespace

Result<void> insert_private_amendment(Database& db, const PrivateAmendment& a) {
  return db
      .prepare(
          "INSERT INTO private_amendments(statement, ref, urgency, diagnosis, phone, "
          "old_urgency, old_diagnosis, old_phone) VALUES(?,?,?,?,?,?,?,?)")
      .bind_blob(1, bytes(a.statement))
      .bind(2, a.ref)
      .bind(3, a.after.urgency)
      .bind(4, a.after.diagnosis)
      .bind(5, a.after.phone)
      .bind(6, a.before.urgency)
      .bind(7, a.before.diagnosis)
      .bind(8, a.before.phone)
      .run();
}

Result<std::optional<PrivateValues>> private_values_after(Database& db,
                                                          const core::Hash256& statement) {
  Statement& st =
      db.prepare("SELECT urgency, diagnosis, phone FROM private_amendments WHERE statement = ?");
  return first_row<PrivateValues>(st.bind_blob(1, bytes(statement)),
                                  [](const Statement& row) { return read_values(row, 0); });
}

Result<std::optional<PrivateValues>> registered_private_values(Database& db, std::string_view ref) {
  Statement& st = db.prepare(
      "SELECT old_urgency, old_diagnosis, old_phone FROM private_amendments WHERE ref = ? "
      "ORDER BY id LIMIT 1");
  return first_row<PrivateValues>(st.bind(1, ref),
                                  [](const Statement& row) { return read_values(row, 0); });
}

}  // namespace corridor::store
