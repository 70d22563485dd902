//===--- PrefilterHeaders.cpp - the pre-filter's view of headers ----------===//
#include "driver/PrefilterHeaders.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <string.h>

namespace pipelint::pf {
namespace {

/// \p Path joined to \p Base. `..` stays: after a symbolic link (the
/// GCC folders the driver names as /usr/bin/../lib/gcc/... with /lib a link
/// to /usr/lib) only the file system can resolve it.
std::string joinPath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P) && !Base.empty()) {
    llvm::SmallString<256> Joined(Base);
    llvm::sys::path::append(Joined, P);
    P = Joined;
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/false);
  return std::string(P);
}

/// The real path of a search folder; empty when it does not exist.
std::string realDir(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(joinPath(Path, Base), Real) ||
      !llvm::sys::fs::is_directory(Real))
    return "";
  return std::string(Real);
}

bool isInside(llvm::StringRef Path, llvm::StringRef Dir) {
  if (!Path.starts_with(Dir))
    return false;
  return Path.size() == Dir.size() || Dir.ends_with("/") ||
         Path[Dir.size()] == '/';
}

bool isRegularFile(const std::string &Path) {
  llvm::sys::fs::file_status S;
  return !llvm::sys::fs::status(Path, S) &&
         S.type() == llvm::sys::fs::file_type::regular_file;
}

std::unique_ptr<llvm::MemoryBuffer> readFile(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return nullptr;
  return std::move(*Buf);
}

/// Project text: every identifier, with how it is used.
class UserScan : public ScanEvents {
public:
  explicit UserScan(UserSummary &S) : S(S) {}
  void identifier(llvm::StringRef Name, IdentifierContext Where) override {
    S.Identifiers[Name] |= Where == IdentifierContext::Member ? MemberUse
                           : Where == IdentifierContext::Std  ? StdUse
                                                              : PlainUse;
  }
  void define(llvm::StringRef, llvm::ArrayRef<llvm::StringRef>,
              bool Pastes) override {
    S.Pastes |= Pastes;
  }
  void include(const IncludeDirective &D) override { S.Includes.push_back(D); }
  void octalLiteral() override { S.Octal = true; }

private:
  UserSummary &S;
};

} // namespace

/// System headers: macro definitions, includes and gate identifiers.
class SystemHarvest : public ScanEvents {
public:
  SystemHarvest(HeaderStore &Store, SystemSummary &S) : Store(Store), S(S) {}
  void identifier(llvm::StringRef, IdentifierContext) override {}
  void define(llvm::StringRef Name, llvm::ArrayRef<llvm::StringRef> Body,
              bool) override {
    std::vector<llvm::StringRef> Idents;
    Idents.reserve(Body.size());
    for (llvm::StringRef B : Body)
      if (B != Name)
        Idents.push_back(Store.Strings.save(B));
    Store.Macros[Name].push_back(std::move(Idents));
    Added = true;
  }
  void include(const IncludeDirective &D) override { S.Includes.push_back(D); }
  void octalLiteral() override {}
  bool Added = false;

private:
  HeaderStore &Store;
  SystemSummary &S;
};

