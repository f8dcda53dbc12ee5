// The read log: every read of a person's record is a row, durable before
// the read is answered (Service::write_reads, post_reads: the read log's
// own writer). A GET's rows are posted without waiting and its answer held
// (Context::holds, http.hpp's Hold) until their batch is durable; any other
// request waits for them here.

#include <corridor/api/api_impl.hpp>
#include <corridor/app/env.hpp>
#include <corridor/core/text.hpp>
#include <corridor/store/account_repo.hpp>

namespace corridor::api {

namespace {

// The read log's rows for one read of each of `refs`, as one command.
std::function<core::Result<void>(store::Database&)> read_rows(
    const Account& a, const std::string& peer, const std::vector<std::string>& refs,
    const std::string& what, const std::string& reason, bool glass, core::Timestamp now) {
  std::vector<store::ReadEntry> rows;
  rows.reserve(refs.size());
  for (const std::string& ref : refs)
    rows.push_back(store::ReadEntry{0, now, a.name, std::string(to_string(a.role)), a.party, ref,
                                    what, reason, glass, peer});
  return [rows = std::move(rows)](store::Database& db) -> core::Result<void> {
    for (const store::ReadEntry& e : rows)
      if (auto r = store::insert_read(db, e); !r) return r;
    return {};
  };
}

}  // namespace

core::Result<void> Api::Impl::log_read(const Context& c, const std::string& ref,
                                       const std::string& what, const std::string& reason,
                                       bool glass) {
  return log_reads(c, {ref}, what, reason, glass);
}

core::Result<void> Api::Impl::log_reads(const Context& c, const std::vector<std::string>& refs,
                                        const std::string& what, const std::string& reason,
                                        bool glass) {
  if (c.request.method != "GET" && c.request.method != "HEAD")
    return log_reads_by(c.session->account, c.request.peer, refs, what, reason, glass);
  // A GET's answer waits for the log without holding a worker (the server
  // sends it once its batch is durable): many requests share one commit.
  if (std::string why = core::reason_problem(reason, 500); !why.empty())
    return core::invalid("reason", why);
  auto then = c.holds.add();
  auto posted = service.post_reads(
      read_rows(c.session->account, c.request.peer, refs, what, reason, glass, env.now()), then);
  if (!posted) then(posted);  // never called by the writer: the hold must not wait for it
  return posted;
}

core::Result<void> Api::Impl::log_reads_by(const Account& a, const std::string& peer,
                                           const std::vector<std::string>& refs,
                                           const std::string& what, const std::string& reason,
                                           bool glass) {
  if (std::string why = core::reason_problem(reason, 500); !why.empty())
    return core::invalid("reason", why);
  return service.write_reads(read_rows(a, peer, refs, what, reason, glass, env.now()));
}

}  // namespace corridor::api
