//===--- LeakedPipeObjectOptionsTest.cpp - options of ipc-leaked-pipe-object
//==//
//
// The check reads PipeObjectTypes once and writes back exactly what it read
// (so `--dump-config` shows the configured value, not the default).
//
//===----------------------------------------------------------------------===//
#include "LeakedPipeObjectCheck.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"

#include <gtest/gtest.h>

namespace {

using namespace clang::tidy;

std::string roundTrip(const char *Configured) {
  ClangTidyOptions Opts = ClangTidyOptions::getDefaults();
  if (Configured)
    Opts.CheckOptions["ipc-leaked-pipe-object.PipeObjectTypes"] =
        ClangTidyOptions::ClangTidyValue(Configured);
  ClangTidyContext Context(
      std::make_unique<DefaultOptionsProvider>(ClangTidyGlobalOptions(), Opts));
  Context.setCurrentFile("input.cpp");
  pipelint::LeakedPipeObjectCheck Check("ipc-leaked-pipe-object", &Context);
  ClangTidyOptions::OptionMap Stored;
  Check.storeOptions(Stored);
  auto It = Stored.find("ipc-leaked-pipe-object.PipeObjectTypes");
  return It == Stored.end() ? "<missing>" : It->second.Value;
}

TEST(LeakedPipeObjectOptions, StoresWhatWasRead) {
  EXPECT_EQ(roundTrip("Conduit; transport::Channel"),
            "Conduit; transport::Channel");
  EXPECT_EQ(roundTrip(nullptr), "");
}

} // namespace
