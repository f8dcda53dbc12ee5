#pragma once
// A savepoint of its own for one statement inside a writer command: a
// refused statement leaves nothing (its private rows included) while the
// command's other statements stand.

#include <corridor/store/database.hpp>

namespace corridor::store {

// Runs fn(), which returns a core::Result, inside "SAVEPOINT
// corridor_statement"; rolls back to it if fn fails.
template <class F>
auto in_savepoint(Database& db, F fn) -> decltype(fn()) {
  if (auto r = db.prepare("SAVEPOINT corridor_statement").run(); !r) return std::move(r).error();
  auto out = fn();
  if (!out) (void)db.prepare("ROLLBACK TO corridor_statement").run();
  if (auto r = db.prepare("RELEASE corridor_statement").run(); !r && out)
    return std::move(r).error();
  return out;
}

}  // namespace corridor::store
