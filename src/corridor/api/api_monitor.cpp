// What the monitor reviews beside the read log: the re-examinations it
// ordered and has not yet recorded (the gate holds those travellers).

#include <corridor/api/api_impl.hpp>
#include <corridor/store/crossing_repo.hpp>
#include <corridor/store/database.hpp>

namespace corridor::api {

using nlohmann::json;

// Every order not recorded, on any day, oldest day first. Only refs,
// dates and who ordered: no person's record is read, so nothing is logged.
Response Api::Impl::pending_reexaminations(Context&) {
  auto db = service.reader();
  if (!db) return error(db.error());
  auto pending = store::pending_reexaminations(**db);
  if (!pending) return error(pending.error());
  json out = json::array();
  for (const store::Reexamination& r : *pending)
    out.push_back({{"date", r.date.to_string()},
                   {"ref", r.case_ref},
                   {"ordered_by", r.ordered_by},
                   {"ordered_at", core::format_timestamp(r.ordered_at)}});
  return json_response(200, {{"reexaminations", out}});
}

}  // namespace corridor::api
