#include <corridor/store/migrations.hpp>

#include <vector>

namespace corridor::store {
namespace {

// 1: the foundation. A case row holds the identity its current snapshot
// covers (see docs/snapshot.md); `state`, `state_until` and `open` cache the
// derivation in core/workflow and are rewritten with every change.
constexpr std::string_view k_v1 = R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE cases(
  id            INTEGER PRIMARY KEY,
  ref           TEXT NOT NULL UNIQUE,
  direction     TEXT NOT NULL,
  category      TEXT NOT NULL,
  urgency       TEXT NOT NULL,
  diagnosis     TEXT NOT NULL,
  group_ref     TEXT NOT NULL,
  requested_on  TEXT NOT NULL,
  flags         TEXT NOT NULL,
  name_ar       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  national_id   TEXT NOT NULL,
  passport_no   TEXT NOT NULL,
  date_of_birth TEXT NOT NULL,
  sex           TEXT NOT NULL,
  nationality   TEXT NOT NULL,
  phone         TEXT NOT NULL,
  person_key    TEXT NOT NULL,
  salt          BLOB NOT NULL,
  snapshot      BLOB NOT NULL,
  snapshot_at   INTEGER NOT NULL,
  registered_at INTEGER NOT NULL,
  state         TEXT NOT NULL,
  state_until   INTEGER,
  open          INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX cases_open_person ON cases(person_key, direction) WHERE open = 1;
CREATE INDEX cases_group ON cases(group_ref) WHERE group_ref <> '';

CREATE TABLE decisions(
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  stage     TEXT NOT NULL,
  party     TEXT NOT NULL,
  officer   TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  reason    TEXT NOT NULL,
  note      TEXT NOT NULL,
  snapshot  BLOB NOT NULL,
  at        INTEGER NOT NULL,
  signature TEXT NOT NULL
) STRICT;
CREATE INDEX decisions_case ON decisions(case_id);

CREATE TABLE amendments(
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  fields       TEXT NOT NULL,
  old_snapshot BLOB NOT NULL,
  new_snapshot BLOB NOT NULL,
  party        TEXT NOT NULL,
  officer      TEXT NOT NULL,
  at           INTEGER NOT NULL
) STRICT;
CREATE INDEX amendments_case ON amendments(case_id);

CREATE TABLE closures(
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  kind    TEXT NOT NULL,
  party   TEXT NOT NULL,
  officer TEXT NOT NULL,
  note    TEXT NOT NULL,
  at      INTEGER NOT NULL,
  on_date TEXT NOT NULL
) STRICT;
CREATE INDEX closures_kind_date ON closures(kind, on_date);

CREATE TABLE imports(
  id       INTEGER PRIMARY KEY,
  file     TEXT NOT NULL,
  rows     INTEGER NOT NULL,
  at       INTEGER NOT NULL
) STRICT;
)sql";

// 2: the log (docs/log_format.md). Every state change is a signed statement
// in log_entries; cases, decisions, amendments, closures and officers become
// its projection (corridor rebuild replays the log into them). What no
// statement may carry, personal and medical data and free-text notes, lives
// in the private tables identities, case_private and notes, which the
// projection reads by the hashes the statements name.
//
// A version-1 database has no signed statements for its cases, so it cannot
// be brought under a log: it is migrated, but opening it is refused (it has
// no log key). Re-import such data.
constexpr std::string_view k_v2 = R"sql(
CREATE TABLE log_entries(
  idx  INTEGER PRIMARY KEY,   -- 0-based leaf index
  note BLOB NOT NULL          -- the whole signed note: text and signature lines
) STRICT;

-- Every perfect subtree's hash: node (level, idx) covers the leaves
-- [idx << level, (idx + 1) << level). Level 0 holds the leaf hashes.
-- Every statement's text hash: the same statement is never applied twice.
CREATE TABLE log_statements(
  hash BLOB PRIMARY KEY,      -- SHA-256 of the note's text (signatures excluded)
  idx  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Which entries name which case, for proofs (filled as entries are appended).
CREATE TABLE log_cases(
  ref TEXT NOT NULL,
  idx INTEGER NOT NULL,
  PRIMARY KEY(ref, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE log_nodes(
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB NOT NULL,
  PRIMARY KEY(level, idx)
) STRICT, WITHOUT ROWID;

CREATE TABLE checkpoints(
  size INTEGER PRIMARY KEY,
  note TEXT NOT NULL          -- the signed checkpoint (log signature only)
) STRICT;

CREATE TABLE cosignatures(
  size    INTEGER NOT NULL REFERENCES checkpoints(size),
  witness TEXT NOT NULL,      -- the witness key's name
  party   TEXT NOT NULL,
  line    TEXT NOT NULL,      -- the signature line, with its newline
  PRIMARY KEY(size, witness)
) STRICT;

-- Projection of officer-add / officer-revoke.
CREATE TABLE officers(
  id          INTEGER PRIMARY KEY,
  party       TEXT NOT NULL,
  name        TEXT NOT NULL,
  key_name    TEXT NOT NULL,
  key_id      INTEGER NOT NULL,
  type        INTEGER NOT NULL,   -- 1: signs statements, 4: witness cosignatures
  vkey        TEXT NOT NULL,
  added_at    INTEGER NOT NULL,
  revoked_at  INTEGER,
  UNIQUE(party, name)
) STRICT;
CREATE INDEX officers_key ON officers(key_name, key_id);

-- Private: an identity as its snapshot hash covers it (docs/snapshot.md).
CREATE TABLE identities(
  snapshot      BLOB PRIMARY KEY,
  case_ref      TEXT NOT NULL,
  salt          BLOB NOT NULL,
  name_ar       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  national_id   TEXT NOT NULL,
  passport_no   TEXT NOT NULL,
  date_of_birth TEXT NOT NULL,
  sex           TEXT NOT NULL,
  nationality   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Private: the current case fields that are neither identity nor logged.
CREATE TABLE case_private(
  ref          TEXT PRIMARY KEY,
  urgency      TEXT NOT NULL,
  diagnosis    TEXT NOT NULL,
  requested_on TEXT NOT NULL,
  flags        TEXT NOT NULL,
  phone        TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Private: free-text notes, by the salted hash a statement names.
CREATE TABLE notes(
  hash BLOB PRIMARY KEY,
  salt BLOB NOT NULL,
  text TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// 3: crossing days, manifests and the gate (docs/crossing.md). All of it is
// projection of the statements of issue 4; `scheduled_on` and `travel` on a
// case are the gate facts its state is derived from. Rowid tables, so that
// rebuild's digest can compare them row by row.
constexpr std::string_view k_v3 = R"sql(
ALTER TABLE cases ADD COLUMN scheduled_on TEXT;   -- on the main list of this day
ALTER TABLE cases ADD COLUMN travel TEXT;         -- crossed | turned-back
ALTER TABLE cases ADD COLUMN travelled_on TEXT;
CREATE INDEX cases_scheduled ON cases(scheduled_on) WHERE scheduled_on IS NOT NULL;

-- Every crossing statement, one row per day it covers.
CREATE TABLE crossing_events(
  id       INTEGER PRIMARY KEY,
  date     TEXT NOT NULL,
  action   TEXT NOT NULL,      -- open | suspend | close
  party    TEXT NOT NULL,
  officer  TEXT NOT NULL,
  reason   TEXT NOT NULL,
  capacity TEXT NOT NULL,
  at       INTEGER NOT NULL
) STRICT;
CREATE INDEX crossing_events_date ON crossing_events(date, id);

-- A day's state, as its crossing statements leave it.
CREATE TABLE days(
  date        TEXT PRIMARY KEY,
  status      TEXT NOT NULL,   -- pending | open | suspended | closed
  signed      TEXT NOT NULL,   -- the parties whose opening counts, comma-separated
  capacity    TEXT NOT NULL,   -- of the opening (core::format_capacity)
  reason      TEXT NOT NULL,   -- of the last change
  gate_closed INTEGER NOT NULL -- 1 once the operator closed the day (day-report)
) STRICT;

CREATE TABLE manifests(
  id        INTEGER PRIMARY KEY,
  date      TEXT NOT NULL,
  direction TEXT NOT NULL,
  hash      BLOB NOT NULL,     -- SHA-256 of its statement's text: what approvals name
  party     TEXT NOT NULL,
  officer   TEXT NOT NULL,
  at        INTEGER NOT NULL,
  current   INTEGER NOT NULL   -- 0 once replaced, or its day suspended
) STRICT;
CREATE UNIQUE INDEX manifests_current ON manifests(date, direction) WHERE current = 1;

CREATE TABLE manifest_entries(
  manifest_id INTEGER NOT NULL REFERENCES manifests(id),
  position    INTEGER NOT NULL,  -- 1-based: the main list, then the standby list
  case_ref    TEXT NOT NULL,
  standby     INTEGER NOT NULL,
  PRIMARY KEY(manifest_id, position)
) STRICT;
CREATE INDEX manifest_entries_case ON manifest_entries(case_ref);

CREATE TABLE manifest_approvals(
  manifest_id INTEGER NOT NULL REFERENCES manifests(id),
  party       TEXT NOT NULL,
  officer     TEXT NOT NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY(manifest_id, party)
) STRICT;

CREATE TABLE gate_events(
  id        INTEGER PRIMARY KEY,
  date      TEXT NOT NULL,
  case_ref  TEXT NOT NULL,
  direction TEXT NOT NULL,
  category  TEXT NOT NULL,
  outcome   TEXT NOT NULL,     -- crossed | turned-back | no-show
  reason    TEXT NOT NULL,
  standby   INTEGER NOT NULL,  -- 1: travelled from the standby list
  party     TEXT NOT NULL,
  officer   TEXT NOT NULL,
  at        INTEGER NOT NULL,
  UNIQUE(date, case_ref)
) STRICT;

CREATE TABLE reexaminations(
  date        TEXT NOT NULL,
  case_ref    TEXT NOT NULL,
  ordered_by  TEXT NOT NULL,   -- party/officer
  ordered_at  INTEGER NOT NULL,
  recorded_by TEXT,
  recorded_at INTEGER,
  PRIMARY KEY(date, case_ref)
) STRICT;

CREATE TABLE day_reports(
  date        TEXT PRIMARY KEY,
  hash        BLOB NOT NULL,   -- SHA-256 of its statement's text: what the attestation names
  party       TEXT NOT NULL,
  officer     TEXT NOT NULL,
  at          INTEGER NOT NULL,
  attested_by TEXT,
  attested_at INTEGER
) STRICT;
)sql";

// Migrations 4 onward: migrations_v4.cpp.
const std::vector<std::string_view>& all() {
  static const std::vector<std::string_view> v = [] {
    std::vector<std::string_view> out{k_v1, k_v2, k_v3};
    for (std::string_view m : detail::migrations_from_v4()) out.push_back(m);
    return out;
  }();
  return v;
}

const std::vector<std::string_view>& read_only() {
  static const std::vector<std::string_view> v = [] {
    std::vector<std::string_view> out(3);
    for (std::string_view m : detail::read_only_forms_from_v4()) out.push_back(m);
    return out;
  }();
  return v;
}

}  // namespace

std::span<const std::string_view> migrations() { return all(); }
std::span<const std::string_view> read_only_forms() { return read_only(); }

}  // namespace corridor::store
