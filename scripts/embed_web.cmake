# Writes OUT, a C++ file that defines corridor::api::embedded_web_files():
# the web UI (WEB/static, with WEB/static/vendor) built into the binary, so
# `corridor serve` needs no files beside it (static_files.hpp).
#
#   cmake -DWEB=web -DOUT=embedded_web.cpp -P scripts/embed_web.cmake
#
# The build runs this at every build (src/corridor/CMakeLists.txt): a file
# added, changed or removed under WEB/static is embedded by the next build.
# - The files are those StaticFiles::load(WEB/static) reads: regular files;
#   no name starting with '.', nothing under a directory named
#   node_modules, no symbolic link.
# - The bytes are never turned into C++: the assembler copies each file
#   into read-only data (.incbin), so OUT compiles in a fraction of a second
#   whatever the files weigh. Each file's SHA-256 is written beside it, so
#   OUT's text (and ccache's key for it) changes whenever a file's bytes do.
# - OUT is rewritten only when its text changes: a build with nothing
#   changed under WEB/static compiles nothing.
# - WEB/static/vendor (npm's files, copied by WEB/scripts/vendor.mjs) must
#   be there and newer than WEB/package-lock.json and vendor.mjs; otherwise
#   the build stops and says to run `make web`.
cmake_minimum_required(VERSION 3.25)
if(NOT WEB OR NOT OUT)
  message(FATAL_ERROR "embed_web.cmake: give -DWEB=DIR -DOUT=FILE")
endif()
set(static ${WEB}/static)
set(vendor ${static}/vendor)
set(remedy "run `make web` (node web/scripts/vendor.mjs, after npm ci in web/; \
scripts/install-deps.sh runs npm ci)")

if(NOT IS_DIRECTORY ${static})
  message(FATAL_ERROR "embed_web: ${static} is not a directory")
endif()
file(GLOB vendored ${vendor}/*)
if(NOT IS_DIRECTORY ${vendor} OR NOT vendored)
  message(FATAL_ERROR "embed_web: ${vendor} is missing or empty: the web UI built into "
    "corridor needs its npm files; ${remedy}")
endif()
foreach(source ${WEB}/package-lock.json ${WEB}/scripts/vendor.mjs)
  foreach(v ${vendored})
    if(EXISTS ${source} AND NOT ${v} IS_NEWER_THAN ${source})
      message(FATAL_ERROR "embed_web: ${v} is older than ${source}; ${remedy}")
    endif()
  endforeach()
endforeach()

# Every path under static, minus what StaticFiles::load skips.
file(GLOB_RECURSE found LIST_DIRECTORIES false RELATIVE ${static} ${static}/*)
list(SORT found)
set(files "")
set(total 0)
foreach(rel ${found})
  if(IS_SYMLINK ${static}/${rel} OR IS_DIRECTORY ${static}/${rel})
    continue()
  endif()
  string(REPLACE "/" ";" segments "${rel}")
  list(LENGTH segments n)
  math(EXPR last "${n} - 1")
  set(skip FALSE)
  set(i 0)
  foreach(segment ${segments})
    if(segment MATCHES "^\\." OR (segment STREQUAL "node_modules" AND i LESS last))
      set(skip TRUE)
    endif()
    math(EXPR i "${i} + 1")
  endforeach()
  # A symbolic link to a directory on the way (GLOB_RECURSE does not follow
  # them, but be sure): load never follows one either.
  get_filename_component(parent ${rel} DIRECTORY)
  while(parent AND NOT skip)
    if(IS_SYMLINK ${static}/${parent})
      set(skip TRUE)
    endif()
    get_filename_component(parent ${parent} DIRECTORY)
  endwhile()
  if(skip)
    continue()
  endif()
  if(NOT "${static}/${rel}" MATCHES "^[^\"\\\\\n\r\t]+$")
    message(FATAL_ERROR "embed_web: ${static}/${rel}: a path with a quote, a backslash "
      "or a control character cannot be embedded")
  endif()
  file(SIZE ${static}/${rel} size)
  math(EXPR total "${total} + ${size}")
  list(APPEND files ${rel})
endforeach()
if(total GREATER 268435456)
  message(FATAL_ERROR "embed_web: ${static} holds more than 256 MiB of files")
endif()
list(LENGTH files count)

set(asm "")
set(table "")
set(declarations "")
set(i 0)
foreach(rel ${files})
  file(SHA256 ${static}/${rel} sha)
  set(sym corridor_web_file_${i})
  string(APPEND asm "    \"${sym}:\\n\"\n"
    "    \"  .incbin \\\"${static}/${rel}\\\"\\n\"\n"
    "    \"${sym}_end:\\n\"\n")
  string(APPEND declarations "extern \"C\" const char ${sym}[], ${sym}_end[];\n")
  string(APPEND table "    {\"/${rel}\", \"${sha}\", ${sym}, ${sym}_end},\n")
  math(EXPR i "${i} + 1")
endforeach()
if(count EQUAL 0)
  set(table "    {},\n")
endif()

set(text "// Generated from ${static} by scripts/embed_web.cmake. Do not edit.
// ${count} files, ${total} bytes; the assembler includes their bytes.
#include <corridor/api/static_files.hpp>

asm(\".pushsection .rodata.corridor_web, \\\"a\\\"\\n\"
    \"  .balign 16\\n\"
${asm}    \".popsection\\n\");

${declarations}
namespace corridor::api {
namespace {
constexpr EmbeddedFile k_files[] = {
${table}};
}  // namespace

std::span<const EmbeddedFile> embedded_web_files() {
  return std::span<const EmbeddedFile>(k_files, ${count});
}
}  // namespace corridor::api
")

set(old "")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUT} "${text}")
  message(STATUS "embed_web: ${count} files, ${total} bytes from ${static}")
endif()
