// The public figures of an export or a database (app/figures.hpp,
// docs/figures.md): the entries are read and checked here, the figures
// computed by ledger::FiguresBuilder.

#include <corridor/app/figures.hpp>

#include <corridor/app/batch.hpp>
#include <corridor/app/log_ops.hpp>
#include <corridor/app/service.hpp>
#include <corridor/app/timezone.hpp>
#include <corridor/app/verify.hpp>
#include <corridor/ledger/base64.hpp>
#include <corridor/ledger/checkpoint.hpp>
#include <corridor/ledger/note.hpp>
#include <corridor/store/log_repo.hpp>

#include <filesystem>

namespace corridor::app {
namespace {

using core::Errc;
using core::Result;

core::Error bad(const std::string& what) { return core::make_error(Errc::bad_input, what); }

// ICU's dates, remembering the last day's bounds: entries come in time
// order, so nearly every look-up is the day before it.
class ZoneClock final : public ledger::DayClock {
public:
  explicit ZoneClock(std::string tz) : m_tz(std::move(tz)) {}

  core::Date day_of(core::Timestamp t) const override {
    if (m_known && t >= m_start && t < m_end) return m_day;
    auto d = local_date(t, m_tz);
    const core::Date day = d ? *d : core::utc_date(t);
    const core::Timestamp start = midnight(day), end = end_of(day);
    if (t >= start && t < end) {
      m_known = true;
      m_day = day;
      m_start = start;
      m_end = end;
    }
    return day;
  }

  core::Timestamp end_of(const core::Date& date) const override {
    return midnight(date.plus_days(1));
  }

private:
  core::Timestamp midnight(const core::Date& d) const {
    auto t = local_instant(d, "00:00", m_tz);
    return t ? *t : d.days_since_epoch() * core::k_seconds_per_day;
  }

