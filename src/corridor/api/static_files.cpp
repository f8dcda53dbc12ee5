#include <corridor/api/static_files.hpp>

#include <sodium.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace corridor::api {
namespace fs = std::filesystem;

namespace {

core::Error cannot(const fs::path& path, const std::string& why) {
  return core::make_error(core::Errc::not_found, "--static " + path.string() + ": " + why);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string etag_of(std::string_view body) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
  crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(body.data()), body.size());
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, hash.data(), 16);
  return "\"" + std::string(hex) + "\"";
}

// Hidden files and directories, and what a JavaScript toolchain leaves.
bool skipped_name(std::string_view name, bool directory) {
  if (name.empty() || name.front() == '.') return true;
  return directory && name == "node_modules";
}

bool skipped(const fs::path& path, fs::file_status status) {
  return skipped_name(path.filename().string(), fs::is_directory(status));
}

// A table's URL path names a file load could have read: "/" then segments,
// none of them skipped (nor "." or "..", which start with '.').
bool loadable(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    const bool last = slash == std::string_view::npos;
    if (skipped_name(path.substr(0, slash), !last)) return false;
    if (last) return true;
    path.remove_prefix(slash + 1);
  }
}

core::Result<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return cannot(path, "cannot be read");
  std::string out{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return cannot(path, "cannot be read");
  return out;
}

// One segment of the trimmed list an If-None-Match holds, without "W/".
std::string_view opaque_tag(std::string_view tag) {
  while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
  while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
  if (tag.size() > 2 && tag.substr(0, 2) == "W/") tag.remove_prefix(2);
  return tag;
}

}  // namespace

core::Result<StaticFiles> StaticFiles::load(const std::string& dir) {
  const fs::path root(dir);
  std::error_code ec;
  const fs::file_status root_status = fs::status(root, ec);
  if (root_status.type() == fs::file_type::not_found) return cannot(root, "no such directory");
  if (ec) return cannot(root, "cannot be read (" + ec.message() + ")");
  if (!fs::is_directory(root_status)) return cannot(root, "not a directory");
  StaticFiles out;
  std::size_t total = 0;
  fs::path last = root;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& e = *it;
    last = e.path();
    std::error_code status_ec;
    const fs::file_status status = e.symlink_status(status_ec);
    if (status_ec) return cannot(e.path(), "cannot be read (" + status_ec.message() + ")");
    // Symbolic links are never followed (nor recursed into): one could lead
    // outside `dir`. Devices, sockets and pipes are not files to serve.
    if (fs::is_symlink(status) || !(fs::is_directory(status) || fs::is_regular_file(status)))
      continue;
    if (skipped(e.path(), status)) {
      if (fs::is_directory(status)) it.disable_recursion_pending();
      continue;
    }
    if (fs::is_directory(status)) continue;
    auto bytes = read_whole(e.path());
    if (!bytes) return std::move(bytes).error();
    total += bytes->size();
    if (total > k_max_total)
      return cannot(root, "more than 256 MiB of files; is this the web UI's directory?");
    out.add("/" + e.path().lexically_relative(root).generic_string(), std::move(bytes).value());
  }
  if (ec) return cannot(last, "cannot be read (" + ec.message() + ")");
  return out;
}

StaticFiles StaticFiles::from_table(std::span<const EmbeddedFile> files) {
  StaticFiles out;
  for (const EmbeddedFile& f : files)
    if (loadable(f.path)) out.add(std::string(f.path), std::string(f.begin, f.end));
  return out;
}

StaticFiles StaticFiles::embedded() { return from_table(embedded_web_files()); }

std::vector<std::string_view> StaticFiles::paths() const {
  std::vector<std::string_view> out;
  out.reserve(m_files.size());
  for (const auto& [path, file] : m_files) out.push_back(path);
  return out;
}

void StaticFiles::add(std::string path, std::string body) {
  StaticFile f;
  f.content_type = std::string(content_type_of(path));
  f.etag = etag_of(body);
  f.body = std::move(body);
  m_files.insert_or_assign(std::move(path), std::move(f));
}

const StaticFile* StaticFiles::find(std::string_view path) const {
  // Keys are the files' own relative paths: none holds ".", ".." or an
  // empty segment, so a path that does cannot reach outside the directory.
  std::string key(path);
  if (!key.empty() && key.back() == '/') key += "index.html";
  const auto it = m_files.find(key);
  return it == m_files.end() ? nullptr : &it->second;
}

std::string_view content_type_of(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> k_types[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"}};
  const auto slash = path.rfind('/');
  const std::string_view name = slash == path.npos ? path : path.substr(slash + 1);
  const auto dot = name.rfind('.');
  if (dot == name.npos) return "application/octet-stream";
  const std::string ext = lower(name.substr(dot + 1));
  for (const auto& [e, type] : k_types)
    if (e == ext) return type;
  return "application/octet-stream";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  const std::string_view mine = opaque_tag(etag);
  while (true) {
    const auto comma = if_none_match.find(',');
    const std::string_view tag = opaque_tag(if_none_match.substr(0, comma));
    if (tag == "*" || (!tag.empty() && tag == mine)) return true;
    if (comma == std::string_view::npos) return false;
    if_none_match.remove_prefix(comma + 1);
  }
}

}  // namespace corridor::api
