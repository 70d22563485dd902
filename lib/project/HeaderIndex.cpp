//===--- HeaderIndex.cpp - the files of a checkout, by name ---------------===//
#include "project/HeaderIndex.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace pipelint::project {

namespace {

std::vector<llvm::StringRef> splitPath(llvm::StringRef Path) {
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  Path.split(Parts, '/', -1, /*KeepEmpty=*/false);
  return std::vector<llvm::StringRef>(Parts.begin(), Parts.end());
}

bool sameName(llvm::StringRef A, llvm::StringRef B, bool CaseInsensitive) {
  return CaseInsensitive ? A.equals_insensitive(B) : A == B;
}

} // namespace

std::vector<std::string> includeComponents(llvm::StringRef Spelled) {
  std::string Slashed = Spelled.trim().str();
  std::replace(Slashed.begin(), Slashed.end(), '\\', '/');
  std::vector<std::string> Out;
  for (llvm::StringRef Part : splitPath(Slashed)) {
    if (Part == ".")
      continue;
    if (Part == ".." && !Out.empty() && Out.back() != "..") {
      Out.pop_back();
      continue;
    }
    Out.push_back(Part.str());
  }
  return Out;
}

bool isIncludableFileName(llvm::StringRef Name) {
  // A template the build writes a header from (version.h.in, config.h.cmake).
  if (Name.ends_with_insensitive(".mc"))
    return true; // the message compiler's source of a header
  for (llvm::StringRef Suffix : {".in", ".cmake", ".meson", ".template"})
    if (Name.consume_back(Suffix))
      return Name.ends_with(".h") || isIncludableFileName(Name);
  llvm::StringRef Ext = llvm::sys::path::extension(Name);
  if (Ext.empty())
    return false;
  std::string Lower = Ext.drop_front().lower();
  return llvm::is_contained(
      std::initializer_list<llvm::StringRef>{
          "h", "hh", "hpp", "hxx", "h++", "inl", "inc", "ipp", "tcc", "tpp",
          "ixx", "def", "c", "cc", "cpp", "cxx", "c++"},
      Lower);
}

bool HeaderIndex::build(const std::string &TheRoot, size_t MaxFiles) {
  Root = TheRoot;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Root, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (It->type() == llvm::sys::fs::file_type::directory_file) {
      if (Name == ".git" || Name == ".hg" || Name == ".svn")
        It.no_push();
      continue;
    }
    if (!isIncludableFileName(Name))
      continue;
    if (Files.size() >= MaxFiles)
      return false;
    add(It->path());
  }
  return true;
}

void HeaderIndex::add(const std::string &Path) {
  ByName[llvm::sys::path::filename(Path).lower()].push_back(Files.size());
  Files.push_back(Path);
}

std::vector<std::string> HeaderIndex::named(llvm::StringRef LowerName) const {
  std::vector<std::string> Out;
  auto It = ByName.find(LowerName);
  if (It != ByName.end())
    for (size_t I : It->second)
      Out.push_back(Files[I]);
  return Out;
}

std::vector<HeaderIndex::Candidate>
HeaderIndex::resolve(llvm::StringRef Spelled, llvm::StringRef IncluderDir,
                     bool CaseInsensitive) const {
  std::vector<std::string> Comps = includeComponents(Spelled);
  // Leading `..` components only say where to start from the includer.
  size_t Ups = 0;
  while (Ups < Comps.size() && Comps[Ups] == "..")
    ++Ups;
  std::vector<std::string> Tail(Comps.begin() + Ups, Comps.end());
  if (Tail.empty())
    return {};
  auto Found = ByName.find(llvm::StringRef(Tail.back()).lower());
  if (Found == ByName.end())
    return {};

  // The folder a relative include names (includer/../x.h): preferred.
  std::vector<llvm::StringRef> From = splitPath(IncluderDir);
  std::vector<llvm::StringRef> Start = From;
  Start.resize(From.size() >= Ups ? From.size() - Ups : 0);

  struct Scored {
    Candidate C;
    bool Relative = false;
    size_t Depth = 0;
  };
  std::vector<Scored> All;
  for (size_t Index : Found->second) {
    const std::string &Path = Files[Index];
    std::vector<llvm::StringRef> Parts = splitPath(Path);
    Scored S;
    S.C.Path = Path;
    S.Depth = Parts.size();
    for (size_t I = 0; I < Tail.size() && I < Parts.size(); ++I) {
      llvm::StringRef Want = Tail[Tail.size() - 1 - I];
      llvm::StringRef Have = Parts[Parts.size() - 1 - I];
      if (!sameName(Want, Have, CaseInsensitive))
        break;
      ++S.C.Matched;
      S.C.ExactCase = S.C.ExactCase && Want == Have;
    }
    if (S.C.Matched == 0)
      continue;
    size_t DirParts = Parts.size() - 1;
    while (S.C.Common < DirParts && S.C.Common < From.size() &&
           Parts[S.C.Common] == From[S.C.Common])
      ++S.C.Common;
    // Exactly the includer-relative path (up to case)?
    if (S.C.Matched == Tail.size() &&
        Parts.size() == Start.size() + Tail.size())
      S.Relative = std::equal(Start.begin(), Start.end(), Parts.begin());
    All.push_back(std::move(S));
  }
  std::sort(All.begin(), All.end(), [](const Scored &A, const Scored &B) {
    if (A.Relative != B.Relative)
      return A.Relative;
    if (A.C.Matched != B.C.Matched)
      return A.C.Matched > B.C.Matched;
    if (A.C.ExactCase != B.C.ExactCase)
      return A.C.ExactCase;
    if (A.C.Common != B.C.Common)
      return A.C.Common > B.C.Common;
    if (A.Depth != B.Depth)
      return A.Depth < B.Depth;
    return A.C.Path < B.C.Path;
  });
  std::vector<Candidate> Out;
  for (Scored &S : All) {
    // Only the longest suffix counts (an includer-relative match aside).
    if (!Out.empty() && !S.Relative && S.C.Matched < All.front().C.Matched)
      break;
    Out.push_back(std::move(S.C));
  }
  return Out;
}

} // namespace pipelint::project
