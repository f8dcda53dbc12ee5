#pragma once
// The commands of keys and the log (issue 3): keygen, officer, witness,
// log, verify, verify-proof, rebuild (verify_commands.cpp). Rows of the
// table in commands.cpp.

#include <corridor/cli/args.hpp>

namespace CLI {
class App;
}

namespace corridor::cli {

void declare_keygen(CLI::App& app, Args& a);
int run_keygen(const Args& a, Io& io);
void declare_officer(CLI::App& app, Args& a);
int run_officer(const Args& a, Io& io);
void declare_witness(CLI::App& app, Args& a);
int run_witness(const Args& a, Io& io);
void declare_log(CLI::App& app, Args& a);
int run_log(const Args& a, Io& io);
void declare_verify(CLI::App& app, Args& a);
int run_verify(const Args& a, Io& io);
void declare_verify_proof(CLI::App& app, Args& a);
int run_verify_proof(const Args& a, Io& io);
void declare_submit(CLI::App& app, Args& a);
int run_submit(const Args& a, Io& io);
void declare_rebuild(CLI::App& app, Args& a);
int run_rebuild(const Args& a, Io& io);

}  // namespace corridor::cli
