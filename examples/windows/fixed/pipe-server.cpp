// RUN-ARGS: --platform=windows
// The update service's named-pipe server, fixed: pipe-lint reports nothing.
#include <windows.h>
#include <sddl.h>

#include <cstdio>

static const wchar_t kPipeName[] = L"\\\\.\\pipe\\contoso-updater";

// SYSTEM and administrators: full control; interactive users: read and
// write data (FILE_GENERIC_READ | FILE_GENERIC_WRITE without
// FILE_CREATE_PIPE_INSTANCE, so they cannot create server instances).
static const wchar_t kPipeSddl[] = L"D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;IU)";

static bool serve_request(HANDLE pipe) {
  char request[512];
  DWORD read = 0;
  if (!ReadFile(pipe, request, sizeof(request) - 1, &read, NULL))
    return false;
  request[read] = '\0';

  if (!ImpersonateNamedPipeClient(pipe))
    return false; // never go on with the service's own rights
  HANDLE target = CreateFileA(request, GENERIC_READ, FILE_SHARE_READ, NULL,
                              OPEN_EXISTING, 0, NULL);
  if (!RevertToSelf())
    ExitProcess(1); // cannot drop the client's identity: stop
  if (target == INVALID_HANDLE_VALUE)
    return false;
  CloseHandle(target);

  const char reply[] = "ok";
  DWORD written = 0;
  return WriteFile(pipe, reply, sizeof(reply), &written, NULL) != FALSE;
}

static bool make_attributes(SECURITY_ATTRIBUTES *sa) {
  sa->nLength = sizeof(*sa);
  sa->bInheritHandle = FALSE;
  return ConvertStringSecurityDescriptorToSecurityDescriptorW(
             kPipeSddl, SDDL_REVISION_1, &sa->lpSecurityDescriptor, NULL) !=
         FALSE;
}

static HANDLE create_ready_event(SECURITY_ATTRIBUTES *sa) {
  return CreateEventW(sa, TRUE, FALSE, L"Global\\contoso-updater-ready");
}

int run_server() {
  SECURITY_ATTRIBUTES sa;
  if (!make_attributes(&sa))
    return 1;
  HANDLE ready = create_ready_event(&sa);
  if (ready == NULL) {
    LocalFree(sa.lpSecurityDescriptor);
    return 1;
  }

  DWORD open_mode = PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE;
  for (;;) {
    HANDLE pipe = CreateNamedPipeW(
        kPipeName, open_mode,
        PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT |
            PIPE_REJECT_REMOTE_CLIENTS,
        PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0, &sa);
    if (pipe == INVALID_HANDLE_VALUE) {
      std::fprintf(stderr, "CreateNamedPipe failed: %lu\n", GetLastError());
      break;
    }
    SetEvent(ready);
    if (ConnectNamedPipe(pipe, NULL) || GetLastError() == ERROR_PIPE_CONNECTED)
      serve_request(pipe);
    DisconnectNamedPipe(pipe);
    CloseHandle(pipe);
  }
  CloseHandle(ready);
  LocalFree(sa.lpSecurityDescriptor);
  return 1;
}
