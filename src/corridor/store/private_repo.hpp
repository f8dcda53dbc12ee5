#pragma once
// The private history of amendments to a case's private fields (urgency,
// diagnosis, phone): table private_amendments (migrations_v4.cpp, version 6).
// Like case_private it is never exported and `corridor rebuild` leaves it
// alone; the replay reads it so that each value is the one that held.

#include <corridor/core/case.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace corridor::store {

// A case's private fields at one time.
struct PrivateValues {
  std::string urgency;
  std::string diagnosis;
  std::string phone;
  bool operator==(const PrivateValues&) const = default;
};

// What one amendment statement changed: the values after it and before it.
struct PrivateAmendment {
  core::Hash256 statement{};  // SHA-256 of the statement's text
  std::string ref;
  PrivateValues after;
  PrivateValues before;
};

// Errc::conflict if that statement already has a row.
core::Result<void> insert_private_amendment(Database& db, const PrivateAmendment& a);
// The values the amendment statement with this text hash gave; nullopt if
// it has no row (signed elsewhere, or older than version 6).
core::Result<std::optional<PrivateValues>> private_values_after(Database& db,
                                                                const core::Hash256& statement);
// The values case `ref` was registered with, if it was amended since
// (the "before" of its first amendment); nullopt if it never was.
core::Result<std::optional<PrivateValues>> registered_private_values(Database& db,
                                                                     std::string_view ref);

}  // namespace corridor::store
