// Migrations 4 onward (migrations.cpp holds 1 to 3 and the whole list).
// Never edit one that has shipped: add the next at the end.

#include <corridor/store/migrations.hpp>

namespace corridor::store::detail {
namespace {

// 4: the HTTP API's accounts and sessions, the read log, and stored replies
// to idempotent requests (docs/accounts.md). None of it is in the log or its
// projection, so `corridor rebuild` leaves these tables alone. Passwords are
// kept as Argon2id strings (crypto_pwhash_str); a session's token only as its
// SHA-256.
constexpr std::string_view k_v4 = R"sql(
CREATE TABLE accounts(
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK(role IN ('officer','admin','monitor')),
  party         TEXT,             -- NULL for an admin
  password_hash TEXT NOT NULL,    -- "$argon2id$..."
  created_at    INTEGER NOT NULL,
  disabled_at   INTEGER
) STRICT;

CREATE TABLE sessions(
  token_hash BLOB PRIMARY KEY,    -- SHA-256 of the bearer token
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  csrf       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  peer       TEXT                 -- the address it logged in from
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Who read which case's personal data, and why.
CREATE TABLE read_log(
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  account     TEXT NOT NULL,
  role        TEXT NOT NULL,
  party       TEXT,
  ref         TEXT NOT NULL,
  what        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  break_glass INTEGER NOT NULL DEFAULT 0,
  peer        TEXT
) STRICT;
CREATE INDEX read_log_ref ON read_log(ref, at);
CREATE INDEX read_log_at ON read_log(at);
CREATE INDEX read_log_break_glass ON read_log(at) WHERE break_glass = 1;

-- The reply to a request made with an Idempotency-Key, replayed on a retry.
CREATE TABLE idempotency(
  account_id   INTEGER NOT NULL,
  key          TEXT NOT NULL,
  method       TEXT NOT NULL,
  path         TEXT NOT NULL,
  request_hash BLOB NOT NULL,     -- SHA-256 of the request, to refuse a reused key
  status       INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body         BLOB NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY(account_id, key)
) STRICT;
CREATE INDEX idempotency_created ON idempotency(created_at);
)sql";

// 5: officers' requests to have a verifier key registered, made from the
// web UI, where the private key is generated and stays (docs/accounts.md).
// One pending request per account; an admin registers the key (a statement
// in the log) or rejects the request. Like the tables of 4 it is outside the
// log and its projection: `corridor rebuild` leaves it alone.
constexpr std::string_view k_v5 = R"sql(
CREATE TABLE key_requests(
  name         TEXT PRIMARY KEY REFERENCES accounts(name),  -- the account: its officer name
  party        TEXT NOT NULL,
  vkey         TEXT NOT NULL,     -- C2SP verifier key named "party/name"
  requested_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX key_requests_at ON key_requests(requested_at);
)sql";

// 6: private, like case_private: the values an amendment gave a case's
// private fields (urgency, diagnosis, phone), and the values before it, by
// the SHA-256 of the amendment statement's text. A replay (`corridor
// rebuild`) then sees each value while it held: urgency orders the
// manifests that are checked against the policy. Never exported.
constexpr std::string_view k_v6 = R"sql(
CREATE TABLE private_amendments(
  id        INTEGER PRIMARY KEY,   -- commit order: the first row holds the registered values
  statement BLOB NOT NULL UNIQUE,  -- SHA-256 of the amendment statement's text
  ref       TEXT NOT NULL,
  urgency   TEXT NOT NULL,
  diagnosis TEXT NOT NULL,
  phone     TEXT NOT NULL,
  old_urgency   TEXT NOT NULL,
  old_diagnosis TEXT NOT NULL,
  old_phone     TEXT NOT NULL
) STRICT;
CREATE INDEX private_amendments_ref ON private_amendments(ref, id);

-- Which party registered each case: written by each registration as it is
-- applied, live or in a replay, and read by the amend-party rule (a party
-- may be allowed to amend only the cases it registered). A case without a
-- row (registered before version 6) is looked up in the log instead.
CREATE TABLE case_registrants(
  ref   TEXT PRIMARY KEY,
  party TEXT NOT NULL
) STRICT;
)sql";

// 7: the projection of each officer's keys in log order (officer-add,
// officer-revoke, officer-rotate): `officers` keeps the current key, this
// table every key the officer has had, so that a key retired by a rotation
// is told from one never registered (rule retired-key) and is never
// registered again (key-reused). A database made before has had no
// rotation: each officer's one key is its history, as a replay makes it.
constexpr std::string_view k_v7 = R"sql(
CREATE TABLE officer_keys(
  id          INTEGER PRIMARY KEY,  -- log order
  party       TEXT NOT NULL,
  name        TEXT NOT NULL,
  key_id      INTEGER NOT NULL,
  type        INTEGER NOT NULL,
  vkey        TEXT NOT NULL,
  added_at    INTEGER NOT NULL,     -- its officer-add or officer-rotate
  revoked_at  INTEGER,              -- an officer-revoke while it was current
  retired_at  INTEGER               -- the officer-rotate that replaced it
) STRICT;
CREATE INDEX officer_keys_officer ON officer_keys(party, name, id);
INSERT INTO officer_keys(party, name, key_id, type, vkey, added_at, revoked_at, retired_at)
  SELECT party, name, key_id, type, vkey, added_at, revoked_at, NULL FROM officers ORDER BY id;
)sql";

