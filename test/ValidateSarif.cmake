# Validates every SARIF log in SARIF_DIR with VALIDATOR (scripts/sarif-validate).
file(GLOB logs "${SARIF_DIR}/*.sarif")
if(NOT logs)
  message(FATAL_ERROR "no SARIF logs in ${SARIF_DIR}: run the other tests first")
endif()
list(LENGTH logs count)
execute_process(COMMAND ${VALIDATOR} ${logs} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "SARIF validation failed:\n${out}${err}")
endif()
message(STATUS "${count} SARIF logs valid")
