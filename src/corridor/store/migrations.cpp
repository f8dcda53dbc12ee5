#include <corridor/store/migrations.hpp>

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

constexpr std::string_view k_all[] = {k_v1};

}  // namespace

std::span<const std::string_view> migrations() { return k_all; }

}  // namespace corridor::store