std::optional<SearchConfig>
searchConfigFor(const std::vector<std::string> &Arguments,
                const std::string &Directory, bool HeaderFindings) {
  if (Arguments.empty())
    return std::nullopt;
  std::vector<const char *> Argv;
  for (const std::string &A : Arguments)
    Argv.push_back(A.c_str());
  clang::CreateInvocationOptions Opts;
  Opts.Diags = new clang::DiagnosticsEngine(
      new clang::DiagnosticIDs(), new clang::DiagnosticOptions(),
      new clang::IgnoringDiagConsumer(), /*ShouldOwnClient=*/true);
  Opts.RecoverOnError = true;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      llvm::vfs::createPhysicalFileSystem();
  if (!Directory.empty())
    FS->setCurrentWorkingDirectory(Directory);
  Opts.VFS = FS;
  std::shared_ptr<clang::CompilerInvocation> CI =
      clang::createInvocation(Argv, Opts);
  if (!CI)
    return std::nullopt;

  SearchConfig C;
  C.CPlusPlus = CI->getLangOpts().CPlusPlus;
  const clang::HeaderSearchOptions &HS = CI->getHeaderSearchOpts();
  std::vector<SearchDir> Quoted, Angled, System, After;
  for (const auto &E : HS.UserEntries) {
    if (E.IsFramework)
      continue;
    std::string Path = E.Path;
    if (!E.IgnoreSysRoot && !HS.Sysroot.empty() && HS.Sysroot != "/")
      Path = HS.Sysroot + Path;
    Path = realDir(Path, Directory);
    if (Path.empty())
      continue; // a folder that does not exist holds no header
    namespace fe = clang::frontend;
    switch (E.Group) {
    case fe::Quoted:
      Quoted.push_back({Path, false});
      break;
    case fe::Angled:
    case fe::IndexHeaderMap:
      Angled.push_back({Path, false});
      break;
    case fe::System:
    case fe::ExternCSystem:
      System.push_back({Path, true});
      break;
    case fe::CSystem:
      if (!C.CPlusPlus)
        System.push_back({Path, true});
      break;
    case fe::CXXSystem:
      if (C.CPlusPlus)
        System.push_back({Path, true});
      break;
    case fe::ObjCSystem:
    case fe::ObjCXXSystem:
      break;
    case fe::After:
      After.push_back({Path, true});
      break;
    }
  }
  // A user folder that is (with findings in headers) or lies inside (without)
  // a system folder is a system folder: clang drops -I duplicates of system
  // folders, and third-party headers installed there (Qt from pkg-config's
  // -I/usr/include/...) are not the project's text.
  auto Classify = [&](std::vector<SearchDir> &Dirs) {
    for (SearchDir &D : Dirs)
      for (const std::vector<SearchDir> *Sys : {&System, &After})
        for (const SearchDir &S : *Sys)
          if (HeaderFindings ? D.Path == S.Path : isInside(D.Path, S.Path))
            D.System = true;
  };
  Classify(Quoted);
  Classify(Angled);
  for (auto *Group : {&Quoted, &Angled, &System, &After}) {
    if (Group == &Angled)
      C.AngledStart = C.Dirs.size();
    C.Dirs.insert(C.Dirs.end(), Group->begin(), Group->end());
  }
  for (const SearchDir &D : C.Dirs)
    C.Key += D.Path + (D.System ? "\x01" : "\x02");
  C.Key += std::to_string(C.AngledStart);

  const clang::PreprocessorOptions &PP = CI->getPreprocessorOpts();
  for (const auto &[Macro, Undef] : PP.Macros)
    if (!Undef)
      C.Defines.push_back(Macro);
  C.ForcedIncludes = PP.Includes;
  C.ForcedIncludes.insert(C.ForcedIncludes.end(), PP.MacroIncludes.begin(),
                          PP.MacroIncludes.end());
  C.UsesPch = !PP.ImplicitPCHInclude.empty();
  return C;
}

HeaderStore::HeaderStore(std::vector<std::string> Gates)
    : Gates(std::move(Gates)) {}

std::optional<FoundHeader> HeaderStore::lookup(const SearchConfig &C,
                                               const IncludeDirective &D,
                                               const Includer &From) {
  // Where the search starts, as clang's HeaderSearch does it.
  bool Relative = !D.Angled && !D.Next;
  unsigned Start = D.Angled ? C.AngledStart : 0;
  if (D.Next && From.Index >= 0)
    Start = static_cast<unsigned>(From.Index) + 1;
  else if (D.Next)
    Start = C.AngledStart; // #include_next outside the search path
  std::string Key = C.Key;
  Key += '\0';
  Key += Relative ? From.Dir : std::string();
  Key += '\0';
  Key += std::to_string(Start);
  Key += Relative && From.System ? "s" : "u";
  Key += '\0';
  Key += D.Name;
  auto [It, Inserted] = Lookups.try_emplace(Key);
  if (!Inserted)
    return It->second;

  std::optional<FoundHeader> Found;
  if (llvm::sys::path::is_absolute(D.Name)) {
    std::string Path = joinPath(D.Name, "");
    if (isRegularFile(Path)) {
      bool System = false;
      for (const SearchDir &S : C.Dirs)
        System |= S.System && isInside(Path, S.Path);
      Found = FoundHeader{Path, -1, System};
    }
  } else {
    if (Relative) {
      std::string Path = joinPath(D.Name, From.Dir);
      if (isRegularFile(Path))
        Found = FoundHeader{Path, -1, From.System};
    }
    for (unsigned I = Start; !Found && I < C.Dirs.size(); ++I) {
      std::string Path = joinPath(D.Name, C.Dirs[I].Path);
      if (isRegularFile(Path))
        Found = FoundHeader{Path, static_cast<int>(I), C.Dirs[I].System};
    }
  }
  Lookups[Key] = Found;
  return Found;
}

