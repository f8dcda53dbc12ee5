#include <corridor/store/log_repo.hpp>

#include <corridor/core/snapshot.hpp>
#include <corridor/store/rows.hpp>

#include <sodium.h>
#include <sqlite3.h>

namespace corridor::store {

using core::Result;
using detail::blob_string;
using detail::bytes;
using detail::each_row;
using detail::first_row;
using detail::hash_column;

namespace {

std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }

StoredCheckpoint read_checkpoint(const Statement& st) {
  return {static_cast<std::uint64_t>(st.column_int64(0)), std::string(st.column_text(1))};
}

OfficerRow read_officer(const Statement& st) {
  OfficerRow o;
  o.party = st.column_text(0);
  o.name = st.column_text(1);
  o.key_name = st.column_text(2);
  o.key_id = static_cast<std::uint32_t>(st.column_int64(3));
  o.type = static_cast<int>(st.column_int64(4));
  o.vkey = st.column_text(5);
  o.added_at = st.column_int64(6);
  if (!st.column_is_null(7)) o.revoked_at = st.column_int64(7);
  return o;
}

constexpr std::string_view k_officer_columns =
    "party, name, key_name, key_id, type, vkey, added_at, revoked_at";

OfficerKeyRow read_officer_key(const Statement& st) {
  OfficerKeyRow k;
  k.party = st.column_text(0);
  k.name = st.column_text(1);
  k.key_id = static_cast<std::uint32_t>(st.column_int64(2));
  k.type = static_cast<int>(st.column_int64(3));
  k.vkey = st.column_text(4);
  k.added_at = st.column_int64(5);
  if (!st.column_is_null(6)) k.revoked_at = st.column_int64(6);
  if (!st.column_is_null(7)) k.retired_at = st.column_int64(7);
  return k;
}

// A key enters the officer's history: by officer-add or officer-rotate.
Result<void> insert_officer_key(Database& db, const OfficerRow& o) {
  return db
      .prepare(
          "INSERT INTO officer_keys(party, name, key_id, type, vkey, added_at, revoked_at, "
          "retired_at) VALUES(?,?,?,?,?,?,NULL,NULL)")
      .bind(1, o.party)
      .bind(2, o.name)
      .bind(3, std::int64_t{o.key_id})
      .bind(4, std::int64_t{o.type})
      .bind(5, o.vkey)
      .bind(6, o.added_at)
      .run();
}

}  // namespace

// --- the log ------------------------------------------------------------------

Result<std::uint64_t> log_size(Database& db) {
  // The last row of the primary key: one B-tree descent, not a scan.
  Statement& st = db.prepare("SELECT idx + 1 FROM log_entries ORDER BY idx DESC LIMIT 1");
  auto n = first_row<std::uint64_t>(
      st, [](const Statement& row) { return static_cast<std::uint64_t>(row.column_int64(0)); });
  if (!n) return std::move(n).error();
  return n->value_or(0);
}

Result<void> insert_log_entry(Database& db, std::uint64_t idx, std::string_view note) {
  return db.prepare("INSERT INTO log_entries(idx, note) VALUES(?,?)")
      .bind(1, i64(idx))
      .bind_blob(2, bytes(note))
      .run();
}

Result<std::optional<std::string>> log_entry(Database& db, std::uint64_t idx) {
  Statement& st = db.prepare("SELECT note FROM log_entries WHERE idx = ?");
  return first_row<std::string>(st.bind(1, i64(idx)),
                                [](const Statement& row) { return blob_string(row, 0); });
}

Result<std::optional<std::uint64_t>> statement_entry(Database& db, const core::Hash256& text_hash) {
  Statement& st = db.prepare("SELECT idx FROM log_statements WHERE hash = ?");
  return first_row<std::uint64_t>(st.bind_blob(1, bytes(text_hash)), [](const Statement& row) {
    return static_cast<std::uint64_t>(row.column_int64(0));
  });
}

Result<void> insert_statement_hash(Database& db, const core::Hash256& text_hash,
                                   std::uint64_t idx) {
  return db.prepare("INSERT INTO log_statements(hash, idx) VALUES(?,?)")
      .bind_blob(1, bytes(text_hash))
      .bind(2, i64(idx))
      .run();
}

