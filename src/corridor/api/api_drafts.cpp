// The drafts a change's handler offered (Api::Impl::offer): shown again,
// committed with the officer's signed notes, or discarded; each only by
// the account it was drafted for (DraftStore).

#include <corridor/api/api_impl.hpp>
#include <corridor/api/decode.hpp>
#include <corridor/app/env.hpp>

namespace corridor::api {

Response Api::Impl::get_draft(Context& c) {
  auto d = drafts.find(c.param("id"), c.session->account.id);
  if (!d)
    return problem(404, "no-draft",
                   "no such draft of yours (drafts live " + std::to_string(drafts.ttl()) + " s)");
  return json_response(200, {{"draft", d->id},
                             {"kind", d->kind},
                             {"sign", d->bodies},
                             {"expires_at", core::format_timestamp(d->expires_at)},
                             {"commit", "/api/v1/drafts/" + d->id}});
}

Response Api::Impl::commit_draft(Context& c) {
  auto notes = decode_signed_notes(c.request.body);
  if (!notes) return error(notes.error());
  auto taken = drafts.take(c.param("id"), c.session->account.id, env.now());
  if (const DraftMiss* miss = std::get_if<DraftMiss>(&taken)) {
    if (*miss == DraftMiss::absent)
      return problem(404, "no-draft", "no such draft of yours; draft the change again");
    return problem(410, "draft-expired", "the draft expired before it was signed; draft again");
  }
  auto r = std::get<Draft>(taken).commit(*notes);
  if (!r) return error(r.error());
  return json_response(200, *r);
}

Response Api::Impl::discard_draft(Context& c) {
  if (!drafts.discard(c.param("id"), c.session->account.id))
    return problem(404, "no-draft", "no such draft of yours");
  Response r;
  r.status = 204;
  return r;
}

}  // namespace corridor::api
