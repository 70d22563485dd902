// RUN-ARGS: --platform=windows
// The client of the update service, fixed: pipe-lint reports nothing.
#include <windows.h>

#include <cstring>
#include <memory>

static const wchar_t kPipeName[] = L"\\\\.\\pipe\\contoso-updater";

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
  if (write)
    access |= GENERIC_WRITE;
  return access;
}

static HANDLE connect_to_service(bool write) {
  const DWORD kAttempts = 5;
  for (DWORD attempt = 0; attempt < kAttempts; ++attempt) {
    // Identification only: the server may check who we are, not act as us.
    HANDLE pipe = CreateFileW(kPipeName, access_for(write), 0, NULL,
                              OPEN_EXISTING,
                              SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION,
                              NULL);
    if (pipe != INVALID_HANDLE_VALUE)
      return pipe;
    if (GetLastError() != ERROR_PIPE_BUSY)
      Sleep(100);
    else if (!WaitNamedPipeW(kPipeName, 2000))
      break;
  }
  return INVALID_HANDLE_VALUE;
}

int ask_service(const char *path, char *answer, DWORD size) {
  HANDLE pipe = connect_to_service(true);
  if (pipe == INVALID_HANDLE_VALUE)
    return 1;
  DWORD written = 0;
  if (!WriteFile(pipe, path, static_cast<DWORD>(std::strlen(path)), &written,
                 NULL)) {
    CloseHandle(pipe);
    return 1;
  }
  std::unique_ptr<PipeReader> reader(new PipeReader(pipe));
  bool ok = reader->read_line(answer, size);
  CloseHandle(pipe);
  return ok ? 0 : 1;
}