Result<void> insert_log_case(Database& db, std::string_view ref, std::uint64_t idx) {
  return db.prepare("INSERT INTO log_cases(ref, idx) VALUES(?,?)")
      .bind(1, ref)
      .bind(2, i64(idx))
      .run();
}

Result<std::vector<std::uint64_t>> log_entries_of_case(Database& db, std::string_view ref) {
  Statement& st = db.prepare("SELECT idx FROM log_cases WHERE ref = ? ORDER BY idx");
  std::vector<std::uint64_t> out;
  auto r = each_row(st.bind(1, ref), [&](const Statement& row) {
    out.push_back(static_cast<std::uint64_t>(row.column_int64(0)));
  });
  if (!r) return std::move(r).error();
  return out;
}

Result<std::optional<std::uint64_t>> log_case_at_or_before(Database& db, std::string_view ref,
                                                           std::uint64_t idx) {
  Statement& st =
      db.prepare("SELECT idx FROM log_cases WHERE ref = ? AND idx <= ? ORDER BY idx DESC LIMIT 1");
  return first_row<std::uint64_t>(st.bind(1, ref).bind(2, i64(idx)), [](const Statement& row) {
    return static_cast<std::uint64_t>(row.column_int64(0));
  });
}

Result<void> for_each_log_entry(Database& db, std::uint64_t from, std::uint64_t to,
                                const std::function<bool(std::uint64_t, std::string_view)>& fn) {
  Statement& st =
      db.prepare("SELECT idx, note FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx");
  st.bind(1, i64(from)).bind(2, i64(to));
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    auto blob = st.column_blob(1);
    if (!fn(static_cast<std::uint64_t>(st.column_int64(0)),
            {reinterpret_cast<const char*>(blob.data()), blob.size()}))
      break;
  }
  st.reset();
  return {};
}

Result<void> for_each_entry_with_leaf(
    Database& db, std::uint64_t size,
    const std::function<Result<void>(std::uint64_t, std::string_view, const core::Hash256*)>& fn) {
  Statement& st = db.prepare(
      "SELECT e.idx, e.note, n.hash FROM log_entries e LEFT JOIN log_nodes n "
      "ON n.level = 0 AND n.idx = e.idx WHERE e.idx < ? ORDER BY e.idx");
  st.bind(1, i64(size));
  Result<void> out;
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    auto note = st.column_blob(1);
    std::optional<core::Hash256> leaf;
    if (st.column_blob(2).size() == 32) leaf = hash_column(st, 2);
    out = fn(static_cast<std::uint64_t>(st.column_int64(0)),
             {reinterpret_cast<const char*>(note.data()), note.size()}, leaf ? &*leaf : nullptr);
    if (!out) break;
  }
  st.reset();
  return out;
}

Result<void> insert_log_node(Database& db, unsigned level, std::uint64_t idx,
                             const core::Hash256& hash) {
  return db.prepare("INSERT INTO log_nodes(level, idx, hash) VALUES(?,?,?)")
      .bind(1, std::int64_t{level})
      .bind(2, i64(idx))
      .bind_blob(3, bytes(hash))
      .run();
}

Result<std::optional<core::Hash256>> log_node(Database& db, unsigned level, std::uint64_t idx) {
  Statement& st = db.prepare("SELECT hash FROM log_nodes WHERE level = ? AND idx = ?");
  return first_row<core::Hash256>(st.bind(1, std::int64_t{level}).bind(2, i64(idx)),
                                  [](const Statement& row) { return hash_column(row, 0); });
}

Result<std::vector<core::Hash256>> log_nodes_range(Database& db, unsigned level, std::uint64_t from,
                                                   std::uint64_t to) {
  Statement& st = db.prepare(
      "SELECT hash FROM log_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx");
  std::vector<core::Hash256> out;
  auto r = each_row(st.bind(1, std::int64_t{level}).bind(2, i64(from)).bind(3, i64(to)),
                    [&](const Statement& row) { out.push_back(hash_column(row, 0)); });
  if (!r) return std::move(r).error();
  return out;
}

Result<void> insert_checkpoint(Database& db, std::uint64_t size, std::string_view note) {
  return db.prepare("INSERT INTO checkpoints(size, note) VALUES(?,?)")
      .bind(1, i64(size))
      .bind(2, note)
      .run();
}

Result<std::optional<StoredCheckpoint>> latest_checkpoint(Database& db) {
  Statement& st = db.prepare("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1");
  return first_row<StoredCheckpoint>(st, read_checkpoint);
}