// 7 on a read-only connection to a version-6 database (`rebuild --check`,
// `verify --db` of a database not yet opened read-write by this corridor):
// the same table, made the same way, in the connection's own TEMP schema,
// so that nothing is written to the file.
constexpr std::string_view k_v7_read_only = R"sql(
CREATE TEMP TABLE officer_keys(
  id          INTEGER PRIMARY KEY,
  party       TEXT NOT NULL,
  name        TEXT NOT NULL,
  key_id      INTEGER NOT NULL,
  type        INTEGER NOT NULL,
  vkey        TEXT NOT NULL,
  added_at    INTEGER NOT NULL,
  revoked_at  INTEGER,
  retired_at  INTEGER
) STRICT;
INSERT INTO temp.officer_keys(party, name, key_id, type, vkey, added_at, revoked_at, retired_at)
  SELECT party, name, key_id, type, vkey, added_at, revoked_at, NULL FROM main.officers
  ORDER BY id;
)sql";

// 8: the search box (GET /api/v1/search) looks a case up by its person's
// national ID or passport number: indexed, as a ref is. (Names are
// compared folded, by a bounded scan in app/search.cpp.) A read-only
// connection to an older database searches without them.
constexpr std::string_view k_v8 = R"sql(
CREATE INDEX IF NOT EXISTS cases_national_id ON cases(national_id) WHERE national_id <> '';
CREATE INDEX IF NOT EXISTS cases_passport_no ON cases(passport_no) WHERE passport_no <> '';
)sql";
constexpr std::string_view k_v8_read_only = "SELECT 1;";

// 9: status for families (POST /api/v1/public/inquiry, app/inquiry.cpp).
// Outside the log and its projection, never exported, and `corridor
// rebuild` leaves both alone. inquiry_key: the deployment's random key for
// the keyed hashes below and the inquiry code (made on the first inquiry).
// cases_state: the cleared cases of a category, for a case's place among
// them. inquiry_limits: the per-ref back-off, keyed by HMAC-SHA-256 of the ref as
// typed, so that neither a ref nor anything typed is stored in clear. A
// read-only connection to an older database has neither: it answers no
// inquiry (an inquiry writes to the read log).
constexpr std::string_view k_v9 = R"sql(
CREATE TABLE IF NOT EXISTS inquiry_key(
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  key BLOB NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS inquiry_limits(
  ref_key      BLOB PRIMARY KEY,   -- HMAC-SHA-256(inquiry_key, ref as typed)
  failures     INTEGER NOT NULL,   -- in a row, since the last answer that matched
  last_failure INTEGER NOT NULL,
  locked_until INTEGER NOT NULL    -- no inquiry about this ref is compared before
) STRICT, WITHOUT ROWID;
-- A cleared case's place among the cleared cases of its category.
CREATE INDEX IF NOT EXISTS cases_state ON cases(direction, category, state);
)sql";
constexpr std::string_view k_v9_read_only = "SELECT 1;";

