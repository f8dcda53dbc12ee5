#pragma once
// Everything a subcommand may be given on the command line. Each command
// declares the options it takes (commands.cpp); the rest stay unset.

#include <corridor/app/env.hpp>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace corridor::cli {

struct Args {
  std::string db;
  std::optional<std::string> config;
  bool json = false;
  // import
  std::string file;
  bool dry_run = false;
  // cases
  std::optional<std::string> state, direction, category;
  // case, decide, amend, close
  std::string ref;
  std::string stage;
  std::string outcome;  // approve|deny|return|revoke, or withdrawn|deceased
  std::string party;
  std::string officer;
  std::string reason;
  std::string note;
  std::optional<std::string> snapshot;
  std::vector<std::string> changes;  // FIELD=VALUE
  // demo-data, demo
  int patients = 16500;
  std::uint64_t seed = 1;
  std::optional<std::string> out;
  std::optional<std::string> today;
  double duplicates = 0;                        // demo-data --duplicates RATE
  std::optional<std::string> min_score;         // duplicates --min-score S
  std::optional<std::string> duplicates_truth;  // demo-data --duplicates-truth FILE
  bool fresh = false;
  std::optional<std::string> witness_dir;  // demo --witness-dir
  // signing: the officer's private key file (decide, close, import, amend,
  // witness), or a verifier key (officer add)
  std::string key;
  // the log key file, where it is not the one init recorded
  std::optional<std::string> log_key;
  // a log's verifier key to trust (verify, verify-proof, witness)
  std::optional<std::string> log_vkey;
  std::string name;  // officer add/revoke
  bool witness = false;
  std::string sub;  // the sub-subcommand run (officer add, log export, ...)
  std::string dir;
  std::optional<std::string> request;
  std::string state_file;
  std::uint64_t old_size = 0;
  std::uint64_t size = 0;
  bool check = false;
  std::optional<int> quorum;               // verify, verify-proof
  bool allow_unwitnessed = false;          // verify, verify-proof: exit 0 without a quorum
  std::vector<std::string> witness_vkeys;  // verify, verify-proof --witness: pinned witness keys
  // crossing, manifest, gate, stats
  std::string date;
  std::optional<std::string> until;
  std::optional<std::string> capacity;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> since;
  std::string format = "table";  // manifest show: table|csv|json
  std::optional<std::string> national_id;
  std::optional<std::string> mrz;
  std::optional<std::string> holder_name;
  std::optional<std::string> dob;
  std::optional<std::string> turn_back;
  // serve, and officers' commands over HTTP
  std::string listen = "127.0.0.1:8080";
  // Workers wait on the writer's fsync for the read log; many of them let
  // one commit carry many reads (measured in bench/README.md).
  int workers = 32;
  bool secure_cookies = false;
  std::optional<std::string> static_dir;
  bool self_enrol = false;                // serve --self-enrol: trust officers' first keys
  std::optional<std::string> server;      // --server URL: act through the HTTP API
  std::vector<std::string> witness_urls;  // serve --witness URL: witnesses to push to
};

// Where a command writes, and its clock and randomness.
struct Io {
  std::ostream& out;
  std::ostream& err;
  app::Env& env;
};

}  // namespace corridor::cli