Result<std::optional<StoredCheckpoint>> checkpoint_of_size(Database& db, std::uint64_t size) {
  Statement& st = db.prepare("SELECT size, note FROM checkpoints WHERE size = ?");
  return first_row<StoredCheckpoint>(st.bind(1, i64(size)), read_checkpoint);
}

Result<std::optional<StoredCheckpoint>> checkpoint_covering(Database& db, std::uint64_t size) {
  Statement& st =
      db.prepare("SELECT size, note FROM checkpoints WHERE size >= ? ORDER BY size LIMIT 1");
  return first_row<StoredCheckpoint>(st.bind(1, i64(size)), read_checkpoint);
}

Result<std::vector<StoredCheckpoint>> all_checkpoints(Database& db) {
  Statement& st = db.prepare("SELECT size, note FROM checkpoints ORDER BY size");
  std::vector<StoredCheckpoint> out;
  auto r = each_row(st, [&](const Statement& row) { out.push_back(read_checkpoint(row)); });
  if (!r) return std::move(r).error();
  return out;
}

Result<void> upsert_cosignature(Database& db, const StoredCosignature& c) {
  return db
      .prepare("INSERT OR REPLACE INTO cosignatures(size, witness, party, line) VALUES(?,?,?,?)")
      .bind(1, i64(c.size))
      .bind(2, c.witness)
      .bind(3, c.party)
      .bind(4, c.line)
      .run();
}

Result<std::vector<StoredCosignature>> cosignatures_of(Database& db, std::uint64_t size) {
  Statement& st = db.prepare(
      "SELECT size, witness, party, line FROM cosignatures WHERE size = ? ORDER BY witness");
  std::vector<StoredCosignature> out;
  auto r = each_row(st.bind(1, i64(size)), [&](const Statement& row) {
    out.push_back({static_cast<std::uint64_t>(row.column_int64(0)), std::string(row.column_text(1)),
                   std::string(row.column_text(2)), std::string(row.column_text(3))});
  });
  if (!r) return std::move(r).error();
  return out;
}

// --- officers -------------------------------------------------------------------

Result<void> insert_officer(Database& db, const OfficerRow& o) {
  Statement& st = db.prepare(
      "INSERT INTO officers(party, name, key_name, key_id, type, vkey, added_at, revoked_at) "
      "VALUES(?,?,?,?,?,?,?,NULL)");
  auto r = st.bind(1, o.party)
               .bind(2, o.name)
               .bind(3, o.key_name)
               .bind(4, std::int64_t{o.key_id})
               .bind(5, std::int64_t{o.type})
               .bind(6, o.vkey)
               .bind(7, o.added_at)
               .run();
  if (!r && r.error().code == core::Errc::conflict)
    return core::make_error(core::Errc::conflict,
                            "officer " + o.party + "/" + o.name +
                                " is already registered (a new key for it is a rotation: "
                                "corridor officer rotate)");
  if (!r) return r;
  return insert_officer_key(db, o);
}

Result<void> revoke_officer(Database& db, std::string_view party, std::string_view name,
                            core::Timestamp at) {
  auto r = db.prepare(
                 "UPDATE officers SET revoked_at = ? WHERE party = ? AND name = ? AND "
                 "revoked_at IS NULL")
               .bind(1, at)
               .bind(2, party)
               .bind(3, name)
               .run();
  if (!r) return r;
  return db
      .prepare(
          "UPDATE officer_keys SET revoked_at = ? WHERE party = ? AND name = ? AND "
          "revoked_at IS NULL AND retired_at IS NULL")
      .bind(1, at)
      .bind(2, party)
      .bind(3, name)
      .run();
}

Result<void> rotate_officer(Database& db, const OfficerRow& next, core::Timestamp at) {
  auto r = db.prepare(
                 "UPDATE officer_keys SET retired_at = ? WHERE party = ? AND name = ? AND "
                 "retired_at IS NULL")
               .bind(1, at)
               .bind(2, next.party)
               .bind(3, next.name)
               .run();
  if (!r) return r;
  r = db.prepare(
            "UPDATE officers SET key_name = ?, key_id = ?, type = ?, vkey = ?, "
            "revoked_at = NULL WHERE party = ? AND name = ?")
          .bind(1, next.key_name)
          .bind(2, std::int64_t{next.key_id})
          .bind(3, std::int64_t{next.type})
          .bind(4, next.vkey)
          .bind(5, next.party)
          .bind(6, next.name)
          .run();
  if (!r) return r;
  OfficerRow added = next;
  added.added_at = at;
  return insert_officer_key(db, added);
}

