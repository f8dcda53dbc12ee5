#include <corridor/store/case_repo.hpp>

#include <corridor/core/snapshot.hpp>
#include <corridor/store/rows.hpp>

namespace corridor::store {
namespace {

using core::Result;
using detail::bytes;
using detail::each_row;
using detail::first_row;
using detail::hash_column;

constexpr std::string_view k_case_columns =
    "c.id, c.ref, c.direction, c.category, c.urgency, c.diagnosis, c.group_ref, "
    "c.requested_on, c.flags, c.name_ar, c.name_en, c.national_id, c.passport_no, "
    "c.date_of_birth, c.sex, c.nationality, c.phone, c.salt, c.snapshot, c.snapshot_at, "
    "c.registered_at, cl.kind, cl.party, cl.officer, cl.note, cl.at, c.scheduled_on, c.travel";

}  // namespace

std::string encode_flags(const std::vector<core::Flag>& flags) {
  std::string out;
  for (const core::Flag& f : flags) out += f.code + '\t' + f.detail + '\n';
  return out;
}

std::vector<core::Flag> decode_flags(std::string_view text) {
  std::vector<core::Flag> flags;
  while (!text.empty()) {
    auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    auto tab = line.find('\t');
    flags.push_back({std::string(line.substr(0, tab)),
                     tab == std::string_view::npos ? "" : std::string(line.substr(tab + 1))});
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
  }
  return flags;
}

namespace {

void read_person(const Statement& st, int col, core::Person& p) {
  p.name_ar = st.column_text(col);
  p.name_en = st.column_text(col + 1);
  p.national_id = st.column_text(col + 2);
  p.passport_no = st.column_text(col + 3);
  p.date_of_birth = core::parse_date(st.column_text(col + 4)).value_or(core::Date{});
  p.sex = core::parse_sex(st.column_text(col + 5)).value_or(core::Sex::male);
  p.nationality = st.column_text(col + 6);
  p.phone = st.column_text(col + 7);
}

StoredCase read_case(const Statement& st) {
  StoredCase sc;
  core::CaseRecord& r = sc.record;
  r.id = st.column_int64(0);
  r.ref = st.column_text(1);
  r.direction = core::parse_direction(st.column_text(2)).value_or(core::Direction::exit);
  r.category = st.column_text(3);
  r.urgency = st.column_text(4);
  r.diagnosis = st.column_text(5);
  r.group_ref = st.column_text(6);
  r.requested_on = core::parse_date(st.column_text(7));
  r.flags = decode_flags(st.column_text(8));
  read_person(st, 9, r.person);
  auto salt = st.column_blob(17);
  r.salt.assign(salt.begin(), salt.end());
  r.snapshot = hash_column(st, 18);
  sc.facts.snapshot = r.snapshot;
  sc.facts.snapshot_at = st.column_int64(19);
  r.registered_at = st.column_int64(20);
  sc.facts.registered_at = r.registered_at;
  if (!st.column_is_null(21)) {
    sc.facts.closure = core::Closure{
        core::parse_closure_kind(st.column_text(21)).value_or(core::ClosureKind::withdrawn),
        std::string(st.column_text(22)), std::string(st.column_text(23)),
        std::string(st.column_text(24)), st.column_int64(25)};
  }
  if (!st.column_is_null(26)) sc.facts.scheduled_on = core::parse_date(st.column_text(26));
  if (!st.column_is_null(27))
    sc.facts.travel =
        st.column_text(27) == "crossed" ? core::Travel::crossed : core::Travel::turned_back;
  return sc;
}

core::Decision read_decision(const Statement& st, int col, std::string_view ref) {
  core::Decision d;
  d.case_ref = ref;
  d.stage = st.column_text(col);
  d.party = st.column_text(col + 1);
  d.officer = st.column_text(col + 2);
  d.outcome = core::parse_outcome(st.column_text(col + 3)).value_or(core::Outcome::approve);
  d.reason = st.column_text(col + 4);
  d.note = st.column_text(col + 5);
  d.snapshot = hash_column(st, col + 6);
  d.at = st.column_int64(col + 7);
  d.signature = st.column_text(col + 8);
  return d;
}

constexpr std::string_view k_decision_columns =
    "stage, party, officer, outcome, reason, note, snapshot, at, signature";

Statement& bind_person(Statement& st, int first, const core::Person& p) {
  return st.bind(first, p.name_ar)
      .bind(first + 1, p.name_en)
      .bind(first + 2, p.national_id)
      .bind(first + 3, p.passport_no)
      .bind(first + 4, p.date_of_birth.to_string())
      .bind(first + 5, core::to_string(p.sex))
      .bind(first + 6, p.nationality)
      .bind(first + 7, p.phone);
}

// Names which uniqueness an insert into cases broke, as the error's rule.
// SQLite names the constraint only in its message ("UNIQUE constraint
// failed: cases.ref" or "...: cases.person_key, ..."): this is the one place
// that reads it, so that nothing above the store parses a message.
core::Error classify_insert_error(core::Error e) {
  if (e.code != core::Errc::conflict) return e;
  for (std::string_view rule : {k_ref_taken, k_open_case}) {
    const std::string_view column = rule == k_ref_taken ? "cases.ref" : "cases.person_key";
    if (e.message.find(column) == std::string::npos) continue;
    e.rule = rule;
    e.message = rule;
    return e;
  }
  return e;
}

}  // namespace

Result<void> insert_case(Database& db, core::CaseRecord& rec) {
  Statement& st = db.prepare(
      "INSERT INTO cases(ref, direction, category, urgency, diagnosis, group_ref, requested_on, "
      "flags, name_ar, name_en, national_id, passport_no, date_of_birth, sex, nationality, phone, "
      "person_key, salt, snapshot, snapshot_at, registered_at, state, state_until, open) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'registered',NULL,1)");
  st.bind(1, rec.ref)
      .bind(2, core::to_string(rec.direction))
      .bind(3, rec.category)
      .bind(4, rec.urgency)
      .bind(5, rec.diagnosis)
      .bind(6, rec.group_ref)
      .bind(7, rec.requested_on ? rec.requested_on->to_string() : std::string())
      .bind(8, encode_flags(rec.flags));
  bind_person(st, 9, rec.person)
      .bind(17, rec.person.key())
      .bind_blob(18, bytes(rec.salt))
      .bind_blob(19, bytes(rec.snapshot))
      .bind(20, rec.registered_at)
      .bind(21, rec.registered_at);
  auto r = st.run();
  if (!r) return classify_insert_error(std::move(r).error());
  rec.id = db.last_insert_rowid();
  return {};
}

Result<std::optional<std::string>> ref_of_public_id(Database& db, std::string_view id) {
  Statement& st = db.prepare("SELECT case_ref FROM identities WHERE public_id = ? LIMIT 1");
  return first_row<std::string>(st.bind(1, id),
                                [](const Statement& row) { return row.column_text(0); });
}

Result<std::optional<std::string>> public_id_of(Database& db, std::string_view ref) {
  Statement& st = db.prepare("SELECT salt FROM cases WHERE ref = ?");
  return first_row<std::string>(st.bind(1, ref), [&](const Statement& row) {
    const auto salt = row.column_blob(0);
    return core::public_id(core::case_key(std::string(salt.begin(), salt.end())), ref);
  });
}

Result<std::optional<StoredCase>> load_case(Database& db, std::string_view ref) {
  Statement& st = db.prepare("SELECT " + std::string(k_case_columns) +
                             " FROM cases c LEFT JOIN closures cl ON cl.case_id = c.id "
                             "WHERE c.ref = ?");
  auto found = first_row<StoredCase>(st.bind(1, ref), read_case);
  if (!found || !*found) return found;
  StoredCase& sc = **found;
  Statement& ds = db.prepare("SELECT " + std::string(k_decision_columns) +
                             " FROM decisions WHERE case_id = ? ORDER BY id");
  auto decisions = each_row(ds.bind(1, sc.record.id), [&](const Statement& row) {
    sc.facts.decisions.push_back(read_decision(row, 0, sc.record.ref));
  });
  if (!decisions) return std::move(decisions).error();
  return found;
}

Result<std::vector<std::string>> group_members(Database& db, std::string_view ref) {
  // "<> ''" lets SQLite use the partial index cases_group.
  Statement& st =
      db.prepare("SELECT ref FROM cases WHERE group_ref = ?1 AND group_ref <> '' ORDER BY id");
  std::vector<std::string> refs;
  auto r = each_row(st.bind(1, ref),
                    [&](const Statement& row) { refs.emplace_back(row.column_text(0)); });
  if (!r) return std::move(r).error();
  return refs;
}

Result<bool> ref_exists(Database& db, std::string_view ref) {
  Statement& st = db.prepare("SELECT 1 FROM cases WHERE ref = ?");
  auto found = first_row<bool>(st.bind(1, ref), [](const Statement&) { return true; });
  if (!found) return std::move(found).error();
  return found->has_value();
}

Result<std::optional<std::string>> open_case_of(Database& db, std::string_view person_key,
                                                core::Direction direction) {
  Statement& st =
      db.prepare("SELECT ref FROM cases WHERE person_key = ? AND direction = ? AND open = 1");
  st.bind(1, person_key).bind(2, core::to_string(direction));
  return first_row<std::string>(
      st, [](const Statement& row) { return std::string(row.column_text(0)); });
}

Result<std::optional<CaseBrief>> case_brief(Database& db, std::string_view ref) {
  Statement& st = db.prepare("SELECT category, direction, open, state FROM cases WHERE ref = ?");
  return first_row<CaseBrief>(st.bind(1, ref), [](const Statement& row) {
    return CaseBrief{std::string(row.column_text(0)),
                     core::parse_direction(row.column_text(1)).value_or(core::Direction::exit),
                     row.column_int64(2) != 0, std::string(row.column_text(3))};
  });
}

Result<void> insert_decision(Database& db, std::int64_t case_id, const core::Decision& d) {
  Statement& st = db.prepare(
      "INSERT INTO decisions(case_id, stage, party, officer, outcome, reason, note, snapshot, at, "
      "signature) VALUES(?,?,?,?,?,?,?,?,?,?)");
  return st.bind(1, case_id)
      .bind(2, d.stage)
      .bind(3, d.party)
      .bind(4, d.officer)
      .bind(5, core::to_string(d.outcome))
      .bind(6, d.reason)
      .bind(7, d.note)
      .bind_blob(8, bytes(d.snapshot))
      .bind(9, d.at)
      .bind(10, d.signature)
      .run();
}

Result<void> save_state(Database& db, std::int64_t case_id, const core::CaseView& view) {
  Statement& st = db.prepare("UPDATE cases SET state = ?, state_until = ?, open = ? WHERE id = ?");
  st.bind(1, core::to_string(view.state));
  if (view.state_until)
    st.bind(2, *view.state_until);
  else
    st.bind_null(2);
  auto saved = st.bind(3, std::int64_t{core::is_open(view.state)}).bind(4, case_id).run();
  if (!saved || core::is_open(view.state)) return saved;
  // A case no longer open is no one's possible duplicate: its blocking keys
  // (they hold its national ID and phone) go (docs/dedup.md).
  return db.prepare("DELETE FROM dedup_keys WHERE case_id = ?").bind(1, case_id).run();
}

Result<void> save_identity(Database& db, const core::CaseRecord& rec, const Amendment& a,
                           core::Timestamp snapshot_at) {
  Statement& st = db.prepare(
      "UPDATE cases SET name_ar = ?, name_en = ?, national_id = ?, passport_no = ?, "
      "date_of_birth = ?, sex = ?, nationality = ?, phone = ?, person_key = ?, snapshot = ?, "
      "snapshot_at = ?, flags = ?, urgency = ?, diagnosis = ? WHERE id = ?");
  bind_person(st, 1, rec.person)
      .bind(9, rec.person.key())
      .bind_blob(10, bytes(rec.snapshot))
      .bind(11, snapshot_at)
      .bind(12, encode_flags(rec.flags))
      .bind(13, rec.urgency)
      .bind(14, rec.diagnosis)
      .bind(15, rec.id);
  if (auto r = st.run(); !r) return r;
  std::string fields;
  for (const std::string& f : a.fields) fields += (fields.empty() ? "" : ",") + f;
  return db
      .prepare(
          "INSERT INTO amendments(case_id, fields, old_snapshot, new_snapshot, party, "
          "officer, at) VALUES(?,?,?,?,?,?,?)")
      .bind(1, rec.id)
      .bind(2, fields)
      .bind_blob(3, bytes(a.old_snapshot))
      .bind_blob(4, bytes(rec.snapshot))
      .bind(5, a.party)
      .bind(6, a.officer)
      .bind(7, a.at)
      .run();
}

Result<void> insert_closure(Database& db, std::int64_t case_id, const core::Closure& c,
                            const core::Date& on_date) {
  return db
      .prepare(
          "INSERT INTO closures(case_id, kind, party, officer, note, at, on_date) "
          "VALUES(?,?,?,?,?,?,?)")
      .bind(1, case_id)
      .bind(2, core::to_string(c.kind))
      .bind(3, c.party)
      .bind(4, c.officer)
      .bind(5, c.note)
      .bind(6, c.at)
      .bind(7, on_date.to_string())
      .run();
}

Result<void> insert_import(Database& db, std::string_view file, std::int64_t rows,
                           core::Timestamp at) {
  return db.prepare("INSERT INTO imports(file, rows, at) VALUES(?,?,?)")
      .bind(1, file)
      .bind(2, rows)
      .bind(3, at)
      .run();
}

Result<void> set_meta(Database& db, std::string_view key, std::string_view value) {
  return db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?,?)")
      .bind(1, key)
      .bind(2, value)
      .run();
}

