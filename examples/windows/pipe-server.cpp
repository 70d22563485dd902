// RUN-ARGS: --platform=windows
// An update service's named-pipe server, as it is too often written.
// `pipe-lint --platform=windows examples/windows/pipe-server.cpp` reports the
// defects marked with CHECK (the form pipe-lint's own tests read); the fixed
// version is in fixed/pipe-server.cpp.
#include <windows.h>

#include <cstdio>
#include <cstring>

static const wchar_t kPipeName[] = L"\\\\.\\pipe\\contoso-updater";

// Handles one request with the client's identity.
static bool serve_request(HANDLE pipe) {
  char request[512];
  DWORD read = 0;
  if (!ReadFile(pipe, request, sizeof(request) - 1, &read, NULL))
    return false;
  request[read] = '\0';

  ImpersonateNamedPipeClient(pipe); // CHECK: ipc-unchecked-impersonation error
  // The rest runs as the client... unless impersonation failed.
  HANDLE target = CreateFileA(request, GENERIC_READ, FILE_SHARE_READ, NULL,
                              OPEN_EXISTING, 0, NULL);
  RevertToSelf(); // CHECK: ipc-unchecked-impersonation warning
  if (target == INVALID_HANDLE_VALUE)
    return false;
  CloseHandle(target);

  const char reply[] = "ok";
  DWORD written = 0;
  return WriteFile(pipe, reply, sizeof(reply), &written, NULL) != FALSE;
}

// A named event that tells clients the service is up.
static HANDLE create_ready_event() {
  SECURITY_DESCRIPTOR sd;
  InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
  // "Allow everything" - a NULL DACL grants Everyone full control.
  SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE); // CHECK: ipc-null-dacl error
  SECURITY_ATTRIBUTES sa = {sizeof(sa), &sd, FALSE};
  return CreateEventW(&sa, TRUE, FALSE, L"Global\\contoso-updater-ready");
}

int run_server() {
  HANDLE ready = create_ready_event();
  if (ready == NULL)
    return 1;

  for (;;) {
    HANDLE pipe = CreateNamedPipeW(kPipeName, PIPE_ACCESS_DUPLEX,
                                   PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE |
                                       PIPE_WAIT,
                                   PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0,
                                   NULL);
    // CHECK@-5: ipc-leaked-pipe-handle warning
    // CHECK@-6: ipc-pipe-instance-squatting warning
    // CHECK@-6: ipc-pipe-remote-clients warning
    // CHECK@-4: ipc-null-security-attributes warning
    if (pipe == NULL) { // CHECK: ipc-invalid-handle-check warning
      std::fprintf(stderr, "CreateNamedPipe failed: %lu\n", GetLastError());
      return 1;
    }
    SetEvent(ready);
    if (!ConnectNamedPipe(pipe, NULL) && GetLastError() != ERROR_PIPE_CONNECTED)
      continue;
    if (!serve_request(pipe)) {
      std::fprintf(stderr, "request failed\n");
      return 1;
    }
    DisconnectNamedPipe(pipe);
    CloseHandle(pipe);
  }
}
