#pragma once
// The snapshot: the canonical bytes of a person's identity fields, with the
// case's random salt, and their SHA-256. Every decision names the snapshot
// hash it was made on. The canonical form is specified in docs/snapshot.md;
// change it only with a new version line.

#include <corridor/core/case.hpp>

#include <string>
#include <string_view>

namespace corridor::core {

// Length of the per-case salt, in bytes.
constexpr std::size_t k_salt_size = 16;

// The canonical bytes (docs/snapshot.md). `salt` is raw bytes.
std::string canonical_snapshot(const Person& person, std::string_view salt);

// SHA-256 of canonical_snapshot(person, salt).
Hash256 snapshot_hash(const Person& person, std::string_view salt);

// The public id: how the public log names a case (docs/log_format.md,
// "Public ids"). The case key is SHA-256("corridor-case-key/v1\n" || salt),
// from the case's own salt; the id is the first 16 bytes of
// SHA-256("corridor-case-id/v1\n" || key || ref), as 32 lowercase hex
// digits. Without the key (the salt is private) the id cannot be linked to
// the ref; a case's proof gives its key, so that whoever holds the proof can
// check the link for that one case and no other.
Hash256 case_key(std::string_view salt);
std::string public_id(const Hash256& key, std::string_view ref);
// 32 lowercase hex digits.
bool is_public_id(std::string_view text);

// The identity fields a snapshot covers, in canonical order. "phone" is not
// one of them: correcting a phone number does not unsettle approvals.
const std::vector<std::string_view>& snapshot_fields();

}  // namespace corridor::core
