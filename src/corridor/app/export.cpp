// corridor log export: the log as C2SP tlog-tiles, and the policy that
// goes with it.

#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/ledger/tiles.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/log_repo.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace corridor::app {
namespace {

namespace fs = std::filesystem;
using core::Errc;
using core::Result;

Result<void> write_whole(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return core::make_error(Errc::internal, path.string() + ": cannot write");
  return {};
}

}  // namespace

VerifyPolicy policy_of(const core::Config& config, const ledger::PublicKey& log_key) {
  return VerifyPolicy{
      log_key, config.log.origin, config.log.witnesses, config.log.witness_quorum, {}};
}

Result<std::string> checkpoint_text(store::Database& db, std::optional<std::uint64_t> size) {
  std::string note;
  if (size) {
    auto cp = store::checkpoint_of_size(db, *size);
    if (!cp) return std::move(cp).error();
    if (!*cp)
      return core::make_error(Errc::not_found, "no checkpoint of size " + std::to_string(*size));
    note = (*cp)->note;
  } else {
    auto latest = store::latest_checkpoint(db);
    if (!latest) return std::move(latest).error();
    if (!*latest) return core::make_error(Errc::not_found, "the log has no checkpoint yet");
    note = (*latest)->note;
    size = (*latest)->size;
  }
  auto cos = store::cosignatures_of(db, *size);
  if (!cos) return std::move(cos).error();
  for (const auto& c : *cos) note += c.line;
  return note;
}

Result<std::string> tile_bytes(store::Database& db, const ledger::TilePath& tile,
                               std::uint64_t size) {
  const std::uint64_t from = tile.n * ledger::k_tile_width;
  const std::uint64_t to = from + tile.width;
  if (!tile.level) {
    if (to > size || to < from)
      return core::make_error(
          Errc::not_found, "no such entry bundle in a log of " + std::to_string(size) + " entries");
    std::vector<std::string> entries;
    auto r = store::for_each_log_entry(db, from, to, [&](std::uint64_t, std::string_view note) {
      entries.emplace_back(note);
      return true;
    });
    if (!r) return std::move(r).error();
    if (entries.size() != to - from)
      return core::make_error(
          Errc::internal,
          "the log is missing entries in " + std::to_string(from) + ".." + std::to_string(to - 1));
    return ledger::encode_bundle(entries);
  }
  const unsigned shift = *tile.level * ledger::k_tile_height;
  const std::uint64_t nodes = shift >= 64 ? 0 : size >> shift;
  if (to > nodes || to < from)
    return core::make_error(Errc::not_found,
                            "no such hash tile in a log of " + std::to_string(size) + " entries");
  auto hashes = store::log_nodes_range(db, shift, from, to);
  if (!hashes) return std::move(hashes).error();
  if (hashes->size() != to - from)
    return core::make_error(Errc::internal, "the log is missing tree nodes");
  std::string bytes;
  for (const auto& h : *hashes) bytes.append(reinterpret_cast<const char*>(h.data()), 32);
  return bytes;
}

Result<ExportReport> export_log(store::Database& db, const core::Config& config,
                                const ledger::PublicKey& log_key, const std::string& dir) {
  if (fs::exists(dir))
    return core::make_error(Errc::conflict,
                            dir + ": already exists; export writes a new directory");
  auto latest = store::latest_checkpoint(db);
  if (!latest) return std::move(latest).error();
  if (!*latest) return core::make_error(Errc::not_found, "the log has no checkpoint yet");
  const std::uint64_t size = (*latest)->size;
  const fs::path target = fs::absolute(dir);
  const fs::path tmp = target.string() + ".partial";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  ExportReport rep;
  rep.entries = size;
  auto write = [&](const std::string& rel, std::string_view bytes) -> Result<void> {
    ++rep.files;
    return write_whole(tmp / rel, bytes);
  };
  auto fail = [&](core::Error e) -> core::Error {
    fs::remove_all(tmp, ec);
    return e;
  };

  auto checkpoint = checkpoint_text(db, size);
  if (!checkpoint) return fail(std::move(checkpoint).error());
  if (auto r = write("checkpoint", *checkpoint); !r) return fail(std::move(r).error());
  if (auto r = write("log.vkey", ledger::format_vkey(log_key) + "\n"); !r)
    return fail(std::move(r).error());
  std::string policy = "parties";
  for (const auto& p : config.log.witnesses) policy += " " + p;
  policy += "\nquorum " + std::to_string(config.log.witness_quorum) + "\n";
  if (auto r = write("witness-policy", policy); !r) return fail(std::move(r).error());
  // The deployment's config as stored, so that `corridor figures DIR` knows
  // the workflows, deadlines and time zone the log was made under.
  auto config_text = store::get_meta(db, "config");
  if (!config_text) return fail(std::move(config_text).error());
  if (*config_text)
    if (auto r = write("config.toml", **config_text); !r) return fail(std::move(r).error());

  // Entry bundles, then hash tiles: level L holds the nodes of tree level 8L.
  for (std::uint64_t n = 0; n * ledger::k_tile_width < size; ++n) {
    const auto width =
        static_cast<unsigned>(std::min<std::uint64_t>(size - n * ledger::k_tile_width, 256));
    auto bytes = tile_bytes(db, {std::nullopt, n, width}, size);
    if (!bytes) return fail(std::move(bytes).error());
    if (auto w = write(ledger::entries_path(n, width), *bytes); !w)
      return fail(std::move(w).error());
  }
  for (unsigned level = 0; (size >> (level * ledger::k_tile_height)) > 0; ++level) {
    const std::uint64_t nodes = size >> (level * ledger::k_tile_height);
    for (std::uint64_t n = 0; n * ledger::k_tile_width < nodes; ++n) {
      const auto width =
          static_cast<unsigned>(std::min<std::uint64_t>(nodes - n * ledger::k_tile_width, 256));
      auto bytes = tile_bytes(db, {level, n, width}, size);
      if (!bytes) return fail(std::move(bytes).error());
      if (auto w = write(ledger::tile_path(level, n, width), *bytes); !w)
        return fail(std::move(w).error());
    }
  }
  fs::rename(tmp, target, ec);
  if (ec)
    return fail(
        core::make_error(Errc::internal, dir + ": cannot rename into place: " + ec.message()));
  return rep;
}

Result<VerifyPolicy> read_export_policy(const std::string& dir) {
  VerifyPolicy p;
  auto vkey = read_file(dir + "/log.vkey");
  if (!vkey) return std::move(vkey).error();
  std::string_view line = *vkey;
  while (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  auto key = ledger::parse_vkey(line);
  if (!key) return core::make_error(Errc::bad_input, dir + "/log.vkey: " + key.error().message);
  p.log_key = *key;
  p.origin = key->name;
  if (auto policy = read_file(dir + "/witness-policy")) {
    std::istringstream in(*policy);
    std::string word;
    while (in >> word) {
      if (word == "quorum") {
        in >> p.quorum;
      } else if (word != "parties") {
        p.witness_parties.push_back(word);
      }
    }
  }
  return p;
}

}  // namespace corridor::app
