#pragma once
// Env: the clock and the randomness the use cases need, passed in so that
// tests and the demo can run on a fixed or simulated clock (leveldb's Env).

#include <corridor/core/date.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>

namespace corridor::app {

class Env {
public:
  virtual ~Env() = default;
  // The current instant. Thread-safe.
  virtual core::Timestamp now() = 0;
  // Fills `out` with cryptographically random bytes. Thread-safe.
  virtual void random_bytes(std::span<std::uint8_t> out) = 0;
};

// The system clock and libsodium's randombytes.
std::unique_ptr<Env> system_env();

// A clock that stands still until set or advanced, and a deterministic byte
// stream from `seed` (ChaCha20). For tests and the demo; not for production.
// Thread-safe, as Env requires: tests run a server's workers on it.
class ManualEnv final : public Env {
public:
  ManualEnv(core::Timestamp start, std::uint64_t seed);
  core::Timestamp now() override { return m_now.load(); }
  void random_bytes(std::span<std::uint8_t> out) override;
  void set(core::Timestamp t) { m_now = t; }
  void advance(core::Timestamp seconds) { m_now += seconds; }

private:
  std::atomic<core::Timestamp> m_now;
  std::atomic<std::uint64_t> m_counter{0};
  std::uint8_t m_key[32];
};

}  // namespace corridor::app
