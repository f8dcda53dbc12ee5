#include <corridor/app/service.hpp>

#include <corridor/app/timezone.hpp>
#include <corridor/store/case_repo.hpp>
#include <corridor/store/database.hpp>
#include <corridor/store/writer.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace corridor::app {
namespace {

constexpr std::string_view k_config_key = "config";
constexpr std::string_view k_config_source_key = "config_source";

core::Result<core::Config> parse_stored(store::Database& db, const std::string& db_path) {
  auto text = store::get_meta(db, k_config_key);
  if (!text) return std::move(text).error();
  if (!*text)
    return core::make_error(core::Errc::not_found,
                            db_path +
                                ": not a corridor database (it holds no deployment config; "
                                "create one with corridor init)");
  auto source = store::get_meta(db, k_config_source_key);
  if (!source) return std::move(source).error();
  return core::parse_config(**text, db_path + ":" + source->value_or("config"));
}

}  // namespace

core::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::make_error(core::Errc::not_found, path + ": cannot open file");
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return core::make_error(core::Errc::not_found, path + ": read failed");
  return out.str();
}

core::Result<core::Config> load_config(const std::optional<std::string>& path) {
  if (!path) return core::parse_config(embedded_default_config(), "config/rafah.toml (embedded)");
  auto text = read_file(*path);
  if (!text) return std::move(text).error();
  return core::parse_config(*text, *path);
}

Service::Service(std::string db_path, core::Config config, Env& env)
    : m_db_path(std::move(db_path)), m_config(std::move(config)), m_env(env) {}

Service::~Service() = default;

core::Result<std::unique_ptr<Service>> Service::init(const std::string& db_path,
                                                     const std::optional<std::string>& config_path,
                                                     Env& env) {
  if (std::filesystem::exists(db_path))
    return core::make_error(core::Errc::conflict,
                            db_path + ": already exists; init makes a new deployment database");
  auto text = config_path ? read_file(*config_path)
                          : core::Result<std::string>(std::string(embedded_default_config()));
  if (!text) return std::move(text).error();
  auto config = core::parse_config(*text, config_path.value_or("config/rafah.toml (embedded)"));
  if (!config) return std::move(config).error();
  if (auto tz = local_date(0, config->crossing.time_zone); !tz) return std::move(tz).error();
  std::unique_ptr<Service> svc(new Service(db_path, std::move(config).value(), env));
  auto w = store::Writer::open(db_path, store::OpenMode::create);
  if (!w) return std::move(w).error();
  svc->m_writer = std::move(w).value();
  const std::string source =
      config_path ? std::filesystem::path(*config_path).filename().string() : "rafah.toml";
  auto stored = svc->m_writer->submit([&](store::Database& db) -> core::Result<void> {
    if (auto r = store::set_meta(db, k_config_key, *text); !r) return r;
    return store::set_meta(db, k_config_source_key, source);
  });
  if (!stored) return std::move(stored).error();
  return svc;
}

core::Result<std::unique_ptr<Service>> Service::open(const OpenOptions& options, Env& env) {
  if (!std::filesystem::exists(options.db_path))
    return core::make_error(core::Errc::not_found,
                            options.db_path + ": no such database (create one with corridor init)");
  auto db = store::Database::open(options.db_path, options.read_only ? store::OpenMode::read_only
                                                                     : store::OpenMode::read_write);
  if (!db) return std::move(db).error();
  auto config = parse_stored(*db, options.db_path);
  if (!config) return std::move(config).error();
  std::unique_ptr<Service> svc(new Service(options.db_path, std::move(config).value(), env));
  svc->m_reader = std::make_unique<store::Database>(std::move(db).value());
  return svc;
}

core::Date Service::today() {
  auto d = local_date(m_env.now(), m_config.crossing.time_zone);
  return d ? *d : core::utc_date(m_env.now());
}

core::Result<store::Writer*> Service::writer() {
  if (!m_writer) {
    auto w = store::Writer::open(m_db_path, store::OpenMode::read_write);
    if (!w) return std::move(w).error();
    m_writer = std::move(w).value();
  }
  return m_writer.get();
}

core::Result<store::Database*> Service::reader() {
  if (!m_reader) {
    auto db = store::Database::open(m_db_path, store::OpenMode::read_only);
    if (!db) return std::move(db).error();
    m_reader = std::make_unique<store::Database>(std::move(db).value());
  }
  return m_reader.get();
}

}  // namespace corridor::app
