# Included by ctest after gtest_discover_tests has defined the GoogleTest
# cases: those that write SARIF logs set up the "sarif_logs" fixture, so that
# sarif_validation runs after them. In ctest the DIRECTORY property TESTS is
# empty; the discovered cases are in pipelint_tests_TESTS (gtest's TEST_LIST).
foreach(_t IN LISTS pipelint_tests_TESTS)
  if(_t MATCHES "^(Fixtures/|Cli\\.|ResultCacheCli\\.|BadInput\\.|Robustness\\.|Report[A-Za-z]*\\.)")
    set_tests_properties("${_t}" PROPERTIES FIXTURES_SETUP sarif_logs)
  endif()
endforeach()
