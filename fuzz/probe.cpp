// probe.cpp: the translation unit the config fuzzer analyses under each
// fuzzed .clang-tidy. Something for every rule to look at, and the names the
// rules' options (IpcFunctions, FlagNames) may list.
#include "win32-min.h"

#define LINK_READ 0x1
#define LINK_WRITE 0x2
namespace net {
enum Channel { Control = 1, Data = 2, Urgent = 4 };
}
bool openChannel(const char *name);
namespace ipc {
class Transport {
public:
  int tryConnect();
};
} // namespace ipc
void open_link(unsigned flags);

void server() {
  HANDLE h = CreateNamedPipeW(L"\\\\.\\pipe\\probe", PIPE_ACCESS_DUPLEX,
                              PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, 512,
                              512, 0, NULL);
  if (h == NULL)
    return;
  ConnectNamedPipe(h, NULL);
  ImpersonateNamedPipeClient(h);
  SECURITY_DESCRIPTOR sd;
  InitializeSecurityDescriptor(&sd, 1);
  SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE);
  SECURITY_ATTRIBUTES sa = {sizeof sa, &sd, FALSE};
  HANDLE m = CreateMutexW(&sa, FALSE, L"Global\\probe");
  RevertToSelf();
  CloseHandle(m);
}

void client() {
  for (;;) {
    HANDLE h = CreateFileW(L"\\\\.\\pipe\\probe", GENERIC_READ, 0, NULL,
                           OPEN_EXISTING, 0, NULL);
    if (h != INVALID_HANDLE_VALUE) {
      CloseHandle(h);
      break;
    }
    WaitNamedPipeW(L"\\\\.\\pipe\\probe", INFINITE);
  }
}

void options(ipc::Transport &t) {
  while (!openChannel("x"))
    Sleep(1);
  while (t.tryConnect() < 0)
    Sleep(1);
  unsigned flags = LINK_READ;
  flags = LINK_WRITE;
  open_link(flags);
  int channels = net::Control;
  channels = net::Urgent;
  open_link(channels);
}
