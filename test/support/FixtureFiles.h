//===--- FixtureFiles.h - the sources the fixture tests run ------*- C++
//-*-===//
#ifndef PIPELINT_TEST_SUPPORT_FIXTUREFILES_H
#define PIPELINT_TEST_SUPPORT_FIXTUREFILES_H

#include <string>
#include <vector>

namespace pipelint::test {

/// Every C and C++ source under test/fixtures and examples (the bundled
/// examples carry CHECK lines too), sorted; headers and the `include/`
/// folders of fixtures are not in it.
std::vector<std::string> fixtureFiles();

} // namespace pipelint::test

#endif
