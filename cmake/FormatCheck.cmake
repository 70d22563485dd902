# Our C++ must be clang-formatted (LLVM style, .clang-format at the root).
#   cmake -DROOT=<source dir> [-DCLANG_FORMAT=clang-format-19] -P cmake/FormatCheck.cmake
#   cmake -DROOT=<source dir> -DUPDATE=ON -P cmake/FormatCheck.cmake   reformat
# Fixtures and examples are left out: their comments carry the RUN-ARGS and
# CHECK lines the harness reads (test/fixtures/.clang-format disables it).
if(NOT ROOT)
  message(FATAL_ERROR "FormatCheck.cmake needs -DROOT=<source dir>")
endif()
if(NOT CLANG_FORMAT)
  find_program(CLANG_FORMAT NAMES clang-format-19 clang-format)
endif()
if(NOT CLANG_FORMAT)
  message(FATAL_ERROR "clang-format-19 is missing (scripts/install-deps "
                      "installs it: apt-get install clang-format-19)")
endif()
set(sources)
foreach(dir checks lib tools test/unit test/support fuzz)
  file(GLOB_RECURSE found "${ROOT}/${dir}/*.cpp" "${ROOT}/${dir}/*.h"
       "${ROOT}/${dir}/*.c")
  list(APPEND sources ${found})
endforeach()
list(SORT sources)
if(UPDATE)
  execute_process(COMMAND ${CLANG_FORMAT} -i ${sources} RESULT_VARIABLE rc)
else()
  execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror ${sources}
                  RESULT_VARIABLE rc)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "C++ not clang-formatted (see above); fix with: cmake "
                      "-DROOT=${ROOT} -DUPDATE=ON -P cmake/FormatCheck.cmake")
endif()
list(LENGTH sources count)
message(STATUS "${count} files clang-formatted")