Result<std::optional<std::string>> get_meta(Database& db, std::string_view key) {
  Statement& st = db.prepare("SELECT value FROM meta WHERE key = ?");
  return first_row<std::string>(
      st.bind(1, key), [](const Statement& row) { return std::string(row.column_text(0)); });
}

Result<void> save_registrant(Database& db, std::string_view ref, std::string_view party) {
  // A replay into the same tables (rebuild) writes the same row again.
  Statement& st = db.prepare("INSERT OR REPLACE INTO case_registrants(ref, party) VALUES(?, ?)");
  return st.bind(1, ref).bind(2, party).run();
}

Result<std::optional<std::string>> registrant_of(Database& db, std::string_view ref) {
  Statement& st = db.prepare("SELECT party FROM case_registrants WHERE ref = ?");
  return first_row<std::string>(
      st.bind(1, ref), [](const Statement& row) { return std::string(row.column_text(0)); });
}

namespace {

std::string case_query_sql(const CaseQuery& q) {
  std::string sql = "SELECT " + std::string(k_case_columns) +
                    " FROM cases c LEFT JOIN closures cl ON cl.case_id = c.id WHERE 1";
  if (q.direction) sql += " AND c.direction = ?1";
  if (q.category) sql += " AND c.category = ?2";
  if (q.from_id > 0) sql += " AND c.id >= ?3";
  return sql + " ORDER BY c.id";
}

// The ids of a direction's cases that could be on a manifest: the
// principals (of `categories`) whose stored state is cleared, scheduled or
// expired (index cases_state), and the open cases of their groups, found
// from each principal (CROSS JOIN keeps that order; the unary + keeps the
// look-up on cases_group rather than a walk of the direction's cases).
// ?1 the direction, ?2... the categories.
std::string candidate_ids_sql(std::size_t categories) {
  std::string in;
  for (std::size_t i = 0; i < categories; ++i) in += (i ? ",?" : "?") + std::to_string(i + 2);
  return "WITH p(id, ref) AS (SELECT id, ref FROM cases WHERE direction = ?1 AND category IN (" +
         in +
         ") AND state IN ('cleared', 'scheduled', 'expired')), "
         "ids(id) AS (SELECT id FROM p UNION SELECT c.id FROM p CROSS JOIN cases c "
         "ON c.group_ref = p.ref WHERE c.group_ref <> '' AND +c.direction = ?1 AND +c.open = 1) ";
}

// Calls fn for each row of `cs` (cases, by id) with its decisions from `ds`
// (by case_id, id), merged as both cursors advance.
Result<void> merge_cases(Statement& cs, Statement& ds,
                         const std::function<void(StoredCase&&)>& fn) {
  auto drow = ds.step();
  auto cases = each_row(cs, [&](const Statement& row) {
    StoredCase sc = read_case(row);
    while (drow && *drow && ds.column_int64(0) < sc.record.id) drow = ds.step();
    while (drow && *drow && ds.column_int64(0) == sc.record.id) {
      sc.facts.decisions.push_back(read_decision(ds, 1, sc.record.ref));
      drow = ds.step();
    }
    if (drow) fn(std::move(sc));
  });
  if (!drow) return std::move(drow).error();
  ds.reset();
  return cases;
}

}  // namespace

