// RUN-ARGS: --platform=windows
// The client of the update service, as it is too often written.
// `pipe-lint --platform=windows examples/windows/pipe-client.cpp` reports the
// defects marked with CHECK; the fixed version is in fixed/pipe-client.cpp.
#include <windows.h>

#include <cstring>

static const wchar_t kPipeName[] = L"\\\\.\\pipe\\contoso-updater";

// Buffers what the client reads from the pipe.
class PipeReader {
public:
  explicit PipeReader(HANDLE pipe) : pipe_(pipe) {}
  bool read_line(char *out, DWORD size) {
    DWORD got = 0;
    if (!ReadFile(pipe_, out, size - 1, &got, NULL))
      return false;
    out[got] = '\0';
    return true;
  }

private:
  HANDLE pipe_;
};

static DWORD access_for(bool write) {
  DWORD access = GENERIC_READ;
  access = GENERIC_WRITE; // CHECK: ipc-overwritten-access-flags warning
  // CHECK-FIX@-1: access |= GENERIC_WRITE;
  if (!write)
    access &= ~GENERIC_WRITE;
  return access;
}

static HANDLE connect_to_service(bool write) {
  for (;;) { // CHECK: ipc-unbounded-retry-loop warning
    // NULL security attributes are right for a client that opens a pipe:
    // pipe-lint does not report them.
    HANDLE pipe = CreateFileW(kPipeName, access_for(write), 0, NULL,
                              OPEN_EXISTING, 0, NULL);
    // CHECK@-1: ipc-pipe-client-impersonation warning
    // CHECK-FIX@-2: OPEN_EXISTING, SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, NULL);
    if (pipe != INVALID_HANDLE_VALUE)
      return pipe;
    if (GetLastError() != ERROR_PIPE_BUSY)
      Sleep(100); // the server is not up yet: try again
    else
      WaitNamedPipeW(kPipeName, 2000);
  }
}

int ask_service(const char *path, char *answer, DWORD size) {
  HANDLE pipe = connect_to_service(true);
  DWORD written = 0;
  if (!WriteFile(pipe, path, static_cast<DWORD>(std::strlen(path)), &written,
                 NULL)) {
    CloseHandle(pipe);
    return 1;
  }
  PipeReader *reader = new PipeReader(pipe); // CHECK: ipc-leaked-pipe-object:24
  if (!reader->read_line(answer, size)) {
    CloseHandle(pipe);
    return 1; // the reader is lost here
    // CHECK-NOTE@-1: {{'reader' still owns the object when the function returns here}}
  }
  delete reader;
  CloseHandle(pipe);
  return 0;
}
