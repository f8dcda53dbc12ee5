# Writes OUT, a C++ file that defines NAMESPACE::FUNCTION() returning the
# bytes of IN (defaults: corridor::app::embedded_default_config).
if(NOT NAMESPACE)
  set(NAMESPACE corridor::app)
endif()
if(NOT FUNCTION)
  set(FUNCTION embedded_default_config)
endif()
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
get_filename_component(name ${IN} NAME)
file(WRITE ${OUT} "// Generated from ${name} by scripts/embed.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace ${NAMESPACE} {\n"
  "static const char k_bytes[] = {${bytes} 0};\n"
  "std::string_view ${FUNCTION}() { return {k_bytes, sizeof k_bytes - 1}; }\n"
  "}\n")
