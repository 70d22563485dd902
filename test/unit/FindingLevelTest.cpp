//===--- FindingLevelTest.cpp - a finding's level from its notes ----------===//
#include "driver/FindingLevel.h"

#include <gtest/gtest.h>

using namespace pipelint;

TEST(FindingLevel, RuleLevelByDefault) {
  EXPECT_EQ(findingLevel("ipc-unchecked-impersonation", false, {}),
            Level::Error);
  EXPECT_EQ(findingLevel("ipc-pipe-remote-clients", false, {"other note"}),
            Level::Warning);
  EXPECT_EQ(findingLevel("ipc-no-such-rule", false, {}), Level::Warning);
}

TEST(FindingLevel, RemarkIsANote) {
  EXPECT_EQ(findingLevel("ipc-unchecked-impersonation", true,
                         {"reported as a warning: why"}),
            Level::Note);
}

TEST(FindingLevel, NoteNamesTheLevel) {
  EXPECT_EQ(findingLevel("ipc-unchecked-impersonation", false,
                         {"the handle is used here",
                          "reported as a warning: a revert rarely fails"}),
            Level::Warning);
  EXPECT_EQ(findingLevel("ipc-world-accessible", false,
                         {"reported as an error: Everyone may write"}),
            Level::Error);
  // Only at the start of a note.
  EXPECT_EQ(findingLevel("ipc-unchecked-impersonation", false,
                         {"this is not reported as a warning"}),
            Level::Error);
}