Result<void> for_each_case(Database& db, const CaseQuery& q,
                           const std::function<void(StoredCase&&)>& fn) {
  Statement& cs = db.prepare(case_query_sql(q));
  if (q.direction) cs.bind(1, core::to_string(*q.direction));
  if (q.category) cs.bind(2, *q.category);
  if (q.from_id > 0) cs.bind(3, q.from_id);
  // Decisions in case order, from the first case asked for.
  Statement& ds = db.prepare("SELECT case_id, " + std::string(k_decision_columns) +
                             " FROM decisions WHERE case_id >= ?1 ORDER BY case_id, id");
  ds.bind(1, q.from_id);
  return merge_cases(cs, ds, fn);
}

Result<void> for_each_manifest_candidate(Database& db, core::Direction direction,
                                         const std::vector<std::string>& principal_categories,
                                         const std::function<void(StoredCase&&)>& fn) {
  if (principal_categories.empty()) return {};
  const std::string ids = candidate_ids_sql(principal_categories.size());
  Statement& cs = db.prepare(ids + "SELECT " + std::string(k_case_columns) +
                             " FROM cases c LEFT JOIN closures cl ON cl.case_id = c.id "
                             "WHERE c.id IN ids ORDER BY c.id");
  Statement& ds = db.prepare(ids + "SELECT case_id, " + std::string(k_decision_columns) +
                             " FROM decisions WHERE case_id IN ids ORDER BY case_id, id");
  for (Statement* st : {&cs, &ds}) {
    st->bind(1, core::to_string(direction));
    for (std::size_t i = 0; i < principal_categories.size(); ++i)
      st->bind(static_cast<int>(i) + 2, principal_categories[i]);
  }
  return merge_cases(cs, ds, fn);
}

Result<std::vector<std::pair<std::string, std::int64_t>>> deaths_by_date(Database& db) {
  Statement& st = db.prepare(
      "SELECT on_date, count(*) FROM closures WHERE kind = 'deceased' GROUP BY on_date "
      "ORDER BY on_date");
  std::vector<std::pair<std::string, std::int64_t>> out;
  auto r = each_row(st, [&](const Statement& row) {
    out.emplace_back(std::string(row.column_text(0)), row.column_int64(1));
  });
  if (!r) return std::move(r).error();
  return out;
}

}  // namespace corridor::store
