#pragma once
// For the app's tests only: a fresh deployment database (default config) in
// its own temporary directory, on a fake clock, with one officer of each
// party ("officer-1") whose key comes from the test's seed.

#include <corridor/app/env.hpp>
#include <corridor/app/service.hpp>
#include <corridor/ledger/key.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace corridor::app::testing {

// 2025-11-24T16:00:00Z, 18:00 in Gaza.
inline constexpr core::Timestamp k_start = 1'764'000'000;
inline constexpr std::uint64_t k_seed = 42;
inline constexpr core::Timestamp k_hour = 3600;
inline constexpr std::string_view k_officer = "officer-1";

// How the log names case `ref` (a statement signed by hand names it so); for
// a ref no case has, an id no case has either, derived from the ref.
inline std::string public_id(Service& svc, const std::string& ref) {
  if (auto id = svc.public_id(ref)) return *id;
  std::string out(32, '0');
  for (std::size_t i = 0; i < ref.size(); ++i)
    out[i % 32] = "0123456789abcdef"[(out[i % 32] + ref[i]) % 16];
  return out;
}

class DeploymentTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "corridor-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    m_dir = tmpl;
    auto made = Service::init(db_path(), config_path(), env);
    ASSERT_TRUE(made.ok()) << made.error().message;
    svc = std::move(made).value();
    for (const core::PartyDef& p : svc->config().parties) {
      auto k = new_key(p.id + "/" + std::string(k_officer), ledger::KeyType::ed25519);
      auto added = svc->add_officer(p.id, k_officer, ledger::format_vkey(k.public_key()));
      ASSERT_TRUE(added.ok()) << added.error().message;
      keys.emplace(p.id, std::move(k));
    }
  }

  void TearDown() override {
    svc.reset();  // stops the writer before its files go
    std::filesystem::remove_all(m_dir);
  }

  std::string db_path() const { return (m_dir / "corridor.db").string(); }
  // The config to init with (dir() exists by then); the default if none.
  virtual std::optional<std::string> config_path() { return std::nullopt; }
  std::filesystem::path dir() const { return m_dir; }
  const ledger::PrivateKey& key(const std::string& party) const { return keys.at(party); }

  // A key from the test's seed.
  ledger::PrivateKey new_key(const std::string& name, ledger::KeyType type) {
    std::string seed(32, '\0');
    env.random_bytes({reinterpret_cast<std::uint8_t*>(seed.data()), seed.size()});
    auto k = ledger::PrivateKey::from_seed(name, type, seed);
    if (!k) throw std::runtime_error("from_seed: " + k.error().message);
    return std::move(k).value();
  }

  // tests/data/good.csv, registered by the pa officer.
  ImportReport import_good() {
    auto data = read_file(CORRIDOR_SOURCE_DIR "/tests/data/good.csv");
    EXPECT_TRUE(data.ok());
    auto rep = svc->import_csv("good.csv", data.ok() ? *data : "", false, key("pa"));
    EXPECT_TRUE(rep.ok() && rep->committed);
    return rep.ok() ? *rep : ImportReport{};
  }

  ManualEnv env{k_start, k_seed};
  std::unique_ptr<Service> svc;
  std::map<std::string, ledger::PrivateKey> keys;

private:
  std::filesystem::path m_dir;
};

}  // namespace corridor::app::testing
