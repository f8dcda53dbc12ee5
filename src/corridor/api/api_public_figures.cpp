// GET /api/v1/public/figures: the public figures (docs/figures.md), open to
// anyone as the log is. Computed once per checkpoint: a request at the
// checkpoint already computed gets the same bytes from memory.

#include <corridor/api/api_impl.hpp>
#include <corridor/app/figures.hpp>
#include <corridor/store/log_repo.hpp>

namespace corridor::api {

Response Api::Impl::public_figures(Context&) {
  auto db = service.reader();
  if (!db) return error(db.error());
  auto latest = store::latest_checkpoint(**db);
  if (!latest) return error(latest.error());
  if (!*latest) return problem(404, "no-checkpoint", "the log has no checkpoint yet");
  std::shared_ptr<const std::string> body;
  {
    // One computation per new checkpoint; requests meanwhile wait for it.
    std::lock_guard lock(figures_mutex);
    if (!figures || figures_size != (*latest)->size) {
      auto r = app::figures_from_database(**db, service.config(), service.log_key());
      if (!r) return error(r.error());
      ++figures_computed;
      figures_size = r->checkpoint.size;
      figures = std::make_shared<const std::string>(std::move(r->json));
    }
    body = figures;
  }
  Response res;
  res.headers.set("Content-Type", "application/json");
  res.body = *body;
  res.headers.set("Cache-Control", "public, max-age=60");
  return res;
}

}  // namespace corridor::api