Result<std::vector<OfficerKeyRow>> officer_keys(Database& db, std::string_view party,
                                                std::string_view name) {
  Statement& st = db.prepare(
      "SELECT party, name, key_id, type, vkey, added_at, revoked_at, retired_at FROM "
      "officer_keys WHERE party = ? AND name = ? ORDER BY id");
  std::vector<OfficerKeyRow> out;
  auto r = each_row(st.bind(1, party).bind(2, name),
                    [&](const Statement& row) { out.push_back(read_officer_key(row)); });
  if (!r) return std::move(r).error();
  return out;
}

Result<std::optional<OfficerRow>> find_officer(Database& db, std::string_view party,
                                               std::string_view name) {
  Statement& st = db.prepare("SELECT " + std::string(k_officer_columns) +
                             " FROM officers WHERE party = ? AND name = ?");
  return first_row<OfficerRow>(st.bind(1, party).bind(2, name), read_officer);
}

Result<std::vector<OfficerRow>> all_officers(Database& db) {
  Statement& st =
      db.prepare("SELECT " + std::string(k_officer_columns) + " FROM officers ORDER BY id");
  std::vector<OfficerRow> out;
  auto r = each_row(st, [&](const Statement& row) { out.push_back(read_officer(row)); });
  if (!r) return std::move(r).error();
  return out;
}

// --- private tables -------------------------------------------------------------

Result<void> insert_identity(Database& db, const core::Hash256& snapshot, const Identity& id) {
  const core::Person& p = id.person;
  return db
      .prepare(
          "INSERT OR IGNORE INTO identities(snapshot, case_ref, salt, name_ar, name_en, "
          "national_id, passport_no, date_of_birth, sex, nationality, public_id) "
          "VALUES(?,?,?,?,?,?,?,?,?,?,?)")
      .bind_blob(1, bytes(snapshot))
      .bind(2, id.case_ref)
      .bind_blob(3, bytes(id.salt))
      .bind(4, p.name_ar)
      .bind(5, p.name_en)
      .bind(6, p.national_id)
      .bind(7, p.passport_no)
      .bind(8, p.date_of_birth.to_string())
      .bind(9, core::to_string(p.sex))
      .bind(10, p.nationality)
      .bind(11, core::public_id(core::case_key(id.salt), id.case_ref))
      .run();
}

Result<std::optional<Identity>> load_identity(Database& db, const core::Hash256& snapshot) {
  Statement& st = db.prepare(
      "SELECT case_ref, salt, name_ar, name_en, national_id, passport_no, date_of_birth, sex, "
      "nationality FROM identities WHERE snapshot = ?");
  return first_row<Identity>(st.bind_blob(1, bytes(snapshot)), [](const Statement& row) {
    Identity id;
    id.case_ref = row.column_text(0);
    id.salt = blob_string(row, 1);
    core::Person& p = id.person;
    p.name_ar = row.column_text(2);
    p.name_en = row.column_text(3);
    p.national_id = row.column_text(4);
    p.passport_no = row.column_text(5);
    p.date_of_birth = core::parse_date(row.column_text(6)).value_or(core::Date{});
    p.sex = core::parse_sex(row.column_text(7)).value_or(core::Sex::male);
    p.nationality = row.column_text(8);
    return id;
  });
}

Result<void> upsert_case_private(Database& db, const CasePrivate& p) {
  return db
      .prepare(
          "INSERT OR REPLACE INTO case_private(ref, urgency, diagnosis, requested_on, flags, "
          "phone) VALUES(?,?,?,?,?,?)")
      .bind(1, p.ref)
      .bind(2, p.urgency)
      .bind(3, p.diagnosis)
      .bind(4, p.requested_on)
      .bind(5, p.flags)
      .bind(6, p.phone)
      .run();
}

