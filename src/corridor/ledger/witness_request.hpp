#pragma once
// The body of a C2SP tlog-witness add-checkpoint request
// (docs/log_format.md, "Witnesses over HTTP"), every line ending in 0x0A:
//
//   "old " <size, ASCII decimal, no leading zero; "0" if zero>
//   <base64 consistency-proof hash>        (0 to 63 lines)
//   <empty line>
//   <checkpoint: a signed note>

#include <corridor/core/result.hpp>
#include <corridor/ledger/merkle.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

// A client must not send more consistency-proof lines than this.
constexpr std::size_t k_max_witness_proof_lines = 63;

struct WitnessRequest {
  std::uint64_t old_size = 0;
  std::vector<Hash> proof;
  std::string checkpoint;  // the signed note, as sent (not yet parsed)
};

// Parses the framing only: the old size line, the proof lines (each the
// base64 of exactly 32 bytes), the empty line, and the rest as the
// checkpoint note's bytes. bad_input naming the line at fault ("line 3:
// ..."); the note itself is left to parse_note.
core::Result<WitnessRequest> parse_witness_request(std::string_view body);

// The body parse_witness_request reads, for a client.
std::string format_witness_request(std::uint64_t old_size, const std::vector<Hash>& proof,
                                   std::string_view checkpoint);

}  // namespace corridor::ledger
