#pragma once
// Private key files: one line, the Go x/mod form "PRIVATE+KEY+<name>+<key
// ID>+base64(type || seed)", in a file only its owner can read.

#include <corridor/core/result.hpp>
#include <corridor/ledger/key.hpp>

#include <string>

namespace corridor::app {

// Creates `path` with mode 0600 and writes the key, durably. Errc::conflict
// if the file exists (a key is never overwritten).
core::Result<void> write_key_file(const std::string& path, const ledger::PrivateKey& key);

// Reads a key file. Errc::not_found if missing; Errc::refused if others
// may read it (mode & 077), as ssh does; Errc::bad_input if malformed.
core::Result<ledger::PrivateKey> read_key_file(const std::string& path);

// "<party>/<officer>" of an officer key, split; Errc::usage otherwise.
core::Result<std::pair<std::string, std::string>> key_officer(const ledger::PublicKey& key);
core::Result<std::pair<std::string, std::string>> key_officer(const ledger::PrivateKey& key);

}  // namespace corridor::app
