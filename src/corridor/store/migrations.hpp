#pragma once
// The numbered schema migrations. Migration i (1-based) takes the schema
// from version i-1 to i; PRAGMA user_version records the version reached.
// Never edit a migration that has shipped: add a new one.

#include <span>
#include <string_view>

namespace corridor::store {

std::span<const std::string_view> migrations();

}  // namespace corridor::store
