#pragma once
// The one mapping from error categories to process exit statuses
// (sysexits.h).

#include <corridor/core/result.hpp>

namespace corridor::cli {

constexpr int k_exit_ok = 0;
constexpr int k_exit_usage = 64;     // EX_USAGE: the command was used wrongly
constexpr int k_exit_data = 65;      // EX_DATAERR: bad input data
constexpr int k_exit_no_input = 66;  // EX_NOINPUT: a named input does not exist
constexpr int k_exit_refused = 69;   // EX_UNAVAILABLE: refused by a rule, or a conflict
constexpr int k_exit_internal = 70;  // EX_SOFTWARE: internal error
// EX_TEMPFAIL: verify, verify-proof: everything checked holds, but the
// latest checkpoint lacks a quorum of valid witness cosignatures (or
// entries are not yet in a checkpoint); --allow-unwitnessed accepts that.
constexpr int k_exit_unwitnessed = 75;

constexpr int exit_code(core::Errc code) {
  switch (code) {
    case core::Errc::usage:
      return k_exit_usage;
    case core::Errc::bad_input:
      return k_exit_data;
    case core::Errc::not_found:
      return k_exit_no_input;
    case core::Errc::refused:
      return k_exit_refused;
    case core::Errc::conflict:
      return k_exit_refused;
    case core::Errc::internal:
      return k_exit_internal;
  }
  return k_exit_internal;
}

}  // namespace corridor::cli
