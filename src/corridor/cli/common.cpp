#include <corridor/cli/common.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/ledger/key.hpp>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace corridor::cli {

CLI::App* sub(CLI::App& app, Args& a, const char* name, const char* summary) {
  CLI::App* s = app.add_subcommand(name, summary);
  s->callback([&a, name] { a.sub = name; });
  return s;
}

core::Result<ledger::PrivateKey> signing_key(const Args& a) {
  auto key = app::read_key_file(a.key);
  if (!key) return std::move(key).error();
  if (auto who = app::key_officer(*key); !who) return std::move(who).error();
  return key;
}

core::Result<std::string> read_input(const std::string& path) {
  std::error_code ec;
  if (path != "-" && std::filesystem::is_directory(path, ec))
    return core::make_error(core::Errc::not_found, path + ": is a directory, not a file");
  if (path != "-") return app::read_file(path);
  return std::string(std::istreambuf_iterator<char>(std::cin), {});
}

core::Result<std::optional<ledger::PublicKey>> log_vkey(const Args& a) {
  if (!a.log_vkey) return std::optional<ledger::PublicKey>();
  auto k = ledger::parse_vkey(*a.log_vkey);
  if (!k) return core::make_error(core::Errc::usage, "--log: " + k.error().message);
  return std::optional<ledger::PublicKey>(*k);
}

core::Result<void> write_atomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".partial";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return core::make_error(core::Errc::internal, tmp + ": cannot write");
    }
  }
  if (FILE* f = std::fopen(tmp.c_str(), "rb")) {
    ::fsync(fileno(f));
    std::fclose(f);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return core::make_error(core::Errc::internal,
                            path + ": cannot rename into place: " + ec.message());
  }
  return {};
}

}  // namespace corridor::cli
