//===--- ReportMarkdownTest.cpp - --format=markdown and --format=json -----===//
//
// One small Win32 client/server file with a finding in three review areas,
// a note, two fix-its and a NOLINT'd finding. The expected review report is
// written out by hand from MarkdownReporter.cpp and the rules' docs pages.
//
//===----------------------------------------------------------------------===//
#include "BuildConfig.h"
#include "ReportTestUtil.h"

#include <gtest/gtest.h>
#include <regex>

namespace pipelint::test {
namespace {

using nlohmann::json;

// Line numbers matter: the NULL DACL is on line 7, the wrong handle test on
// line 17 (its use on 19), the pipe mode on line 27, the NOLINT on line 32.
const char *const ReviewSource = R"c(#include <windows.h>

/* The service's ready event, open to everyone. */
HANDLE make_ready_event(void) {
  SECURITY_DESCRIPTOR sd;
  InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE);
  SECURITY_ATTRIBUTES sa = {sizeof(sa), &sd, FALSE};
  return CreateEventA(&sa, TRUE, FALSE, "Global\\review-ready");
}

/* Sends one request to the service. */
int send_request(const char *text, DWORD size) {
  DWORD written = 0;
  HANDLE h = CreateFileA("\\\\.\\pipe\\review", GENERIC_WRITE, 0, NULL,
                         OPEN_EXISTING, 0, NULL);
  if (h == NULL)
    return -1;
  WriteFile(h, text, size, &written, NULL);
  CloseHandle(h);
  return (int)written;
}

/* The server's end of the pipe. */
HANDLE make_pipe(SECURITY_ATTRIBUTES *sa) {
  return CreateNamedPipeA("\\\\.\\pipe\\review", PIPE_ACCESS_DUPLEX,
                          PIPE_TYPE_BYTE, 1, 512, 512, 0, sa);
}

/* Only for the test double of the service, on purpose. */
void allow_all_for_tests(SECURITY_DESCRIPTOR *sd) {
  SetSecurityDescriptorDacl(sd, TRUE, NULL, FALSE); // NOLINT(ipc-null-dacl)
}
)c";

const char *const ThreeRules =
    "--checks=-*,ipc-null-dacl,ipc-invalid-handle-check,ipc-pipe-remote-"
    "clients";

/// The file in <tmp>/contoso-service/src/review.c; the source root is
/// contoso-service, which names the report.
struct ReviewProject {
  std::string Root, File;
  ReviewProject() {
    Root = makeTempDir("pipelint-review") + "/contoso-service";
    llvm::sys::fs::create_directories(Root + "/src");
    File = Root + "/src/review.c";
    writeFileText(File, ReviewSource);
  }
  RunResult run(const std::string &Format,
                const std::vector<std::string> &Extra = {}) const {
    std::vector<std::string> Args = {ThreeRules, "--platform=windows",
                                     "--source-root", Root,
                                     "--format=" + Format};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    Args.push_back(File);
    return runCli(Args);
  }
};

const char *const ExpectedBody = R"md(## Summary

- Files analysed: 1
- Findings: 3 (2 errors, 1 warning)
- Suppressed in source (NOLINT): 1
- IPC call sites analysed: 5 of 5 (100 %)
- Commands inferred from the checkout for 1 file: windows (UNICODE): 1

| Rule | Level | CWE | Findings |
| --- | --- | --- | ---: |
| `ipc-invalid-handle-check` | error | CWE-252, CWE-253 | 1 |
| `ipc-null-dacl` | error | CWE-732 | 1 |
| `ipc-pipe-remote-clients` | warning | CWE-668 | 1 |

## Security attributes and access control

### 1. A security descriptor gets a NULL DACL, which grants every access to everyone

