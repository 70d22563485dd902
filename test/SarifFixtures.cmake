# Included by ctest after gtest_discover_tests has defined the GoogleTest
# cases: those that write SARIF logs set up the "sarif_logs" fixture, so that
# sarif_validation runs after them.
get_property(_pipelint_tests DIRECTORY PROPERTY TESTS)
foreach(_t IN LISTS _pipelint_tests)
  if(_t MATCHES "^(Fixtures/|Cli\\.|BadInput\\.|Robustness\\.)")
    set_tests_properties("${_t}" PROPERTIES FIXTURES_SETUP sarif_logs)
  endif()
endforeach()
