#pragma once
// The persons the duplicate finder reads (docs/dedup.md): every open case's,
// for `corridor duplicates`, and single cases' by id, for the import's check
// against the store. Read-only.

#include <corridor/core/dedup.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace corridor::store {

// An open case's person with the case's id and direction: one person may
// have an open exit case and an open entry case, which are not duplicates.
struct OpenPerson {
  std::int64_t id = 0;
  std::string direction;  // "exit" | "entry"
  core::DedupPerson person;
};

// Calls fn for every open case (not closed, not crossed), in id order.
core::Result<void> for_each_open_person(Database& db, const std::function<void(OpenPerson&&)>& fn);

// The person of open case `case_id`, or nullopt if there is none or it is
// closed or crossed.
core::Result<std::optional<OpenPerson>> open_person(Database& db, std::int64_t case_id);

// Whether any stored case has blocking keys (an import into a store
// without them need not look each key up).
core::Result<bool> any_dedup_keys(Database& db);

}  // namespace corridor::store
