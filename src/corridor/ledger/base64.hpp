#pragma once
// Base64, RFC 4648 section 4 (standard alphabet, with padding), as every
// C2SP format uses it.

#include <optional>
#include <string>
#include <string_view>

namespace corridor::ledger {

std::string base64_encode(std::string_view bytes);

// Strict: the standard alphabet with its padding, nothing else (no spaces,
// no newlines, no URL-safe characters). nullopt for anything else.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace corridor::ledger