**Where:** `src/review.c:7` · **Rule:** `ipc-null-dacl` · **Level:** error · **CWE:** [CWE-732](https://cwe.mitre.org/data/definitions/732.html)

```c
     6 |   InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
>    7 |   SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE);
     8 |   SECURITY_ATTRIBUTES sa = {sizeof(sa), &sd, FALSE};
```

**Finding.** 'SetSecurityDescriptorDacl' sets a NULL DACL: anyone, including anonymous users, gets full control of the object and can change its DACL and owner.

**Why it matters.** A NULL DACL is not "no access": it is no access *control*, so every caller, including the anonymous logon, is granted every right it asks for on the object. An attacker can then read and write the pipe, or take `WRITE_DAC` and `WRITE_OWNER`, replace the DACL and lock the legitimate server and clients out.

**Fix.** Build a DACL that lists who may do what: an SDDL string converted with `ConvertStringSecurityDescriptorToSecurityDescriptor`, or `SetEntriesInAcl` and then `SetSecurityDescriptorDacl(sd, TRUE, dacl, FALSE)`. If "everyone" really must connect, grant `Everyone` (or `Authenticated Users`) read and write only, not a NULL DACL, so that nobody can take over the object's DACL and owner. There is no automatic fix: the right DACL depends on who must connect.

## Error handling and retry logic

### 2. A Win32 handle is used without a check against its real failure value, or is checked against the wrong one

**Where:** `src/review.c:17` · **Rule:** `ipc-invalid-handle-check` · **Level:** error · **CWE:** [CWE-252](https://cwe.mitre.org/data/definitions/252.html), [CWE-253](https://cwe.mitre.org/data/definitions/253.html)

```c
    16 |                          OPEN_EXISTING, 0, NULL);
>   17 |   if (h == NULL)
    18 |     return -1;
```

**Finding.** 'CreateFileA' returns INVALID_HANDLE_VALUE when it fails, never NULL: this test lets a failed call through and the invalid handle is used.

- `src/review.c:19`: the handle is passed to 'WriteFile' here as if it were valid

**Why it matters.** A failed `CreateNamedPipe` (name already taken by a squatter, all instances busy, access denied) goes unnoticed, and the server carries on with `INVALID_HANDLE_VALUE`, which is also the pseudo-handle of the current process: `WaitForSingleObject` on it blocks for ever and other calls act on the process itself, while the failure path that should have run never does. With `if (h == NULL)` after `CreateFile`, the test can never fire, so every failure is taken for success; with `if (m == INVALID_HANDLE_VALUE)` after `CreateMutex`, a NULL handle passes and the "lock" protects nothing.

**Fix.** Suggested change: at line 17, column 12, replace `NULL` with `INVALID_HANDLE_VALUE`; `pipe-lint --fix` applies it. Test the handle against the value the function's documentation gives for failure, right after the call, and leave the function (or retry) on failure. A fix-it swaps the wrong constant for the right one (`NULL` → `INVALID_HANDLE_VALUE` and back; `!h` → `h == INVALID_HANDLE_VALUE`; `h` → `h != INVALID_HANDLE_VALUE`) when the variable holds the creating call's result on every path to the test. When it may also hold another value (say, it starts as `NULL`), no fix-it is offered: test both values then.

## Resource and memory management

No findings.

## Flag and permission logic

### 3. A named pipe is created without PIPE_REJECT_REMOTE_CLIENTS, so other machines can connect over SMB

**Where:** `src/review.c:27` · **Rule:** `ipc-pipe-remote-clients` · **Level:** warning · **CWE:** [CWE-668](https://cwe.mitre.org/data/definitions/668.html)

```c
    26 |   return CreateNamedPipeA("\\\\.\\pipe\\review", PIPE_ACCESS_DUPLEX,
>   27 |                           PIPE_TYPE_BYTE, 1, 512, 512, 0, sa);
    28 | }
```

**Finding.** 'CreateNamedPipeA' creates a named pipe without PIPE_REJECT_REMOTE_CLIENTS: clients on other machines can connect to it over SMB.

**Why it matters.** Every named pipe is also reachable as `\\computer\pipe\name` through the SMB server, so a local IPC endpoint becomes a network service that anyone on the network whose account the pipe's DACL admits can reach. A parser bug or a missing authorisation check in the server is then exploitable remotely, not only by local users.

**Fix.** Suggested change: at line 27, column 41, insert ` | PIPE_REJECT_REMOTE_CLIENTS`; `pipe-lint --fix` applies it. Add `PIPE_REJECT_REMOTE_CLIENTS` to `dwPipeMode`. The fix-it does it when the argument is a constant expression: a literal `0` becomes `PIPE_REJECT_REMOTE_CLIENTS`, anything else gets `| PIPE_REJECT_REMOTE_CLIENTS` appended (in parentheses first when it is a conditional). When the mode comes from a variable there is no fix-it: add the flag where the variable is set. If remote clients are intended, write `PIPE_ACCEPT_REMOTE_CLIENTS` to say so, and make sure the DACL and the protocol are fit for the network.

## Suppressed in source

- `src/review.c:32` `ipc-null-dacl`: 'SetSecurityDescriptorDacl' sets a NULL DACL: anyone, including anonymous users, gets full control of the object and can change its DACL and owner

)md";

TEST(ReportMarkdown, ReviewReportOfOneFile) {
  ReviewProject P;
  RunResult R = P.run("markdown");
  EXPECT_EQ(R.ExitCode, 1) << R.Err;
  std::string Expected =
      "# IPC security review of `contoso-service`\n\n"
      "Produced by pipe-lint " PIPELINT_VERSION
      ", a static analysis of inter-process communication code. Each finding "
      "below names the rule that found it; `pipe-lint --explain <rule>` "
      "describes the rule in full.\n\n" +
      std::string(ExpectedBody);
  EXPECT_EQ(R.Out, Expected);
}

TEST(ReportMarkdown, MarksWhatIsNewSinceTheBaseline) {
  ReviewProject P;
  // The baseline: the code before the pipe server was added.
  std::string Before = std::string(ReviewSource);
  size_t From = Before.find("/* The server's end of the pipe. */");
  size_t To = Before.find("/* Only for the test double");
  ASSERT_NE(From, std::string::npos);
  ASSERT_NE(To, std::string::npos);
  // Blank lines keep the later line numbers.
  writeFileText(P.File,
                Before.substr(0, From) + "\n\n\n\n\n\n" + Before.substr(To));
  std::string Base = reportSarifPath("markdown-base");
  ASSERT_EQ(P.run("sarif", {"-o", Base}).ExitCode, 1);
  writeFileText(P.File, ReviewSource);

  RunResult R = P.run("markdown", {"--baseline", Base});
  EXPECT_EQ(R.ExitCode, 1) << R.Err;
  const std::string Mark = " · **New** since the baseline";
  size_t At = R.Out.find(Mark);
  ASSERT_NE(At, std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find(Mark, At + 1), std::string::npos) << R.Out;
  EXPECT_NE(R.Out.find("**Rule:** `ipc-pipe-remote-clients` · **Level:** "
                       "warning · **CWE:** [CWE-668](https://cwe.mitre.org/"
                       "data/definitions/668.html)" +
                       Mark + "\n"),
            std::string::npos)
      << R.Out;
}

TEST(ReportJson, FlatArrayWithTheDocumentedFields) {
  ReviewProject P;
  RunResult R = P.run("json");
  EXPECT_EQ(R.ExitCode, 1) << R.Err;
  json Out = json::parse(R.Out, nullptr, false);
  ASSERT_TRUE(Out.is_array()) << R.Out;
  ASSERT_EQ(Out.size(), 4u); // the NOLINT'd one too

  // The documented fields, always present, in this order of findings.
  const std::vector<std::string> Fields = {
      "rule",   "level",   "message",    "file",       "line",
      "column", "endLine", "endColumn",  "cwe",        "category",
      "notes",  "fixes",   "suppressed", "fingerprint"};
  std::regex Fingerprint("[0-9a-f]{16}:[0-9]+");
  for (const json &F : Out) {
    for (const std::string &Name : Fields)
      EXPECT_TRUE(F.contains(Name)) << Name << " in " << F.dump();
    EXPECT_EQ(F.size(), Fields.size()) << F.dump(); // no baselineState
    EXPECT_TRUE(
        std::regex_match(F["fingerprint"].get<std::string>(), Fingerprint));
  }
  std::vector<std::pair<std::string, int>> Where;
  for (const json &F : Out)
    Where.push_back({F["rule"], F["line"]});
  EXPECT_EQ(Where, (std::vector<std::pair<std::string, int>>{
                       {"ipc-null-dacl", 7},
                       {"ipc-invalid-handle-check", 17},
                       {"ipc-pipe-remote-clients", 27},
                       {"ipc-null-dacl", 32}}));

  // One finding in full. Columns are bytes, 1-based; the end is exclusive.
  json Handle = Out[1];
  Handle.erase("fingerprint");
  std::string Source = ReviewSource;
  unsigned NullOffset = Source.find("if (h == NULL)") + 9;
  json Expected = {
      {"rule", "ipc-invalid-handle-check"},
      {"level", "error"},
      {"message", "'CreateFileA' returns INVALID_HANDLE_VALUE when it fails, "
                  "never NULL: this test lets a failed call through and the "
                  "invalid handle is used"},
      {"file", "src/review.c"},
      {"line", 17},
      {"column", 7},
      {"endLine", 17},
      {"endColumn", 8},
      {"cwe", {252, 253}},
      {"category", "Error handling and retry logic"},
      {"notes",
       {{{"file", "src/review.c"},
         {"line", 19},
         {"column", 3},
         {"message",
          "the handle is passed to 'WriteFile' here as if it were valid"}}}},
      {"fixes",
       {{{"file", "src/review.c"},
         {"line", 17},
         {"column", 12},
         {"offset", NullOffset},
         {"length", 4},
         {"replacement", "INVALID_HANDLE_VALUE"}}}},
      {"suppressed", false}};
  EXPECT_EQ(Handle, Expected) << Handle.dump(2);
  EXPECT_EQ(Out[0]["level"], "error");
  EXPECT_EQ(Out[0]["cwe"], json({732}));
  EXPECT_EQ(Out[0]["category"], "Security attributes and access control");
  EXPECT_FALSE(Out[0]["suppressed"].get<bool>());
  EXPECT_TRUE(Out[3]["suppressed"].get<bool>());
  EXPECT_EQ(Out[2]["fixes"][0]["length"], 0); // an insertion
  EXPECT_EQ(Out[2]["fixes"][0]["replacement"], " | PIPE_REJECT_REMOTE_CLIENTS");

  // The fingerprints are SARIF's primaryLocationLineHash.
  std::string Sarif = reportSarifPath("json-crosscheck");
  ASSERT_EQ(P.run("sarif", {"-o", Sarif}).ExitCode, 1);
  json Results = sarifResults(readJsonFile(Sarif));
  ASSERT_EQ(Results.size(), Out.size());
  for (size_t I = 0; I < Out.size(); ++I)
    EXPECT_EQ(resultHash(Results[I]), Out[I]["fingerprint"]);

  // With a baseline each finding says whether it is new.
  RunResult Again = P.run("json", {"--baseline", Sarif});
  EXPECT_EQ(Again.ExitCode, 0) << Again.Err;
  json Marked = json::parse(Again.Out, nullptr, false);
  ASSERT_TRUE(Marked.is_array());
  for (const json &F : Marked)
    EXPECT_EQ(F["baselineState"], "unchanged") << F.dump();
}

} // namespace
} // namespace pipelint::test