  std::string m_tz;
  mutable bool m_known = false;
  mutable core::Date m_day{};
  mutable core::Timestamp m_start = 0, m_end = 0;
};

// The checkpoint note's origin, size and root.
Result<ledger::FiguresCheckpoint> parse_cp(const std::string& where, std::string_view note_text) {
  auto note = ledger::parse_note(note_text);
  if (!note) return bad(where + ": " + note.error().message);
  auto cp = ledger::parse_checkpoint(note->text);
  if (!cp) return bad(where + ": " + cp.error().message);
  const std::string_view root(reinterpret_cast<const char*>(cp->root.data()), cp->root.size());
  return ledger::FiguresCheckpoint{cp->origin, cp->size, ledger::base64_encode(root)};
}

Result<void> same_log(const core::Config& config, const ledger::FiguresCheckpoint& cp) {
  if (config.log.origin != cp.origin)
    return bad("the config is for the log " + config.log.origin + ", not " + cp.origin +
               " (pass --config FILE with this deployment's config)");
  return {};
}

Result<FiguresResult> finish(ledger::FiguresBuilder& b, ledger::FiguresCheckpoint cp) {
  FiguresResult r;
  r.checkpoint = cp;
  r.json = ledger::figures_json(b.finish(std::move(cp)));
  return r;
}

}  // namespace

Result<std::unique_ptr<ledger::DayClock>> zone_clock(const std::string& tz) {
  if (auto d = local_date(0, tz); !d) return std::move(d).error();
  return std::unique_ptr<ledger::DayClock>(std::make_unique<ZoneClock>(tz));
}

Result<void> FiguresFeed::entry(std::uint64_t idx, std::string_view bytes,
                                const ledger::Statement* parsed) {
  const std::string name = "entry " + std::to_string(idx);
  if (ledger::is_row_entry(bytes)) {
    auto row = ledger::parse_row(bytes);
    if (!row) return bad(name + ": " + row.error().message);
    if (!m_batch) return bad(name + ": a registration row with no batch before it");
    return m_builder.add(idx, ledger::row_statement(*m_batch, *row));
  }
  if (ledger::is_batch_text(bytes)) {
    auto note = ledger::parse_note(bytes);
    if (!note) return bad(name + ": " + note.error().message);
    auto b = ledger::parse_batch(note->text);
    if (!b) return bad(name + ": " + b.error().message);
    m_batch = std::move(b).value();
    return {};
  }
  if (parsed) return m_builder.add(idx, *parsed);
  // The statement's text is the note's up to its blank line; the
  // signature lines are not read (the strict statement parser checks the
  // text; verify checks signatures).
  const std::size_t blank = bytes.find("\n\n");
  if (blank == std::string_view::npos) return bad(name + ": not a signed note (no blank line)");
  auto s = ledger::parse_statement(bytes.substr(0, blank + 1));
  if (!s) return bad(name + ": " + s.error().message);
  return m_builder.add(idx, *s);
}

Result<core::Config> export_config(const std::string& dir,
                                   const std::optional<std::string>& config_path) {
  if (config_path) return load_config(config_path);
  const std::string path = dir + "/config.toml";
  auto text = read_file(path);
  if (!text)
    return core::make_error(Errc::not_found,
                            path +
                                ": missing (an export made before figures carries no config; "
                                "pass --config FILE)");
  return core::parse_config(*text, path);
}

Result<FiguresResult> figures_from_directory(const std::string& dir, const core::Config& config) {
  if (!std::filesystem::is_directory(dir))
    return core::make_error(Errc::not_found, dir + ": no such directory");
  auto policy = read_export_policy(dir);
  if (!policy) return std::move(policy).error();
  auto source = directory_source(dir);
  if (!source) return std::move(source).error();
  auto cp_text = read_file(dir + "/checkpoint");
  if (!cp_text) return std::move(cp_text).error();
  auto cp = parse_cp(dir + "/checkpoint", *cp_text);
  if (!cp) return std::move(cp).error();
  if (auto s = same_log(config, *cp); !s) return std::move(s).error();
  auto clock = zone_clock(config.crossing.time_zone);
  if (!clock) return std::move(clock).error();
  ledger::FiguresBuilder builder(config, **clock);
  FiguresFeed feed(builder);
  auto verified = verify_log(
      **source, *policy, {}, [&](std::uint64_t idx, SignedStatement s, const ledger::PublicKey*) {
        const bool whole = !ledger::is_row_entry(s.bytes) && !ledger::is_batch_text(s.bytes);
        return feed.entry(idx, s.bytes, whole ? &s.statement : nullptr);
      });
  if (!verified) return std::move(verified).error();
  return finish(builder, std::move(cp).value());
}

Result<FiguresResult> figures_from_database(store::Database& db, const core::Config& config,
                                            const ledger::PublicKey& log_key) {
  auto latest = store::latest_checkpoint(db);
  if (!latest) return std::move(latest).error();
  if (!*latest) return core::make_error(Errc::not_found, "the log has no checkpoint yet");
  const std::string where = "checkpoint of size " + std::to_string((*latest)->size);
  auto note = ledger::parse_note((*latest)->note);
  if (!note) return bad(where + ": " + note.error().message);
  const ledger::PublicKey keys[] = {log_key};
  if (auto v = ledger::verify_note(*note, keys); !v)
    return bad(where + ": not signed by the log key (" + v.error().message + ")");
  auto cp = parse_cp(where, (*latest)->note);
  if (!cp) return std::move(cp).error();
  if (auto s = same_log(config, *cp); !s) return std::move(s).error();
  auto clock = zone_clock(config.crossing.time_zone);
  if (!clock) return std::move(clock).error();
  ledger::FiguresBuilder builder(config, **clock);
  FiguresFeed feed(builder);
  Result<void> failed;
  std::uint64_t seen = 0;
  auto walked =
      store::for_each_log_entry(db, 0, cp->size, [&](std::uint64_t idx, std::string_view bytes) {
        ++seen;
        failed = feed.entry(idx, bytes);
        return failed.ok();
      });
  if (!walked) return std::move(walked).error();
  if (!failed) return std::move(failed).error();
  if (seen != cp->size)
    return core::make_error(Errc::internal, "the log holds " + std::to_string(seen) +
                                                " entries below its checkpoint of size " +
                                                std::to_string(cp->size));
  return finish(builder, std::move(cp).value());
}

}  // namespace corridor::app
