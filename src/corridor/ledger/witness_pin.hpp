#pragma once
// Witness keys a verifier pins (issue 13): the log registers witness keys
// with statements the log key signs, so whoever holds the log key can
// register and cosign with witnesses of its own. A verifier that holds each
// witness's key, fetched from its party, counts only cosignatures by those.

#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/note.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

// A pinned witness key: a C2SP vkey of type 0x04 (cosignature), named
// "<party>/...". bad_input naming what is wrong.
core::Result<PublicKey> parse_witness_vkey(std::string_view text);

// The party a witness key speaks for: its name up to the first '/'.
std::string witness_party(const PublicKey& key);

// The pinned key a cosignature line names (name and key ID), or nullptr.
const PublicKey* pinned_witness(const std::vector<PublicKey>& pinned, const NoteSignature& sig);

}  // namespace corridor::ledger