bool HeaderStore::scanUncached(const std::string &Path, bool CPlusPlus,
                               UserSummary &Out) {
  std::unique_ptr<llvm::MemoryBuffer> Buf = readFile(Path);
  if (!Buf)
    return false;
  scanText(Buf->getBuffer(), CPlusPlus, Out);
  return true;
}

void HeaderStore::scanText(llvm::StringRef Text, bool CPlusPlus,
                           UserSummary &Out) {
  UserScan Scan(Out);
  scanSource(Text, CPlusPlus, Scan);
}

const UserSummary *HeaderStore::user(const std::string &Path, bool CPlusPlus) {
  std::string Key = Path + (CPlusPlus ? "+" : "c");
  auto It = Users.find(Key);
  if (It != Users.end())
    return It->second.get();
  std::unique_ptr<llvm::MemoryBuffer> Buf = readFile(Path);
  if (!Buf)
    return nullptr;
  auto S = std::make_unique<UserSummary>();
  scanText(Buf->getBuffer(), CPlusPlus, *S);
  return (Users[Key] = std::move(S)).get();
}

const SystemSummary *HeaderStore::system(const std::string &Path,
                                         bool CPlusPlus) {
  auto It = Systems.find(Path);
  if (It != Systems.end())
    return It->second.get();
  std::unique_ptr<llvm::MemoryBuffer> Buf = readFile(Path);
  if (!Buf)
    return nullptr;
  auto S = std::make_unique<SystemSummary>();
  SystemHarvest Harvest(*this, *S);
  scanDirectives(Buf->getBuffer(), CPlusPlus, Harvest);
  // Gates by substring: a superset of their mentions as identifiers.
  llvm::StringRef Text = Buf->getBuffer();
  for (size_t I = 0; I < Gates.size(); ++I)
    if (::memmem(Text.data(), Text.size(), Gates[I].data(), Gates[I].size()))
      S->GateMask |= 1u << I;
  if (Harvest.Added)
    Reaches.clear(); // a new definition may make a "no" wrong
  return (Systems[Path] = std::move(S)).get();
}

bool HeaderStore::macroReaches(
    llvm::StringRef Name, llvm::function_ref<bool(llvm::StringRef)> Relevant,
    bool Memoize) {
  llvm::StringMap<bool> Local;
  Walk W{Relevant, Memoize ? Reaches : Local, {}, 0};
  bool Tainted = false;
  return reaches(Name, W, Tainted);
}

bool HeaderStore::reaches(llvm::StringRef Name, Walk &W, bool &Tainted) {
  auto Known = W.Memo.find(Name);
  if (Known != W.Memo.end())
    return Known->second;
  auto Defs = Macros.find(Name);
  if (Defs == Macros.end())
    return false;
  if (W.InProgress.contains(Name)) {
    Tainted = true; // a cycle: "no" here is provisional
    return false;
  }
  // A pathological macro graph: answer "yes", which only costs a parse.
  if (++W.Steps > 200000 || W.InProgress.size() > 256)
    return true;
  W.InProgress.insert(Name);
  bool Result = false, LocalTaint = false;
  for (const std::vector<llvm::StringRef> &Def : Defs->second) {
    for (llvm::StringRef T : Def)
      if (W.Relevant(T) || reaches(T, W, LocalTaint)) {
        Result = true;
        break;
      }
    if (Result)
      break;
  }
  W.InProgress.erase(Name);
  if (Result || !LocalTaint)
    W.Memo[Name] = Result;
  Tainted |= LocalTaint;
  return Result;
}

} // namespace pipelint::pf
