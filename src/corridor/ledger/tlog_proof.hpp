#pragma once
// C2SP tlog-proof (c2sp.org/tlog-proof):
//
//   c2sp.org/tlog-proof@v1
//   [extra <base64>]
//   index <N>
//   <base64 inclusion proof hash>     (0 or more)
//   <empty line>
//   <checkpoint: signed note, with any cosignatures>

#include <corridor/core/result.hpp>
#include <corridor/ledger/merkle.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::ledger {

struct TlogProof {
  std::optional<std::string> extra;  // raw bytes
  std::uint64_t index = 0;
  std::vector<Hash> path;
  std::string checkpoint;  // the whole signed note
};

std::string format_tlog_proof(const TlogProof& p);
// Strict; bad_input naming the line. The checkpoint is not parsed here.
core::Result<TlogProof> parse_tlog_proof(std::string_view text);

}  // namespace corridor::ledger
