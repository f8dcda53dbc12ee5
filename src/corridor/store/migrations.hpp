#pragma once
// The numbered schema migrations. Migration i (1-based) takes the schema
// from version i-1 to i; PRAGMA user_version records the version reached.
// Never edit a migration that has shipped: add a new one.

#include <span>
#include <string_view>

namespace corridor::store {

std::span<const std::string_view> migrations();

// For each migration, the form a read-only connection runs in its TEMP
// schema instead (a table derived from the others, written nowhere), or
// empty if it has none: a read-only connection can use a database older
// than this binary only if every migration it lacks has one.
std::span<const std::string_view> read_only_forms();

namespace detail {
// Migrations 4 onward and their read-only forms (migrations_v4.cpp).
std::span<const std::string_view> migrations_from_v4();
std::span<const std::string_view> read_only_forms_from_v4();
}  // namespace detail

}  // namespace corridor::store
