# Writes OUT, a C++ file that defines corridor::app::embedded_default_config()
# returning the bytes of IN.
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "// Generated from config/rafah.toml by scripts/embed.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace corridor::app {\n"
  "static const char k_bytes[] = {${bytes} 0};\n"
  "std::string_view embedded_default_config() { return {k_bytes, sizeof k_bytes - 1}; }\n"
  "}\n")
