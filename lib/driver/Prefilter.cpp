//===--- Prefilter.cpp - skip translation units with no IPC code ----------===//
#include "driver/Prefilter.h"
#include "driver/PrefilterHeaders.h"

#include "utils/IpcVocabulary.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

#include <deque>
#include <mutex>

namespace pipelint {
namespace {

using namespace pf;
using clang::tidy::pipelint::utils::GatedNames;
using clang::tidy::pipelint::utils::IpcVocabulary;
using clang::tidy::pipelint::utils::NameUse;

/// What all translation units of the process share.
struct Shared {
  std::mutex Lock;
  std::vector<std::string> Gates;          ///< identifier of gate bit I
  llvm::StringMap<unsigned> GatedNameMask; ///< enumerator -> its gate bits
  std::unique_ptr<HeaderStore> Store;

  Shared() {
    for (const GatedNames &G : IpcVocabulary::get().gated()) {
      unsigned Bit = 1u << Gates.size();
      Gates.push_back(G.Declares.str());
      for (llvm::StringRef N : G.Names)
        GatedNameMask[N] |= Bit;
    }
    Store = std::make_unique<HeaderStore>(Gates);
  }
};

Shared &shared() {
  static Shared S;
  return S;
}

std::string fileName(llvm::StringRef Path) {
  return llvm::sys::path::filename(Path).str();
}

/// One decision.
class Decider {
public:
  Decider(const PrefilterRequest &R, Shared &S)
      : R(R), S(S), Store(*S.Store), V(IpcVocabulary::get()) {
    for (const std::string &N : R.ExtraNames)
      if (!N.empty())
        Extra.insert(N);
  }

  PrefilterDecision run() {
    if (!R.ParseAlwaysReason.empty())
      return {true, R.ParseAlwaysReason};
    // The main file first: most files with IPC code say so there.
    llvm::StringRef Ext = llvm::sys::path::extension(R.File);
    bool GuessCpp = !Ext.equals_insensitive(".c");
    {
      UserSummary Main;
      if (!Store.scanUncached(R.File, GuessCpp, Main))
        return {true, "the file could not be read"};
      if (check(Main, R.File))
        return hit();
      MainIncludes = std::move(Main.Includes);
    }
    std::optional<SearchConfig> C =
        searchConfigFor(R.Arguments, R.Directory, R.HeaderFindings);
    if (!C)
      return {true, "the compile command could not be interpreted"};
    if (C->UsesPch)
      return {true, "a precompiled header is used"};
    Config = &*C;
    for (const std::string &D : C->Defines) {
      UserSummary Define;
      std::string Text = D;
      if (size_t Eq = Text.find('='); Eq != std::string::npos)
        Text[Eq] = ' ';
      Store.scanText(Text, C->CPlusPlus, Define);
      if (check(Define, "-D" + D))
        return hit();
    }
    // -include files: searched from the working folder first.
    for (const std::string &F : C->ForcedIncludes) {
      IncludeDirective D;
      D.Name = F;
      Queue.push_back({D, Includer{R.Directory, -1, false}, true, "-include"});
    }
    Includer Main{llvm::sys::path::parent_path(R.File).str(), -1, false};
    Visited.insert(R.File);
    for (const IncludeDirective &D : MainIncludes)
      Queue.push_back({D, Main, true, fileName(R.File)});
    if (walk())
      return hit();

    if (PendingGates & SeenGates)
      return {true, "mentions a Qt flag enumerator ('" + PendingName +
                        "') with its enum declared"};
    auto Relevant = [&](llvm::StringRef T) {
      return V.use(T) != NameUse::None || S.GatedNameMask.count(T) ||
             Extra.contains(T);
    };
    for (const auto &Cand : Candidates) {
      llvm::StringRef Name = Cand.getKey();
      if (Store.isSystemMacro(Name) &&
          Store.macroReaches(Name, Relevant, Extra.empty()))
        return {true, "mentions '" + Name.str() +
                          "', a system macro that expands to an IPC name"};
    }
    return {false, "no IPC name in " + std::to_string(UserFiles + 1) +
                       " project file(s) and the " +
                       std::to_string(SystemFiles) +
                       " system header(s) they include"};
  }

private:
  struct Pending {
    IncludeDirective D;
    Includer From;
    bool FromUser;
    std::string Where;
  };

