// The read log's own writer (service.hpp, write_reads/post_reads). Every
// read of a person's record is a row in read_log, durable before the read
// is answered; the reads of many requests commit in one transaction, apart
// from the statements' writer so that neither waits for the other's
// commands (only, for a moment, for the other's COMMIT: both write the same
// file, so the auditor's read log, rebuild, verify, export and backups see
// one database as before).

#include <corridor/app/service.hpp>
#include <corridor/store/writer.hpp>

namespace corridor::app {

namespace {
constexpr int k_reads_batch = 4096;
}

core::Result<store::Writer*> Service::reads_writer() {
  std::lock_guard lock(m_reads_mutex);
  if (!m_reads_writer) {
    auto w = store::Writer::open(m_db_path, store::OpenMode::read_write);
    if (!w) return std::move(w).error();
    m_reads_writer = std::move(w).value();
    m_reads_writer->set_max_batch(k_reads_batch);
  }
  return m_reads_writer.get();
}

core::Result<void> Service::write_reads(
    std::function<core::Result<void>(store::Database&)> command) {
  auto w = reads_writer();
  if (!w) return std::move(w).error();
  return (*w)->submit(std::move(command));
}

core::Result<void> Service::post_reads(std::function<core::Result<void>(store::Database&)> command,
                                       std::function<void(core::Result<void>)> then) {
  auto w = reads_writer();
  if (!w) return std::move(w).error();
  return (*w)->post(std::move(command), std::move(then));
}

std::optional<std::pair<std::int64_t, std::int64_t>> Service::read_log_counts() {
  std::lock_guard lock(m_reads_mutex);
  if (!m_reads_writer) return std::nullopt;
  const store::WriterStats st = m_reads_writer->stats();
  return std::pair{st.commands, st.batches};
}

}  // namespace corridor::app
