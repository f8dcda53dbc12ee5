#pragma once
// What the capacity planner's calibration (plan/calibrate.cpp) reads that
// no other repository gives: counts over the crossing tables, never a
// person's fields. Like the other repositories, each function runs on the
// Database it is given and a failed read is Errc::internal.

#include <corridor/core/config.hpp>
#include <corridor/core/date.hpp>
#include <corridor/core/result.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace corridor::store {

// The size of each patient's group on the lists: for every case of
// `patient_category` on the current exit manifest (main or standby list)
// of a day from `from` to `to` (inclusive), how many cases of its group
// (group_ref = its ref) are on the same manifest. Returns companions ->
// patients, e.g. {0: 12, 1: 30, 2: 8}.
core::Result<std::map<int, std::int64_t>> listed_group_sizes(Database& db, const core::Date& from,
                                                             const core::Date& to,
                                                             std::string_view patient_category);

// Calls `fn` for every case of one direction and category, by id, with
// what core::derive needs and what the calibration counts, and nothing of
// the person but the date of birth: the record's id, ref, urgency,
// requested_on, date of birth and registration time; the facts' snapshot,
// closure (kind and time), gate facts and decisions (stage, party,
// outcome, snapshot and time: no officer, reason, note or signature).
// The decisions are read first, in one pass in table order (log order),
// which is faster than for_each_case's merge when most of the table is
// read; the cases then stream.
core::Result<void> for_each_case_outline(Database& db, core::Direction direction,
                                         std::string_view category,
                                         const std::function<void(StoredCase&&)>& fn);

// When the first case (by id: the log's order) was registered; nullopt if
// there is none.
core::Result<std::optional<core::Timestamp>> first_registration(Database& db);

// How many cases of `direction` were registered from `from` to `to`
// (inclusive instants).
core::Result<std::int64_t> registrations(Database& db, core::Direction direction,
                                         core::Timestamp from, core::Timestamp to);

// While it lives, `db`'s page cache holds at most `kib` KiB; then it is set
// back. For one long read of most of a table, whose pages are read once:
// Database::open's large cache would take fresh memory (a page fault) for
// every page, which costs more than the read (half of `plan calibrate`'s
// time on the demo deployment); a small cache recycles its pages.
class SmallCache {
public:
  explicit SmallCache(Database& db, int kib = 2048);
  ~SmallCache();
  SmallCache(const SmallCache&) = delete;
  SmallCache& operator=(const SmallCache&) = delete;

private:
  Database& m_db;
  std::optional<std::int64_t> m_before;  // PRAGMA cache_size before, if it could be read
};

}  // namespace corridor::store
