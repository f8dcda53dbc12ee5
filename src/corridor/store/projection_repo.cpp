#include <corridor/store/projection_repo.hpp>

#include <corridor/core/snapshot.hpp>
#include <corridor/store/rows.hpp>

#include <sqlite3.h>

#include <cstring>
#include <string>
#include <vector>

namespace corridor::store {

using core::Result;
using detail::blob_string;
using detail::hash_column;

namespace {

core::Error internal(const std::string& what) {
  return core::make_error(core::Errc::internal, what);
}

// The projection tables (what `rebuild` reproduces: log_repo.cpp's
// clear_projection), in the order a difference is looked for, each with
// the SQL naming a row for messages. `t` is the table itself.
struct Table {
  std::string_view name;
  std::string_view key;
  std::string_view order = "t.rowid";
};

constexpr std::string_view k_case_of =
    "ifnull((SELECT ref FROM cases c WHERE c.id = t.case_id), 'id ' || t.case_id)";

const std::vector<Table>& tables() {
  static const std::vector<Table> all = [] {
    static const std::string by_case =
        "'id ' || t.id || ' (case ' || " + std::string(k_case_of) + " || ')'";
    static const std::string closure = "'case ' || " + std::string(k_case_of);
    return std::vector<Table>{
        {"officers", "t.party || '/' || t.name"},
        {"officer_keys", "'id ' || t.id || ' (' || t.party || '/' || t.name || ')'"},
        {"cases", "'ref ' || t.ref"},
        {"decisions", by_case},
        {"amendments", by_case},
        {"closures", closure},
        {"days", "'date ' || t.date"},
        {"crossing_events", "'id ' || t.id || ' (' || t.date || ')'"},
        {"manifests", "'id ' || t.id || ' (' || t.date || ' ' || t.direction || ')'"},
        {"manifest_entries", "'manifest ' || t.manifest_id || ' position ' || t.position"},
        {"manifest_approvals", "'manifest ' || t.manifest_id || ' party ' || t.party"},
        {"gate_events", "t.date || ' ' || t.case_ref"},
        {"reexaminations", "t.date || ' ' || t.case_ref"},
        {"day_reports", "'date ' || t.date"},
        // The dashboard's figures (migration 11): WITHOUT ROWID, by key.
        {"stats_tallies", "t.direction || '/' || t.category || '/' || t.urgency || ' ' || t.figure",
         "t.direction, t.category, t.urgency, t.figure"},
        {"stats_timeline",
         "t.at || ' ' || t.direction || '/' || t.category || '/' || t.urgency || ' ' || t.figure",
         "t.at, t.direction, t.category, t.urgency, t.figure"},
        {"stats_backlog", "t.day || ' ' || t.direction || '/' || t.category || '/' || t.urgency",
         "t.day, t.direction, t.category, t.urgency"},
        {"stats_waits", "'case id ' || t.case_id || ' #' || t.seq", "t.case_id, t.seq"},
        {"stats_decisions", "'case id ' || t.case_id || ' #' || t.seq", "t.case_id, t.seq"},
        // Decisions on possible duplicates (migration 12's view).
        {"dedup_decisions", "'cases ' || t.case_a || ' and ' || t.case_b", "t.case_a, t.case_b"},
    };
  }();
  return all;
}

bool same_cell(sqlite3_stmt* a, sqlite3_stmt* b, int col) {
  const int type = sqlite3_column_type(a, col);
  if (type != sqlite3_column_type(b, col)) return false;
  switch (type) {
    case SQLITE_NULL:
      return true;
    case SQLITE_INTEGER:
      return sqlite3_column_int64(a, col) == sqlite3_column_int64(b, col);
    case SQLITE_FLOAT:
      return sqlite3_column_double(a, col) == sqlite3_column_double(b, col);
    default: {
      const void* pa = sqlite3_column_blob(a, col);
      const int na = sqlite3_column_bytes(a, col);
      const void* pb = sqlite3_column_blob(b, col);
      const int nb = sqlite3_column_bytes(b, col);
      return na == nb && (na == 0 || std::memcmp(pa, pb, static_cast<std::size_t>(na)) == 0);
    }
  }
}

std::string key_of(Statement& st) { return std::string(st.column_text(0)); }

// Walks one table of both databases side by side.
Result<std::optional<ProjectionDifference>> compare_table(Database& stored, Database& replayed,
                                                          const Table& t) {
  const std::string sql = "SELECT " + std::string(t.key) + ", t.* FROM " + std::string(t.name) +
                          " t ORDER BY " + std::string(t.order);
  Statement& a = stored.prepare(sql);
  Statement& b = replayed.prepare(sql);
  const int cols = sqlite3_column_count(a.handle());
  std::optional<ProjectionDifference> diff;
  for (;;) {
    auto ra = a.step();
    if (!ra) return std::move(ra).error();
    auto rb = b.step();
    if (!rb) return std::move(rb).error();
    if (!*ra && !*rb) break;
    const std::string table(t.name);
    if (*ra && !*rb) {
      diff = ProjectionDifference{table, key_of(a), "(row)", "is not produced by the log"};
      break;
    }
    if (!*ra) {
      diff = ProjectionDifference{table, key_of(b), "(row)", "is missing (the log produces it)"};
      break;
    }
    for (int c = 1; c < cols && !diff; ++c)
      if (!same_cell(a.handle(), b.handle(), c))
        diff = ProjectionDifference{table, key_of(a), sqlite3_column_name(a.handle(), c),
                                    "differs from the log's replay"};
    if (diff) break;
  }
  a.reset();
  b.reset();
  return diff;
}

// Copies every row of one private table, column for column.
Result<void> copy_table(Database& from, Database& to, std::string_view table) {
  Statement& src = from.prepare("SELECT * FROM " + std::string(table));
  const int cols = sqlite3_column_count(src.handle());
  std::string insert = "INSERT INTO " + std::string(table) + " VALUES(";
  for (int c = 0; c < cols; ++c) insert += c ? ",?" : "?";
  insert += ")";
  Statement& dst = to.prepare(insert);
  for (;;) {
    auto row = src.step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    for (int c = 0; c < cols; ++c)
      if (sqlite3_bind_value(dst.handle(), c + 1, sqlite3_column_value(src.handle(), c)) !=
          SQLITE_OK)
        return internal("copying " + std::string(table) + ": cannot bind");
    if (auto r = dst.run(); !r) return r;
    dst.reset();
  }
  src.reset();
  return {};
}

}  // namespace

Result<Database> open_scratch(Database& source) {
  auto scratch = Database::open(":memory:", OpenMode::create);
  if (!scratch) return std::move(scratch).error();
  if (auto r = scratch->exec("BEGIN"); !r) return std::move(r).error();
  for (std::string_view table : {"identities", "case_private", "private_amendments", "notes"})
    if (auto r = copy_table(source, *scratch, table); !r) return std::move(r).error();
  return scratch;
}

Result<std::optional<ProjectionDifference>> compare_projection(Database& stored,
                                                               Database& replayed) {
  for (const Table& t : tables()) {
    auto d = compare_table(stored, replayed, t);
    if (!d || *d) return d;
  }
  return std::optional<ProjectionDifference>();
}

Result<void> in_read_transaction(Database& db, const std::function<Result<void>()>& fn) {
  if (auto r = db.exec("BEGIN"); !r) return r;
  auto out = fn();
  // A read transaction has nothing to keep: ending it cannot lose anything.
  (void)db.exec("ROLLBACK");
  return out;
}

Result<void> for_each_identity(Database& db, const IdentityFn& fn) {
  Statement& st = db.prepare(
      "SELECT snapshot, case_ref, salt, name_ar, name_en, national_id, passport_no, "
      "date_of_birth, sex, nationality, public_id FROM identities ORDER BY snapshot");
  Result<void> out;
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    Identity id;
    id.case_ref = st.column_text(1);
    id.salt = blob_string(st, 2);
    core::Person& p = id.person;
    p.name_ar = st.column_text(3);
    p.name_en = st.column_text(4);
    p.national_id = st.column_text(5);
    p.passport_no = st.column_text(6);
    auto dob = core::parse_date(st.column_text(7));
    auto sex = core::parse_sex(st.column_text(8));
    p.nationality = st.column_text(9);
    // The public id the log names the case by must be its ref's, under its
    // salt: a ref moved to another identity row is an edit.
    const bool well_formed =
        dob && sex && dob->to_string() == st.column_text(7) &&
        core::to_string(*sex) == st.column_text(8) &&
        st.column_text(10) == core::public_id(core::case_key(id.salt), id.case_ref);
    if (dob) p.date_of_birth = *dob;
    if (sex) p.sex = *sex;
    out = fn(hash_column(st, 0), id, well_formed);
    if (!out) break;
  }
  st.reset();
  return out;
}

Result<void> for_each_note(Database& db, const NoteFn& fn) {
  Statement& st = db.prepare("SELECT hash, salt, text FROM notes ORDER BY hash");
  Result<void> out;
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    const std::string salt = blob_string(st, 1);
    out = fn(hash_column(st, 0), salt, st.column_text(2));
    if (!out) break;
  }
  st.reset();
  return out;
}

}  // namespace corridor::store
