#pragma once
// For the ledger's tests only: the public test vectors in tests/vectors/
// (byte-for-byte copies of ../shared/vectors/) and hex helpers.

#include <corridor/core/case.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace corridor::ledger::vectors {

inline nlohmann::json load_vectors(const std::string& name) {
  std::ifstream in(CORRIDOR_SOURCE_DIR "/tests/vectors/" + name);
  if (!in) throw std::runtime_error("missing tests/vectors/" + name);
  return nlohmann::json::parse(in);
}

// signed_note.json, read once.
inline const nlohmann::json& signed_note_vectors() {
  static const nlohmann::json d = load_vectors("signed_note.json");
  return d;
}

// The published vector with this id in a document's "published_vectors".
inline const nlohmann::json& published(const nlohmann::json& doc, const std::string& id) {
  for (const auto& v : doc.at("published_vectors"))
    if (v.at("id") == id) return v;
  throw std::runtime_error("no vector " + id);
}

inline std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

inline std::string hex(std::string_view bytes) {
  return core::to_hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace corridor::ledger::vectors
