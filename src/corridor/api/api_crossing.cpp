// Crossing days, manifests and the gate over HTTP: the same use cases as
// `corridor crossing|manifest|gate`, drafted here and signed by the
// officer's client.

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>
#include <corridor/api/json.hpp>
#include <corridor/api/visibility.hpp>
#include <corridor/app/env.hpp>

namespace corridor::api {

using nlohmann::json;

namespace {

core::Result<core::Date> date_param(const Context& c) {
  const std::string& text = c.param("date");
  auto d = core::parse_date(text);
  if (!d) return core::invalid("date", "'" + text + "' is not YYYY-MM-DD");
  return *d;
}

core::Result<core::Direction> direction_param(const Context& c) {
  const std::string& text = c.param("direction");
  auto d = core::parse_direction(text);
  if (!d) return core::invalid("direction", "'" + text + "' is not exit or entry");
  return *d;
}

struct DayDirection {
  core::Date date;
  core::Direction direction = core::Direction::exit;
};

// The {date} and {direction} of a manifest's path.
core::Result<DayDirection> day_direction(const Context& c) {
  auto date = date_param(c);
  if (!date) return std::move(date).error();
  auto dir = direction_param(c);
  if (!dir) return std::move(dir).error();
  return DayDirection{*date, *dir};
}

core::Result<std::optional<core::Date>> date_query(const Context& c, std::string_view name) {
  auto v = c.query_value(name);
  if (!v) return std::optional<core::Date>();
  auto d = core::parse_date(*v);
  if (!d) return core::invalid(std::string(name), "'" + *v + "' is not YYYY-MM-DD");
  return std::optional<core::Date>(*d);
}

// What the gate officer sees of the traveller a document names before
// signing the check-in: a case view already passed through visible_case,
// cut to who the traveller is and whom they travel with (no photo: the
// record holds none). A member the party may not see is absent.
json gate_traveller(const json& visible) {
  json out = json::object();
  for (const char* m : {"ref", "direction", "category", "state", "group_ref", "companions"})
    if (visible.contains(m)) out[m] = visible[m];
  json person = json::object();
  if (visible.contains("person"))
    for (const char* f : {"name_ar", "name_en", "national_id", "passport_no", "date_of_birth",
                          "sex", "nationality"})
      if (visible["person"].contains(f)) person[f] = visible["person"][f];
  out["person"] = std::move(person);
  return out;
}

json days_json(const std::vector<app::DayInfo>& days) {
  json out = json::array();
  for (const auto& d : days) out.push_back(day_json(d));
  return out;
}

}  // namespace

Response Api::Impl::days(Context& c) {
  auto from = date_query(c, "from");
  if (!from) return error(from.error());
  auto to = date_query(c, "to");
  if (!to) return error(to.error());
  auto days = service.days(*from, *to);
  if (!days) return error(days.error());
  return json_response(200, {{"days", days_json(*days)}});
}

Response Api::Impl::change_days(Context& c) {
  auto change = decode_crossing(c.request.body);
  if (!change) return error(change.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_change_crossing(*change, *key), "crossing",
               [](std::vector<app::DayInfo> d) -> core::Result<json> {
                 return json{{"days", days_json(d)}};
               });
}

// The published list: names and the ID's last 4 digits of everyone on it.
// Logged as a read of each traveller's record, under the traveller's ref,
// so that the read log of a case shows every list that named it.
Response Api::Impl::get_manifest(Context& c) {
  auto dd = day_direction(c);
  if (!dd) return error(dd.error());
  auto m = service.manifest(dd->date, dd->direction);
  if (!m) return error(m.error());
  auto why = why_of(c, "list view");
  if (!why) return error(why.error());
  if (auto logged = log_list_read(c.session->account, c.request.peer, *m, *why); !logged)
    return error(logged.error());
  return json_response(200, visible_manifest(service.config(), manifest_json(*m),
                                             Viewer{c.session->account.party, false}));
}

// What building or approving a list answers with once it is committed: the
// list, names included, for the account that drafted it; logged as that
// account's read of each traveller's record, like GET of the list.
Response Api::Impl::offer_list(Context& c, core::Result<app::Prepared<app::ManifestReport>> p,
                               std::string kind) {
  return offer(
      c, std::move(p), std::move(kind),
      [this, a = c.session->account,
       peer = c.request.peer](app::ManifestReport m) -> core::Result<json> {
        if (auto logged = log_list_read(a, peer, m, "list signed"); !logged)
          return std::move(logged).error();
        return visible_manifest(service.config(), manifest_json(m), Viewer{a.party, false});
      });
}

core::Result<void> Api::Impl::log_list_read(const Account& a, const std::string& peer,
                                            const app::ManifestReport& m, const std::string& why) {
  const std::string what = "published list (manifest " + m.date.to_string() + " " +
                           std::string(core::to_string(m.direction)) + ")";
  std::vector<std::string> refs;
  for (const app::ManifestLine& line : m.lines) refs.push_back(line.ref);
  return log_reads_by(a, peer, refs, what, why, false);
}

Response Api::Impl::plan_manifest(Context& c) {
  auto dd = day_direction(c);
  if (!dd) return error(dd.error());
  auto m = service.plan_manifest(dd->date, dd->direction);
  if (!m) return error(m.error());
  return json_response(200, visible_manifest(service.config(), manifest_json(*m),
                                             Viewer{c.session->account.party, false}));
}

Response Api::Impl::build_manifest(Context& c) {
  auto dd = day_direction(c);
  if (!dd) return error(dd.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer_list(c, service.prepare_build_manifest(dd->date, dd->direction, *key), "manifest");
}

Response Api::Impl::approve_manifest(Context& c) {
  auto dd = day_direction(c);
  if (!dd) return error(dd.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer_list(c, service.prepare_approve_manifest(dd->date, dd->direction, *key), "approval");
}

// The look-up compares the document with the approved identity: a read of
// the traveller's record, logged under its ref. The draft shows who the
// document belongs to (gate_traveller), so the officer checks the person
// before signing; a draft never signed leaves nothing in the log.
Response Api::Impl::checkin(Context& c) {
  auto date = date_param(c);
  if (!date) return error(date.error());
  auto req = decode_checkin(c.request.body, *date);
  if (!req) return error(req.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  auto prepared = service.prepare_checkin(*req, *key);
  if (!prepared && prepared.error().rule == "identity-mismatch") {
    // The refusal shows the approved identity beside the document's: a read
    // of that record too, logged under its ref (a turn-back finds it).
    app::CheckinRequest probe = *req;
    probe.outcome = "turned-back";
    if (auto found = service.find_traveller(probe); found)
      if (auto logged = log_read(c, found->ref, "identity check", "gate check-in", false); !logged)
        return error(logged.error());
  }
  json shown;
  if (prepared) {
    auto found = service.find_traveller(*req);
    if (!found) return error(found.error());
    if (auto logged = log_read(c, found->ref, "identity check", "gate check-in", false); !logged)
      return error(logged.error());
    auto detail = service.get_case(found->ref);
    if (!detail) return error(detail.error());
    shown = {
        {"traveller", gate_traveller(visible_case(service.config(), to_json(*detail, env.now()),
                                                  Viewer{c.session->account.party, false}))}};
  }
  return offer(
      c, std::move(prepared), "checkin",
      [](app::CheckinReport r) -> core::Result<json> { return to_json(r); }, std::move(shown));
}

Response Api::Impl::no_show(Context& c) {
  auto date = date_param(c);
  if (!date) return error(date.error());
  auto body = decode_ref(c.request.body, false);
  if (!body) return error(body.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_no_show(*date, body->ref, *key), "no-show",
               [](app::CheckinReport r) -> core::Result<json> { return to_json(r); });
}

Response Api::Impl::reexamination(Context& c) {
  auto date = date_param(c);
  if (!date) return error(date.error());
  auto body = decode_ref(c.request.body, true);
  if (!body) return error(body.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_reexamination(*date, body->ref, body->step, body->note, *key),
               "reexamination",
               [ref = body->ref, step = body->step](std::uint64_t index) -> core::Result<json> {
                 return json{{"ref", ref}, {"step", step}, {"log_index", index}};
               });
}

Response Api::Impl::close_day(Context& c) {
  auto date = date_param(c);
  if (!date) return error(date.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_close_day(*date, *key), "day-report",
               [this, viewer = Viewer{c.session->account.party, false}](
                   app::DayReportInfo r) -> core::Result<json> {
                 return visible_report(service.config(), report_json(r), viewer);
               });
}

Response Api::Impl::attest_day(Context& c) {
  auto date = date_param(c);
  if (!date) return error(date.error());
  auto key = officer_key(c);
  if (!key) return error(key.error());
  return offer(c, service.prepare_attest_day(*date, *key), "attestation",
               [this, viewer = Viewer{c.session->account.party, false}](
                   app::DayReportInfo r) -> core::Result<json> {
                 return visible_report(service.config(), report_json(r), viewer);
               });
}

Response Api::Impl::day_report(Context& c) {
  auto date = date_param(c);
  if (!date) return error(date.error());
  auto r = service.day_report(*date);
  if (!r) return error(r.error());
  return json_response(200, visible_report(service.config(), report_json(*r),
                                           Viewer{c.session->account.party, false}));
}

// The gate's day list: both published lists with each traveller's status,
// in one answer. Each list named in it is logged as GET of the list logs
// it (a read of each traveller's record, under its ref), before the answer.
Response Api::Impl::gate_travellers(Context& c) {
  auto date = date_param(c);
  if (!date) return error(date.error());
  auto why = why_of(c, "gate");
  if (!why) return error(why.error());
  auto d = service.gate_travellers(*date);
  if (!d) return error(d.error());
  for (const auto* m : {&d->exit, &d->entry})
    if (*m)
      if (auto logged = log_list_read(c.session->account, c.request.peer, **m, *why); !logged)
        return error(logged.error());
  return json_response(200, visible_gate_day(service.config(), gate_day_json(*d),
                                             Viewer{c.session->account.party, false}));
}

}  // namespace corridor::api