// 10: log format version 2 (issue 16). The public log names a case by its
// public id (core::public_id, from the case's salt and ref), never its ref.
// The private identities keep each one's id, so that a statement's id finds
// its case, also a case registered later in the same import (a companion
// row before its patient's). A database made before holds a version-1 log
// and is refused, not migrated (database.cpp, k_first_log_v2).
constexpr std::string_view k_v10 = R"sql(
ALTER TABLE identities ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
CREATE INDEX identities_public_id ON identities(public_id);
)sql";

// 11: the dashboard's figures kept as the cases change (issue 18,
// app/stats_tally.cpp), part of the projection: `rebuild` reproduces them
// and `verify --db` compares them. Each case adds its figures as they stand
// at the horizon (stats_horizon.at: the latest time a case changed) to
// stats_tallies, and what will change by itself after it (an approval
// expiring, a stage becoming overdue, a child turning 18) to stats_timeline
// at the moment it changes; a reader adds the timeline up to "now". Keys
// are (direction, category, urgency, figure); a zero count is no row.
// stats_backlog: the change in waiting cases per crossing-zone day.
// stats_waits: when each stage was decidable (for the oldest waiting).
// stats_decisions: hours from decidable to each decision. A deployment
// that had cases is marked (at NULL) and filled by the writer on its next
// change, or `corridor rebuild`; until then figures are derived as before.
constexpr std::string_view k_v11 = R"sql(
CREATE TABLE stats_horizon(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at INTEGER                 -- NULL: not filled yet (an older deployment)
) STRICT;
INSERT INTO stats_horizon(id, at) SELECT 1, NULL WHERE EXISTS (SELECT 1 FROM cases);
CREATE TABLE stats_tallies(
  direction TEXT NOT NULL,
  category  TEXT NOT NULL,
  urgency   TEXT NOT NULL,
  figure    TEXT NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY(direction, category, urgency, figure)
) STRICT, WITHOUT ROWID;
CREATE TABLE stats_timeline(
  at        INTEGER NOT NULL,
  direction TEXT NOT NULL,
  category  TEXT NOT NULL,
  urgency   TEXT NOT NULL,
  figure    TEXT NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY(at, direction, category, urgency, figure)
) STRICT, WITHOUT ROWID;
CREATE TABLE stats_backlog(
  day       TEXT NOT NULL,
  direction TEXT NOT NULL,
  category  TEXT NOT NULL,
  urgency   TEXT NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY(day, direction, category, urgency)
) STRICT, WITHOUT ROWID;
CREATE TABLE stats_waits(
  case_id   INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  stage     TEXT NOT NULL,
  party     TEXT NOT NULL,
  direction TEXT NOT NULL,
  category  TEXT NOT NULL,
  urgency   TEXT NOT NULL,
  since     INTEGER NOT NULL,  -- the stage's StageView::since
  from_at   INTEGER NOT NULL,  -- actionable (not returned) from
  to_at     INTEGER NOT NULL,  -- until (exclusive)
  PRIMARY KEY(case_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX stats_waits_since ON stats_waits(stage, party, since);
CREATE TABLE stats_decisions(
  case_id   INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  stage     TEXT NOT NULL,
  party     TEXT NOT NULL,
  direction TEXT NOT NULL,
  category  TEXT NOT NULL,
  urgency   TEXT NOT NULL,
  seconds   INTEGER NOT NULL,  -- from decidable to the decision
  PRIMARY KEY(case_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX stats_decisions_at ON stats_decisions(at);
CREATE INDEX cases_first ON cases(direction, category, urgency, registered_at);
)sql";
// A read-only connection to an older database derives the figures.
constexpr std::string_view k_v11_read_only = R"sql(
CREATE TEMP TABLE stats_horizon(id INTEGER PRIMARY KEY, at INTEGER);
INSERT INTO temp.stats_horizon(id, at) VALUES(1, NULL);
)sql";

// 12: possible duplicates (issue 19, docs/dedup.md). dedup_keys: the
// blocking keys (core::blocking_keys) of each stored person, written at
// registration and amendment; a new person is compared with the cases that
// share a key. dedup_pairs: candidate pairs (case_a < case_b) with the
// matcher's score and evidence (JSON features); decision is NULL until a
// same-person or different-persons statement (seq decided_seq) decides it.
// dedup_weights: the matcher's last estimate (core::Weights as JSON text).
constexpr std::string_view k_v12 = R"sql(
CREATE TABLE dedup_keys(
  key     TEXT NOT NULL,
  case_id INTEGER NOT NULL,
  PRIMARY KEY(key, case_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX dedup_keys_case ON dedup_keys(case_id);
CREATE TABLE dedup_pairs(
  case_a      INTEGER NOT NULL,
  case_b      INTEGER NOT NULL,
  score       REAL NOT NULL,
  evidence    TEXT NOT NULL,     -- JSON array of {name, level, weight}
  found_at    INTEGER NOT NULL,
  decision    TEXT,              -- NULL | same-person | different-persons
  decided_seq INTEGER,
  PRIMARY KEY(case_a, case_b),
  CHECK (case_a < case_b)
) STRICT;
CREATE INDEX dedup_pairs_undecided ON dedup_pairs(score DESC, case_a, case_b)
  WHERE decision IS NULL;
CREATE TABLE dedup_weights(
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  weights TEXT NOT NULL
) STRICT;
-- The decisions alone: the part of dedup_pairs the log makes (rebuild).
CREATE VIEW dedup_decisions AS
  SELECT case_a, case_b, decision, decided_seq FROM dedup_pairs WHERE decision IS NOT NULL;
)sql";

// A read-only connection to an older database sees no keys, pairs or weights.
constexpr std::string_view k_v12_read_only = R"sql(
CREATE TEMP TABLE dedup_keys(key TEXT NOT NULL, case_id INTEGER NOT NULL);
CREATE TEMP TABLE dedup_pairs(case_a INTEGER NOT NULL, case_b INTEGER NOT NULL,
  score REAL NOT NULL, evidence TEXT NOT NULL, found_at INTEGER NOT NULL,
  decision TEXT, decided_seq INTEGER, PRIMARY KEY(case_a, case_b));
CREATE TEMP TABLE dedup_weights(id INTEGER PRIMARY KEY, weights TEXT NOT NULL);
CREATE TEMP VIEW dedup_decisions AS
  SELECT case_a, case_b, decision, decided_seq FROM dedup_pairs WHERE decision IS NOT NULL;
)sql";

constexpr std::string_view k_all[] = {k_v4, k_v5, k_v6, k_v7, k_v8, k_v9, k_v10, k_v11, k_v12};
constexpr std::string_view k_read_only[] = {{},
                                            {},
                                            {},
                                            k_v7_read_only,
                                            k_v8_read_only,
                                            k_v9_read_only,
                                            {},
                                            k_v11_read_only,
                                            k_v12_read_only};
static_assert(std::size(k_all) == std::size(k_read_only));

}  // namespace

std::span<const std::string_view> migrations_from_v4() { return k_all; }
std::span<const std::string_view> read_only_forms_from_v4() { return k_read_only; }

}  // namespace corridor::store::detail