Result<std::optional<CasePrivate>> load_case_private(Database& db, std::string_view ref) {
  Statement& st = db.prepare(
      "SELECT ref, urgency, diagnosis, requested_on, flags, phone FROM case_private WHERE ref = ?");
  return first_row<CasePrivate>(st.bind(1, ref), [](const Statement& row) {
    return CasePrivate{std::string(row.column_text(0)), std::string(row.column_text(1)),
                       std::string(row.column_text(2)), std::string(row.column_text(3)),
                       std::string(row.column_text(4)), std::string(row.column_text(5))};
  });
}

Result<void> insert_note(Database& db, const core::Hash256& hash, std::string_view salt,
                         std::string_view text) {
  return db.prepare("INSERT OR IGNORE INTO notes(hash, salt, text) VALUES(?,?,?)")
      .bind_blob(1, bytes(hash))
      .bind_blob(2, bytes(salt))
      .bind(3, text)
      .run();
}

Result<std::optional<std::string>> load_note(Database& db, const core::Hash256& hash) {
  Statement& st = db.prepare("SELECT text FROM notes WHERE hash = ?");
  return first_row<std::string>(st.bind_blob(1, bytes(hash)), [](const Statement& row) {
    return std::string(row.column_text(0));
  });
}

// --- the projection -----------------------------------------------------------

namespace {

constexpr std::string_view k_projection[] = {
    "closures",         "amendments",         "decisions",       "cases",
    "officers",         "officer_keys",       "crossing_events", "days",
    "manifest_entries", "manifest_approvals", "manifests",       "gate_events",
    "reexaminations",   "day_reports"};

// The dashboard's maintained figures (migration 11), in the digest by key:
// WITHOUT ROWID tables. stats_horizon is cleared, not digested: it is when
// they were last brought forward, not what they count.
constexpr std::pair<std::string_view, std::string_view> k_stats_projection[] = {
    {"stats_tallies", "direction, category, urgency, figure"},
    {"stats_timeline", "at, direction, category, urgency, figure"},
    {"stats_backlog", "day, direction, category, urgency"},
    {"stats_waits", "case_id, seq"},
    {"stats_decisions", "case_id, seq"}};

}  // namespace

Result<void> clear_projection(Database& db) {
  for (std::string_view table : k_projection)
    if (auto r = db.exec("DELETE FROM " + std::string(table)); !r) return r;
  for (const auto& [table, key] : k_stats_projection)
    if (auto r = db.exec("DELETE FROM " + std::string(table)); !r) return r;
  if (auto r = db.exec("DELETE FROM stats_horizon"); !r) return r;
  // The matcher's pairs are not the log's; their decisions are (migration 12).
  return db.exec(
      "UPDATE dedup_pairs SET decision = NULL, decided_seq = NULL "
      "WHERE decision IS NOT NULL");
}

namespace {

// Every column of every row of `table` in `order`, typed and length-prefixed.
Result<void> digest_table(Database& db, crypto_hash_sha256_state& h, std::string_view table,
                          std::string_view order) {
  auto add = [&](std::string_view b) {
    crypto_hash_sha256_update(&h, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  };
  add(table);
  add("\n");
  Statement& st =
      db.prepare("SELECT * FROM " + std::string(table) + " ORDER BY " + std::string(order));
  const int cols = sqlite3_column_count(st.handle());
  return each_row(st, [&](Statement& row) {
    for (int c = 0; c < cols; ++c) {
      const int type = sqlite3_column_type(row.handle(), c);
      std::string cell = std::to_string(type) + ":";
      if (type == SQLITE_INTEGER)
        cell += std::to_string(row.column_int64(c));
      else if (type != SQLITE_NULL) {
        auto blob = row.column_blob(c);
        cell += std::to_string(blob.size()) + ":";
        cell.append(reinterpret_cast<const char*>(blob.data()), blob.size());
      }
      add(cell);
      add("|");
    }
    add("\n");
  });
}

}  // namespace

Result<core::Hash256> projection_digest(Database& db) {
  crypto_hash_sha256_state h;
  crypto_hash_sha256_init(&h);
  for (std::string_view table : k_projection)
    if (auto r = digest_table(db, h, table, "rowid"); !r) return std::move(r).error();
  for (const auto& [table, key] : k_stats_projection)
    if (auto r = digest_table(db, h, table, key); !r) return std::move(r).error();
  if (auto r = digest_table(db, h, "dedup_decisions", "case_a, case_b"); !r)
    return std::move(r).error();
  core::Hash256 out;
  crypto_hash_sha256_final(&h, out.data());
  return out;
}

}  // namespace corridor::store
