/* win32-min.h: a few Win32 declarations written for the fuzzer's seeds, so
   that an input reaches the rules without parsing <windows.h> (which takes a
   second). bench/fuzz.sh puts this text in place of `#include <windows.h>`
   in the seeds made from test/fixtures. Valid C and C++. */
typedef void *HANDLE;
typedef unsigned long DWORD;
typedef int BOOL;
#ifdef __cplusplus
typedef wchar_t WCHAR;
#else
typedef __WCHAR_TYPE__ WCHAR;
#endif
typedef const char *LPCSTR;
typedef const WCHAR *LPCWSTR;
typedef void *PSECURITY_DESCRIPTOR;
typedef void *PACL;
typedef struct _SECURITY_ATTRIBUTES {
  DWORD nLength;
  void *lpSecurityDescriptor;
  BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;
typedef struct _OVERLAPPED {
  DWORD Internal;
  HANDLE hEvent;
} OVERLAPPED;
typedef struct _SECURITY_DESCRIPTOR {
  DWORD Control;
} SECURITY_DESCRIPTOR;
#ifndef NULL
#define NULL 0
#endif
#define TRUE 1
#define FALSE 0
#define INVALID_HANDLE_VALUE ((HANDLE)(long long)-1)
#define GENERIC_READ 0x80000000UL
#define GENERIC_WRITE 0x40000000UL
#define FILE_SHARE_READ 0x1
#define FILE_SHARE_WRITE 0x2
#define OPEN_EXISTING 3
#define CREATE_ALWAYS 2
#define FILE_ATTRIBUTE_NORMAL 0x80
#define FILE_FLAG_OVERLAPPED 0x40000000
#define FILE_FLAG_FIRST_PIPE_INSTANCE 0x00080000
#define SECURITY_SQOS_PRESENT 0x00100000
#define SECURITY_IDENTIFICATION (1 << 16)
#define SECURITY_IMPERSONATION (2 << 16)
#define PIPE_ACCESS_INBOUND 0x1
#define PIPE_ACCESS_OUTBOUND 0x2
#define PIPE_ACCESS_DUPLEX 0x3
#define PIPE_TYPE_BYTE 0x0
#define PIPE_TYPE_MESSAGE 0x4
#define PIPE_READMODE_BYTE 0x0
#define PIPE_READMODE_MESSAGE 0x2
#define PIPE_WAIT 0x0
#define PIPE_NOWAIT 0x1
#define PIPE_ACCEPT_REMOTE_CLIENTS 0x0
#define PIPE_REJECT_REMOTE_CLIENTS 0x8
#define PIPE_UNLIMITED_INSTANCES 255
#define PAGE_READWRITE 0x4
#define INFINITE 0xFFFFFFFF
#define ERROR_PIPE_BUSY 231
#define ERROR_PIPE_CONNECTED 535
#define SDDL_REVISION_1 1
#define TEXT(s) L##s
HANDLE CreateNamedPipeW(LPCWSTR, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD,
                        LPSECURITY_ATTRIBUTES);
HANDLE CreateNamedPipeA(LPCSTR, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD,
                        LPSECURITY_ATTRIBUTES);
#define CreateNamedPipe CreateNamedPipeW
HANDLE CreateFileW(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD,
                   HANDLE);
HANDLE CreateFileA(LPCSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD,
                   HANDLE);
#define CreateFile CreateFileW
HANDLE CreateMailslotW(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES);
HANDLE CreateMutexW(LPSECURITY_ATTRIBUTES, BOOL, LPCWSTR);
HANDLE CreateEventW(LPSECURITY_ATTRIBUTES, BOOL, BOOL, LPCWSTR);
HANDLE CreateSemaphoreW(LPSECURITY_ATTRIBUTES, long, long, LPCWSTR);
HANDLE CreateFileMappingW(HANDLE, LPSECURITY_ATTRIBUTES, DWORD, DWORD, DWORD,
                          LPCWSTR);
BOOL CreatePipe(HANDLE *, HANDLE *, LPSECURITY_ATTRIBUTES, DWORD);
BOOL ConnectNamedPipe(HANDLE, OVERLAPPED *);
BOOL DisconnectNamedPipe(HANDLE);
BOOL WaitNamedPipeW(LPCWSTR, DWORD);
BOOL WaitNamedPipeA(LPCSTR, DWORD);
#define WaitNamedPipe WaitNamedPipeW
BOOL SetNamedPipeHandleState(HANDLE, DWORD *, DWORD *, DWORD *);
BOOL ImpersonateNamedPipeClient(HANDLE);
BOOL ImpersonateLoggedOnUser(HANDLE);
BOOL RevertToSelf(void);
BOOL CloseHandle(HANDLE);
DWORD GetLastError(void);
void Sleep(DWORD);
void ExitProcess(unsigned);
BOOL FlushFileBuffers(HANDLE);
BOOL ReadFile(HANDLE, void *, DWORD, DWORD *, OVERLAPPED *);
BOOL WriteFile(HANDLE, const void *, DWORD, DWORD *, OVERLAPPED *);
DWORD WaitForSingleObject(HANDLE, DWORD);
BOOL InitializeSecurityDescriptor(PSECURITY_DESCRIPTOR, DWORD);
BOOL SetSecurityDescriptorDacl(PSECURITY_DESCRIPTOR, BOOL, PACL, BOOL);
BOOL ConvertStringSecurityDescriptorToSecurityDescriptorW(
    LPCWSTR, DWORD, PSECURITY_DESCRIPTOR *, DWORD *);
void *LocalFree(void *);
long RpcImpersonateClient(void *);
long RpcRevertToSelf(void);
