//===--- OverwrittenAccessFlagsOptionsTest.cpp - FlagNames round trip -----===//
//
// storeOptions must write back exactly what the constructor read (what
// --dump-config prints), not the default.
//
//===----------------------------------------------------------------------===//
// checks/ is not on the test include path (test/CMakeLists.txt is shared).
#include "../../checks/OverwrittenAccessFlagsCheck.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"

#include <gtest/gtest.h>

namespace clang::tidy::pipelint {
namespace {

std::string roundTrip(std::optional<std::string> Configured) {
  ClangTidyOptions Opts = ClangTidyOptions::getDefaults();
  Opts.Checks = "-*,ipc-overwritten-access-flags";
  if (Configured)
    Opts.CheckOptions["ipc-overwritten-access-flags.FlagNames"] =
        ClangTidyOptions::ClangTidyValue(*Configured);
  ClangTidyContext Context(
      std::make_unique<DefaultOptionsProvider>(ClangTidyGlobalOptions(), Opts));
  Context.setCurrentFile("input.cpp");
  OverwrittenAccessFlagsCheck Check("ipc-overwritten-access-flags", &Context);
  ClangTidyOptions::OptionMap Stored;
  Check.storeOptions(Stored);
  auto It = Stored.find("ipc-overwritten-access-flags.FlagNames");
  EXPECT_NE(It, Stored.end());
  EXPECT_EQ(Stored.size(), 1u) << "one option, stored key for key";
  return It == Stored.end() ? "<missing>" : It->second.Value;
}

TEST(OverwrittenAccessFlagsOptions, FlagNamesRoundTrips) {
  EXPECT_EQ(roundTrip(std::string("LINK_READ; net::Channel")),
            "LINK_READ; net::Channel");
  EXPECT_EQ(roundTrip(std::nullopt), "");
}

} // namespace
} // namespace clang::tidy::pipelint
