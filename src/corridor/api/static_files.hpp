#pragma once
// The web UI's files (docs/api.md): the copy of web/static built into the
// binary (embedded), or with `corridor serve --static DIR` a directory
// loaded into memory once at start-up; either way served from memory, so a
// file changed on disk afterwards is served as it was until the server
// restarts. Plain C++; the Api answers GET and HEAD with them (api.cpp).

#include <corridor/core/result.hpp>

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::api {

struct StaticFile {
  std::string body;          // the file's bytes
  std::string content_type;  // by extension (content_type_of)
  std::string etag;          // strong: "\"" + 32 hex digits of its SHA-256 + "\""
};

// One file built into the binary (scripts/embed_web.cmake writes the
// table): its URL path ("/js/app.js"), the SHA-256 of its bytes at build
// time in hex, and its bytes [begin, end).
struct EmbeddedFile {
  std::string_view path;
  std::string_view sha256;
  const char* begin = nullptr;
  const char* end = nullptr;
};

// web/static as it was when this binary was built (the build embeds it
// again whenever a file there changes): the files StaticFiles::load would
// have read from it then, in path order.
std::span<const EmbeddedFile> embedded_web_files();

class StaticFiles {
public:
  // At most this many bytes in all: a guard against pointing --static at
  // the wrong directory.
  static constexpr std::size_t k_max_total = std::size_t{256} << 20;

  // Every regular file under `dir`, recursively. Skipped: names that start
  // with '.' (files and whole directories), directories named
  // node_modules, and every symbolic link (never followed, so nothing
  // outside `dir` can be served). Errc::not_found, naming the path, if
  // `dir` is missing or not a directory, a file or directory cannot be
  // read, or the files pass k_max_total. Not thread-safe while loading;
  // the result is immutable.
  static core::Result<StaticFiles> load(const std::string& dir);

  // The files of a table, by load's rules: a path that is not "/" then
  // segments, or has a segment that load would skip or never produce
  // (starting with '.', node_modules as a directory, empty), is left out.
  static StaticFiles from_table(std::span<const EmbeddedFile> files);

  // The web UI built into the binary: from_table(embedded_web_files()).
  // What `corridor serve` answers with unless --static names a directory.
  static StaticFiles embedded();

  // The file for a percent-decoded URL path: "/app/main.js" is
  // DIR/app/main.js, and "/" is "/index.html". nullptr if there is none
  // (a path with "..", "." or empty segments never names one). Thread-safe.
  const StaticFile* find(std::string_view path) const;

  std::size_t size() const { return m_files.size(); }

  // Every file's URL path, in order.
  std::vector<std::string_view> paths() const;

  // Adds or replaces one file at a URL path ("/index.html"); for tests and
  // for load.
  void add(std::string path, std::string body);

private:
  std::map<std::string, StaticFile, std::less<>> m_files;
};

// The Content-Type for a path's extension (case-insensitive): html, js and
// mjs, css, json, map, svg, png, ico, woff2, txt, webmanifest; text types
// say charset=utf-8. application/octet-stream for anything else.
std::string_view content_type_of(std::string_view path);

// True if an If-None-Match value ("*", or a list of entity tags, weak ones
// compared weakly as RFC 9110 says) matches `etag`.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace corridor::api
