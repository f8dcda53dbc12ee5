#pragma once
// Persons, cases and decisions: the records the workflow is derived from.

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corridor::core {

using Hash256 = std::array<std::uint8_t, 32>;

std::string to_hex(const std::uint8_t* data, std::size_t size);
inline std::string to_hex(const Hash256& h) { return to_hex(h.data(), h.size()); }
// Parses 64 lowercase or uppercase hex digits.
std::optional<Hash256> hash_from_hex(std::string_view hex);

enum class Sex { male, female };
std::string_view to_string(Sex s);                    // "M" / "F"
std::optional<Sex> parse_sex(std::string_view text);  // "M" / "F"

// The identity of a traveller. Either name may be empty, but not both;
// either document may be empty, but not both (checked at intake).
struct Person {
  std::string name_ar;
  std::string name_en;
  std::string national_id;  // 9 digits, or empty
  std::string passport_no;  // or empty
  Date date_of_birth;
  Sex sex = Sex::male;
  std::string nationality;  // free text or ISO 3166 alpha-3, may be empty
  std::string phone;        // contact only: not part of the snapshot

  // The key that identifies a person across cases: "nid:<national_id>" or,
  // without one, "pp:<passport_no>".
  std::string key() const;
};

// A flag for human review; never blocks anything by itself.
struct Flag {
  std::string code;    // e.g. "id-check-digit"
  std::string detail;  // e.g. "check digit fails (got 123456780)"
};

// A case as registered: one request for one passage in one direction.
struct CaseRecord {
  std::int64_t id = 0;  // store row id; 0 before it is stored
  std::string ref;      // unique, given by the importer
  Direction direction = Direction::exit;
  std::string category;
  std::string urgency;    // medical cases only
  std::string diagnosis;  // diagnosis group, medical cases only
  std::string group_ref;  // companions: their patient's case ref
  std::optional<Date> requested_on;
  std::vector<Flag> flags;
  Person person;
  std::string salt;  // per-case random salt (raw bytes), see snapshot.hpp
  Hash256 snapshot{};
  Timestamp registered_at = 0;
};

enum class Outcome { approve, deny, ret, revoke };
std::string_view to_string(Outcome o);  // "approve" "deny" "return" "revoke"
std::optional<Outcome> parse_outcome(std::string_view text);

// A party's answer at a stage. In issue 3 it is carried by a signed
// statement; `signature` then holds the signed-note signature line(s) and
// nothing else about the type changes.
struct Decision {
  std::string case_ref;
  std::string stage;
  std::string party;
  std::string officer;
  Outcome outcome = Outcome::approve;
  std::string reason;  // deny: a reason code of the stage
  std::string note;    // return: what information is needed (free text)
  Hash256 snapshot{};  // the snapshot hash the decision was made on
  Timestamp at = 0;
  std::string signature;  // empty until decisions are signed (issue 3)
};

// duplicate: closed by a same-person statement (the person is another
// case's); never through a closure statement.
enum class ClosureKind { withdrawn, deceased, duplicate };
std::string_view to_string(ClosureKind k);
std::optional<ClosureKind> parse_closure_kind(std::string_view text);

struct Closure {
  ClosureKind kind = ClosureKind::withdrawn;
  std::string party;
  std::string officer;
  std::string note;
  Timestamp at = 0;
};

}  // namespace corridor::core
