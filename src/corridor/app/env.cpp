#include <corridor/app/env.hpp>

#include <sodium.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

namespace corridor::app {
namespace {

class SystemEnv final : public Env {
public:
  SystemEnv() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
  core::Timestamp now() override {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  }
  void random_bytes(std::span<std::uint8_t> out) override {
    randombytes_buf(out.data(), out.size());
  }
};

}  // namespace

std::unique_ptr<Env> system_env() { return std::make_unique<SystemEnv>(); }

ManualEnv::ManualEnv(core::Timestamp start, std::uint64_t seed) : m_now(start) {
  std::memset(m_key, 0, sizeof m_key);
  std::memcpy(m_key, &seed, sizeof seed);
}

void ManualEnv::random_bytes(std::span<std::uint8_t> out) {
  // Each call uses a fresh nonce, so the stream never repeats.
  unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {};
  const std::uint64_t n = m_counter.fetch_add(1);
  std::memcpy(nonce, &n, sizeof n);
  crypto_stream_chacha20(out.data(), out.size(), nonce, m_key);
}

}  // namespace corridor::app
