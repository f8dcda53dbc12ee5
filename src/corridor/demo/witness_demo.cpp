// The demo's witnesses: see witness_demo.hpp.

#include <corridor/demo/witness_demo.hpp>

#include <corridor/app/keyfile.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/ledger/key.hpp>
#include <corridor/ledger/statement.hpp>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace corridor::demo::detail {

core::Result<void> witness_demo(app::Service& svc, app::Env& env, DemoRunReport& report,
                                const std::optional<std::string>& keep) {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "corridor-demo-XXXXXX").string();
  if (keep) {
    std::error_code ec;
    fs::create_directories(*keep, ec);
    if (ec) return core::make_error(core::Errc::internal, *keep + ": " + ec.message());
    tmpl = *keep;
  } else if (!mkdtemp(tmpl.data())) {
    return core::make_error(core::Errc::internal, "cannot make a temporary directory");
  }
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      if (!dir.empty()) fs::remove_all(dir, ec);
    }
  } cleanup{keep ? std::string() : tmpl};
  std::vector<std::pair<std::string, ledger::PrivateKey>> witnesses;
  for (const std::string& party : svc.config().log.witnesses) {
    std::uint8_t seed[32];
    env.random_bytes(seed);
    auto key = ledger::PrivateKey::from_seed(
        ledger::officer_key_name(party, "witness"), ledger::KeyType::cosignature,
        std::string_view(reinterpret_cast<const char*>(seed), sizeof seed));
    if (!key) return std::move(key).error();
    if (auto r = svc.add_officer(party, "witness", ledger::format_vkey(key->public_key())); !r)
      return r;
    if (keep) {
      const std::string path = tmpl + "/" + party + ".witness.key";
      for (const std::string& stale : {path, tmpl + "/" + party + ".state"})
        std::filesystem::remove(stale);  // an earlier demo's
      if (auto w = app::write_key_file(path, *key); !w) return w;
    }
    witnesses.emplace_back(party, std::move(key).value());
  }
  auto db = svc.reader();
  if (!db) return std::move(db).error();
  for (const auto& [party, key] : witnesses) {
    auto request = app::witness_request(**db, 0);
    if (!request) return std::move(request).error();
    auto r = app::witness_add_checkpoint(tmpl + "/" + party + ".state", key, svc.log_key(),
                                         *request, env.now());
    if (!r) return std::move(r).error();
    auto stored = svc.add_cosignature(r->size, r->cosignature);
    if (!stored) return std::move(stored).error();
    report.log_size = r->size;
    report.witnesses.push_back(party);
  }
  return {};
}

}  // namespace corridor::demo::detail
