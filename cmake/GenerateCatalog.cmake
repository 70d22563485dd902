# Generates the rule catalog (C++ initialisers) from docs/checks/*.md.
# Usage: cmake -DDOCS_DIR=<dir> -DOUTPUT=<file.inc> -P GenerateCatalog.cmake
#
# Each docs page starts with a front-matter block:
#   ---
#   id: ipc-example
#   name: ExampleName
#   level: warning
#   cwe: 732, 276
#   precision: high
#   security-severity: 7.5
#   category: Security attributes and access control
#   short: one-line description
#   ---
# followed by the Markdown page. The page is the single source of the rule's
# text: SARIF help, --explain and the docs index all come from it.
if(NOT DOCS_DIR OR NOT OUTPUT)
  message(FATAL_ERROR "GenerateCatalog.cmake needs DOCS_DIR and OUTPUT")
endif()

file(GLOB pages "${DOCS_DIR}/ipc-*.md")
list(SORT pages)
set(required id name level cwe precision security-severity category short)
set(out "// Generated from docs/checks/*.md by cmake/GenerateCatalog.cmake.\n")
string(APPEND out "// Do not edit: edit the docs page instead.\n")

foreach(page IN LISTS pages)
  file(READ "${page}" text)
  get_filename_component(fname "${page}" NAME_WE)
  if(NOT text MATCHES "^---\n(.*)")
    message(FATAL_ERROR "${page}: no front matter (first line must be ---)")
  endif()
  string(FIND "${text}" "\n---\n" endpos)
  if(endpos EQUAL -1)
    message(FATAL_ERROR "${page}: front matter is not closed by ---")
  endif()
  math(EXPR fm_len "${endpos} - 4")
  string(SUBSTRING "${text}" 4 ${fm_len} fm)
  math(EXPR body_start "${endpos} + 5")
  string(SUBSTRING "${text}" ${body_start} -1 body)
  string(REGEX REPLACE "^\n+" "" body "${body}")

  foreach(key IN LISTS required)
    set(val_${key} "")
  endforeach()
  string(REPLACE "\n" ";" fm_lines "${fm}")
  foreach(line IN LISTS fm_lines)
    if(line MATCHES "^([a-z-]+):[ ]*(.*)$")
      set(val_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
    endif()
  endforeach()
  foreach(key IN LISTS required)
    if("${val_${key}}" STREQUAL "")
      message(FATAL_ERROR "${page}: front matter lacks '${key}'")
    endif()
  endforeach()
  if(NOT val_id STREQUAL fname)
    message(FATAL_ERROR "${page}: id '${val_id}' does not match the file name")
  endif()
  if(NOT val_level MATCHES "^(error|warning|note)$")
    message(FATAL_ERROR "${page}: level must be error, warning or note")
  endif()
  if(NOT val_cwe MATCHES "^[0-9]+( *, *[0-9]+)*$")
    message(FATAL_ERROR "${page}: cwe must be a comma-separated list of numbers")
  endif()
  if(NOT val_security-severity MATCHES "^[0-9]+(\\.[0-9])?$")
    message(FATAL_ERROR "${page}: security-severity must be a number like 7.5")
  endif()
  string(FIND "${body}" ")pldoc\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${page}: contains the raw-string delimiter )pldoc\"")
  endif()
  string(REPLACE " " "" cwes "${val_cwe}")
  foreach(key id name level precision category short)
    string(REPLACE "\\" "\\\\" val_${key} "${val_${key}}")
    string(REPLACE "\"" "\\\"" val_${key} "${val_${key}}")
  endforeach()
  string(APPEND out "{\"${val_id}\", \"${val_name}\", \"${val_level}\", {${cwes}}, "
                    "\"${val_precision}\", \"${val_security-severity}\", "
                    "\"${val_category}\", \"${val_short}\",\n R\"pldoc(${body})pldoc\"},\n")
endforeach()

# Only touch the output when it changes, so nothing rebuilds needlessly.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL out)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${out}")
