#pragma once
// The web UI's files (`corridor serve --static DIR`, docs/api.md), loaded
// into memory once at start-up and served from there: a file changed on
// disk afterwards is served as it was until the server restarts. Plain C++;
// the Api answers GET and HEAD with them (api.cpp).

#include <corridor/core/result.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace corridor::api {

struct StaticFile {
  std::string body;          // the file's bytes
  std::string content_type;  // by extension (content_type_of)
  std::string etag;          // strong: "\"" + 32 hex digits of its SHA-256 + "\""
};

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

  // The file for a percent-decoded URL path: "/app/main.js" is
  // DIR/app/main.js, and "/" is "/index.html". nullptr if there is none
  // (a path with "..", "." or empty segments never names one). Thread-safe.
  const StaticFile* find(std::string_view path) const;

  std::size_t size() const { return m_files.size(); }

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