  const PrefilterRequest &R;
  Shared &S;
  HeaderStore &Store;
  const IpcVocabulary &V;
  const SearchConfig *Config = nullptr;
  llvm::StringSet<> Extra, Candidates, Visited;
  std::vector<IncludeDirective> MainIncludes;
  std::deque<Pending> Queue;
  unsigned PendingGates = 0, SeenGates = 0;
  std::string PendingName, Reason;
  unsigned UserFiles = 0, SystemFiles = 0;

  PrefilterDecision hit() const { return {true, Reason}; }

  /// Reads project text; true (with Reason set) on a name that matters.
  bool check(const UserSummary &U, llvm::StringRef Where) {
    std::string In = " (" + fileName(Where) + ")";
    if (U.Octal) {
      Reason = "an octal literal, as POSIX modes are written" + In;
      return true;
    }
    if (U.Pastes) {
      Reason = "a #define pastes tokens (##)" + In;
      return true;
    }
    for (const auto &E : U.Identifiers) {
      llvm::StringRef Name = E.getKey();
      NameUse Use = V.use(Name);
      if (Use == NameUse::Anywhere ||
          (Use == NameUse::FreeFunction && (E.getValue() & PlainUse)) ||
          Extra.contains(Name)) {
        Reason = "mentions '" + Name.str() + "'" + In;
        return true;
      }
      if (auto G = S.GatedNameMask.find(Name); G != S.GatedNameMask.end()) {
        PendingGates |= G->second;
        PendingName = Name.str();
      }
      for (size_t I = 0; I < S.Gates.size(); ++I)
        if (Name == S.Gates[I])
          SeenGates |= 1u << I;
      Candidates.insert(Name);
    }
    return false;
  }

  /// Follows the includes; true (with Reason set) when the file must be
  /// parsed.
  bool walk() {
    while (!Queue.empty()) {
      Pending P = std::move(Queue.front());
      Queue.pop_front();
      std::string In = " (" + P.Where + ")";
      if (P.D.Computed) {
        if (P.FromUser) {
          Reason = "an #include names a macro" + In;
          return true;
        }
        continue;
      }
      std::optional<FoundHeader> F = Store.lookup(*Config, P.D, P.From);
      if (!F) {
        if (P.FromUser && !P.D.Conditional) {
          Reason = "'" + P.D.Name + "' was not found" + In;
          return true;
        }
        continue;
      }
      if (!Visited.insert(F->Path).second)
        continue;
      Includer Next{llvm::sys::path::parent_path(F->Path).str(), F->Index,
                    F->System};
      if (F->System) {
        const SystemSummary *Sum = Store.system(F->Path, Config->CPlusPlus);
        if (!Sum)
          continue;
        ++SystemFiles;
        SeenGates |= Sum->GateMask;
        for (const IncludeDirective &D : Sum->Includes)
          Queue.push_back({D, Next, false, ""});
        continue;
      }
      const UserSummary *Sum = Store.user(F->Path, Config->CPlusPlus);
      if (!Sum) {
        Reason = "'" + F->Path + "' could not be read";
        return true;
      }
      ++UserFiles;
      if (check(*Sum, F->Path))
        return true;
      for (const IncludeDirective &D : Sum->Includes)
        Queue.push_back({D, Next, true, fileName(F->Path)});
    }
    return false;
  }
};

} // namespace

PrefilterDecision prefilter(const PrefilterRequest &Request) {
  Shared &S = shared();
  std::lock_guard<std::mutex> Guard(S.Lock);
  return Decider(Request, S).run();
}

} // namespace pipelint
