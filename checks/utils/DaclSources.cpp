//===--- DaclSources.cpp - where a DACL's ACEs come from in the code ------===//
#include "utils/DaclSources.h"
#include "utils/DaclApi.h"
#include "utils/PipeNames.h"
#include "utils/PosixIpc.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include <functional>

namespace clang::tidy::pipelint::utils {
namespace {

const Expr *stripped(const Expr *E) {
  return E ? E->IgnoreParenCasts() : nullptr;
}

/// The variable \p E names, through casts and one `&`.
const VarDecl *varOf(const Expr *E) {
  E = stripped(E);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = stripped(U->getSubExpr());
  if (const auto *D = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(D->getDecl());
  return nullptr;
}

/// True when \p A and \p B name the same storage: one variable, or one
/// member (`.`/`->`) of the same storage.
bool sameStorage(const Expr *A, const Expr *B) {
  A = stripped(A);
  B = stripped(B);
  if (const auto *DA = dyn_cast_or_null<DeclRefExpr>(A)) {
    const auto *DB = dyn_cast_or_null<DeclRefExpr>(B);
    return DB && DA->getDecl() == DB->getDecl();
  }
  if (const auto *MA = dyn_cast_or_null<MemberExpr>(A)) {
    const auto *MB = dyn_cast_or_null<MemberExpr>(B);
    return MB && MA->getMemberDecl() == MB->getMemberDecl() &&
           MA->isArrow() == MB->isArrow() &&
           sameStorage(MA->getBase(), MB->getBase());
  }
  return false;
}

/// For `&x`, x; otherwise null.
const Expr *addressee(const Expr *E) {
  const auto *U = dyn_cast_or_null<UnaryOperator>(stripped(E));
  return U && U->getOpcode() == UO_AddrOf ? U->getSubExpr() : nullptr;
}

/// The variable at the root of `v`, `v.a`, `p->a.b`; null for others.
const VarDecl *rootVar(const Expr *E) {
  E = stripped(E);
  while (const auto *M = dyn_cast_or_null<MemberExpr>(E))
    E = stripped(M->getBase());
  const auto *D = dyn_cast_or_null<DeclRefExpr>(E);
  return D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
}

void visitStmt(const Stmt *S, llvm::function_ref<void(const Stmt *)> Visit) {
  if (!S)
    return;
  if (isa<CallExpr>(S) || isa<DeclStmt>(S))
    Visit(S);
  else if (const auto *B = dyn_cast<BinaryOperator>(S);
           B && B->getOpcode() == BO_Assign)
    Visit(S);
  for (const Stmt *Child : S->children())
    visitStmt(Child, Visit);
}

/// `var`, `var[i]`, `var.a.b`, `var[i].a.b`, `&...` of those.
struct AccessPath {
  const VarDecl *Var = nullptr;
  int64_t Index = 0;
  bool IndexKnown = true;
  std::string Fields; ///< "Trustee.ptstrName"; empty for the entry itself
};

std::optional<AccessPath> accessPath(const Expr *E, ASTContext &Ctx) {
  E = stripped(E);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = stripped(U->getSubExpr());
  llvm::SmallVector<llvm::StringRef, 3> Names;
  while (const auto *M = dyn_cast_or_null<MemberExpr>(E)) {
    if (M->isArrow() || !M->getMemberDecl()->getIdentifier())
      return std::nullopt;
    Names.push_back(M->getMemberDecl()->getName());
    E = stripped(M->getBase());
  }
  AccessPath P;
  if (const auto *A = dyn_cast_or_null<ArraySubscriptExpr>(E)) {
    Expr::EvalResult R;
    P.IndexKnown = A->getIdx()->EvaluateAsInt(R, Ctx);
    if (P.IndexKnown)
      P.Index = R.Val.getInt().getExtValue();
    E = stripped(A->getBase());
  }
  const auto *D = dyn_cast_or_null<DeclRefExpr>(E);
  if (!D || !(P.Var = dyn_cast<VarDecl>(D->getDecl())))
    return std::nullopt;
  for (auto It = Names.rbegin(); It != Names.rend(); ++It)
    P.Fields += (P.Fields.empty() ? "" : ".") + It->str();
  return P;
}

/// Sets \p Slot to \p Value, or marks \p Entry unknown when another store
/// with a different value was seen.
void store(ExplicitEntry &Entry, const Expr *&Slot, const Expr *Value,
           ASTContext &Ctx) {
  if (Slot && Slot != Value) {
    std::optional<uint64_t> A = constantValue(Slot, Ctx),
                            B = constantValue(Value, Ctx);
    if (!A || !B || *A != *B)
      Entry.Unknown = true;
  }
  Slot = Value;
}

void storeField(ExplicitEntry &Entry, llvm::StringRef Field, const Expr *Value,
                SourceLocation Loc, ASTContext &Ctx) {
  if (Field == "grfAccessPermissions") {
    store(Entry, Entry.Permissions, Value, Ctx);
    Entry.ReportAt = Loc;
  } else if (Field == "grfAccessMode") {
    store(Entry, Entry.Mode, Value, Ctx);
  } else if (Field == "Trustee.TrusteeForm") {
    store(Entry, Entry.Form, Value, Ctx);
  } else if (Field == "Trustee.ptstrName") {
    store(Entry, Entry.Trustee, Value, Ctx);
  } else if (Field.empty() || Field == "Trustee") {
    Entry.Unknown = true; // a whole-struct copy
  }
}

/// The stores of an initialiser list into the entries.
void storeInit(const Expr *Init, int64_t Index, llvm::StringRef Prefix,
               llvm::SmallVectorImpl<ExplicitEntry> &Entries, ASTContext &Ctx) {
  const auto *ILE = dyn_cast_or_null<InitListExpr>(stripped(Init));
  if (!ILE)
    return;
  QualType T = ILE->getType();
  if (T->isArrayType()) {
    for (unsigned I = 0; I < ILE->getNumInits(); ++I)
      storeInit(ILE->getInit(I), I, Prefix, Entries, Ctx);
    return;
  }
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD || Index < 0 || static_cast<size_t>(Index) >= Entries.size())
    return;
  unsigned I = 0;
  for (const FieldDecl *FD : RD->fields()) {
    if (I >= ILE->getNumInits())
      break;
    const Expr *V = ILE->getInit(I++);
    std::string Path =
        (Prefix.empty() ? "" : Prefix.str() + ".") + FD->getName().str();
    if (isa<InitListExpr>(stripped(V)) &&
        stripped(V)->getType()->isRecordType()) {
      storeInit(V, Index, Path, Entries, Ctx);
      continue;
    }
    if (isa<ImplicitValueInitExpr>(V))
      continue;
    storeField(Entries[Index], Path, V, V->getBeginLoc(), Ctx);
  }
}

std::optional<uint64_t> authorityOf(const Expr *E, ASTContext &Ctx) {
  const VarDecl *V = varOf(E);
  const Expr *Init = V ? V->getAnyInitializer() : nullptr;
  // SID_IDENTIFIER_AUTHORITY { BYTE Value[6]; }: {{0,0,0,0,0,1}}.
  const auto *ILE = dyn_cast_or_null<InitListExpr>(stripped(Init));
  while (ILE && ILE->getNumInits() == 1)
    ILE = dyn_cast<InitListExpr>(stripped(ILE->getInit(0)));
  if (!ILE || ILE->getNumInits() != 6)
    return std::nullopt;
  uint64_t Value = 0;
  for (unsigned I = 0; I < 6; ++I) {
    std::optional<uint64_t> B = constantValue(ILE->getInit(I), Ctx);
    if (!B || *B > 0xFF)
      return std::nullopt;
    Value = Value << 8 | *B;
  }
  return Value;
}

/// The SID a SID-making call writes, when its output argument is \p Var.
std::optional<std::string> sidMadeBy(const CallExpr *C, const Expr *Target,
                                     ASTContext &Ctx, bool &Writes) {
  DaclCall K = classifyDaclCall(resolveCallee(C));
  Writes = false;
  switch (K) {
  case DaclCall::AllocateSid: {
    if (C->getNumArgs() != 11 || !sameStorage(addressee(C->getArg(10)), Target))
      return std::nullopt;
    Writes = true;
    std::optional<uint64_t> Auth = authorityOf(C->getArg(0), Ctx);
    std::optional<uint64_t> N = constantValue(C->getArg(1), Ctx);
    if (!Auth || !N || *N > 8)
      return std::nullopt;
    std::vector<uint32_t> Subs;
    for (unsigned I = 0; I < *N; ++I) {
      std::optional<uint64_t> S = constantValue(C->getArg(2 + I), Ctx);
      if (!S)
        return std::nullopt;
      Subs.push_back(static_cast<uint32_t>(*S));
    }
    return sd::sidFromParts(*Auth, Subs);
  }
  case DaclCall::WellKnownSid: {
    if (C->getNumArgs() != 4 || !sameStorage(C->getArg(2), Target))
      return std::nullopt;
    Writes = true;
    std::optional<uint64_t> Type = constantValue(C->getArg(0), Ctx);
    return Type ? wellKnownSid(*Type) : std::nullopt;
  }
  case DaclCall::StringToSid: {
    if (C->getNumArgs() != 2 || !sameStorage(addressee(C->getArg(1)), Target))
      return std::nullopt;
    Writes = true;
    std::optional<std::string> S = exactStringValue(C->getArg(0), Ctx);
    return S ? sd::parseSidField(*S) : std::nullopt;
  }
  default:
    return std::nullopt;
  }
}

} // namespace

void forEachCallAndStore(const FunctionDecl *F,
                         llvm::function_ref<void(const Stmt *)> Visit) {
  if (F && F->hasBody())
    visitStmt(F->getBody(), Visit);
}

namespace {

std::optional<std::string> sidOf(const Expr *E, const FunctionDecl *F,
                                 ASTContext &Ctx, unsigned Depth);

/// The SID every `return` of helper \p G gives back, when they agree.
std::optional<std::string> sidReturnedBy(const FunctionDecl *G, ASTContext &Ctx,
                                         unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!G || Depth > 1 || !G->hasBody(Def) || !Def)
    return std::nullopt;
  std::optional<std::string> Sid;
  bool Known = true, Any = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || !Known)
      return;
    if (const auto *R = dyn_cast<ReturnStmt>(S)) {
      std::optional<std::string> This =
          sidOf(R->getRetValue(), Def, Ctx, Depth + 1);
      Known = This && (!Any || This == Sid);
      Any = true;
      Sid = This;
      return;
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Def->getBody());
  return Known && Any ? Sid : std::nullopt;
}

std::optional<std::string> sidOf(const Expr *E, const FunctionDecl *F,
                                 ASTContext &Ctx, unsigned Depth) {
  E = stripped(E);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    return sidReturnedBy(Call->getDirectCallee(), Ctx, Depth);
  // A local variable or parameter, or a member reached from one
  // (`d->sid`): the stores this function makes decide.
  const VarDecl *Root = rootVar(E);
  if (!Root || !Root->hasLocalStorage())
    return std::nullopt;
  std::optional<std::string> Sid;
  bool Known = true, Any = false;
  auto Add = [&](std::optional<std::string> This) {
    Known = Known && This && (!Any || This == Sid);
    Any = true;
    Sid = This;
  };
  if (const Expr *Init = isa<DeclRefExpr>(E) ? Root->getInit() : nullptr;
      Init && !isNullConstant(Init, Ctx) && !isa<InitListExpr>(Init) &&
      !Root->getType()->isArrayType())
    Add(sidOf(Init, F, Ctx, Depth));
  forEachCallAndStore(F, [&](const Stmt *S) {
    if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      if (sameStorage(B->getLHS(), E))
        Add(isNullConstant(B->getRHS(), Ctx)
                ? std::nullopt
                : sidOf(B->getRHS(), F, Ctx, Depth));
      return;
    }
    const auto *C = dyn_cast<CallExpr>(S);
    if (!C)
      return;
    bool Writes = false;
    std::optional<std::string> This = sidMadeBy(C, E, Ctx, Writes);
    if (Writes) {
      Add(This);
      return;
    }
    // &E handed to anything else may change it.
    for (const Expr *Arg : C->arguments())
      if (sameStorage(addressee(Arg), E) && !isZeroFillCallee(resolveCallee(C)))
        Known = false;
  });
  return Known && Any ? Sid : std::nullopt;
}

} // namespace

std::optional<std::string> sidOfExpr(const Expr *E, const FunctionDecl *F,
                                     ASTContext &Ctx) {
  return sidOf(E, F, Ctx, 0);
}

std::optional<llvm::SmallVector<ExplicitEntry, 4>>
explicitEntries(const Expr *Entries, uint64_t Count, const FunctionDecl *F,
                ASTContext &Ctx) {
  std::optional<AccessPath> Base = accessPath(Entries, Ctx);
  if (!Base || !Base->IndexKnown || !Base->Fields.empty() || Count > 64 ||
      Base->Index < 0 || Base->Index > 64 ||
      !Base->Var->isLocalVarDeclOrParm() || isa<ParmVarDecl>(Base->Var))
    return std::nullopt;
  const VarDecl *Var = Base->Var;
  int64_t First = Base->Index;
  llvm::SmallVector<ExplicitEntry, 4> All(First + Count);
  if (const Expr *Init = Var->getInit())
    storeInit(Init, 0, "", All, Ctx);
  auto EntryOf = [&](const AccessPath &P) -> ExplicitEntry * {
    if (!P.IndexKnown) {
      for (ExplicitEntry &E : All)
        E.Unknown = true;
      return nullptr;
    }
    if (P.Index < 0 || static_cast<size_t>(P.Index) >= All.size())
      return nullptr;
    return &All[P.Index];
  };
  forEachCallAndStore(F, [&](const Stmt *S) {
    if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      std::optional<AccessPath> P = accessPath(B->getLHS(), Ctx);
      if (!P || P->Var != Var)
        return;
      if (ExplicitEntry *E = EntryOf(*P))
        storeField(*E, P->Fields, B->getRHS(), B->getBeginLoc(), Ctx);
      return;
    }
    const auto *C = dyn_cast<CallExpr>(S);
    if (!C || C->getNumArgs() < 2)
      return;
    DaclCall K = classifyDaclCall(resolveCallee(C));
    std::optional<AccessPath> P = accessPath(C->getArg(0), Ctx);
    if (!P || P->Var != Var)
      return;
    ExplicitEntry *E = EntryOf(*P);
    if (!E)
      return;
    if (K == DaclCall::BuildExplicitAccess && P->Fields.empty() &&
        C->getNumArgs() == 5) {
      store(*E, E->Trustee, C->getArg(1), Ctx);
      store(*E, E->Permissions, C->getArg(2), Ctx);
      store(*E, E->Mode, C->getArg(3), Ctx);
      E->ReportAt = C->getBeginLoc();
      E->FormIsName = true;
    } else if ((K == DaclCall::BuildTrusteeWithSid ||
                K == DaclCall::BuildTrusteeWithName) &&
               P->Fields == "Trustee") {
      store(*E, E->Trustee, C->getArg(1), Ctx);
      (K == DaclCall::BuildTrusteeWithSid ? E->FormIsSid : E->FormIsName) =
          true;
    } else if (!isZeroFillCallee(resolveCallee(C)) &&
               K != DaclCall::SetEntriesInAcl) {
      // Handed to a function that may fill it in a way not followed.
      E->Unknown = true;
    }
  });
  All.erase(All.begin(), All.begin() + First);
  return All;
}

llvm::SmallVector<const CallExpr *, 4>
aceCallsOnSameAcl(const CallExpr *Call, const FunctionDecl *F) {
  llvm::SmallVector<const CallExpr *, 4> Out;
  const VarDecl *Acl = Call->getNumArgs() ? varOf(Call->getArg(0)) : nullptr;
  if (!Acl) {
    Out.push_back(Call);
    return Out;
  }
  forEachCallAndStore(F, [&](const Stmt *S) {
    const auto *C = dyn_cast<CallExpr>(S);
    if (!C || !C->getNumArgs())
      return;
    switch (classifyDaclCall(resolveCallee(C))) {
    case DaclCall::AddAllowedAce:
    case DaclCall::AddAllowedAceEx:
    case DaclCall::AddDeniedAce:
    case DaclCall::AddDeniedAceEx:
      if (varOf(C->getArg(0)) == Acl)
        Out.push_back(C);
      break;
    default:
      break;
    }
  });
  return Out;
}

CreatedObject objectCreatedIn(const FunctionDecl *F, ASTContext &Ctx) {
  CreatedObject Out;
  bool Mixed = false, Unnamed = false;
  forEachCallAndStore(F, [&](const Stmt *S) {
    const auto *C = dyn_cast<CallExpr>(S);
    if (!C)
      return;
    const Win32Function *W = lookupCreatingFunction(resolveCallee(C));
    if (!W)
      return;
    // An unnamed mutex, event, ... is not shared by name: its descriptor
    // matters little.
    if (W->NamedOnly && W->NameArg >= 0 &&
        static_cast<unsigned>(W->NameArg) < C->getNumArgs() &&
        isNullConstant(C->getArg(W->NameArg), Ctx)) {
      Unnamed = true;
      return;
    }
    sd::Securable K;
    switch (W->Kind) {
    case ObjectKind::NamedPipe:
      K = sd::Securable::Pipe;
      break;
    case ObjectKind::Mailslot:
      K = sd::Securable::File;
      break;
    case ObjectKind::FileMapping:
      K = sd::Securable::Section;
      break;
    case ObjectKind::Mutex:
      K = sd::Securable::Mutex;
      break;
    case ObjectKind::Event:
      K = sd::Securable::Event;
      break;
    case ObjectKind::Semaphore:
      K = sd::Securable::Semaphore;
      break;
    default:
      return;
    }
    if (Out.Call && Out.Kind != K)
      Mixed = true;
    if (!Out.Call) {
      Out.Call = C;
      Out.Kind = K;
    }
  });
  if (Mixed) {
    CreatedObject None;
    None.Mixed = true;
    return None;
  }
  Out.OnlyUnnamed = Unnamed && !Out.Call;
  return Out;
}

CreatedObject objectCreatedFor(const FunctionDecl *F, ASTContext &Ctx) {
  CreatedObject Own = objectCreatedIn(F, Ctx);
  if (!F || Own.Call || Own.OnlyUnnamed || Own.Mixed)
    return Own;
  using namespace ast_matchers;
  const FunctionDecl *Canonical = F->getCanonicalDecl();
  CreatedObject Out;
  for (const BoundNodes &N :
       match(callExpr(callee(functionDecl().bind("f"))).bind("c"), Ctx)) {
    const auto *Callee = N.getNodeAs<FunctionDecl>("f");
    if (Callee->getCanonicalDecl() != Canonical)
      continue;
    const FunctionDecl *Caller =
        enclosingFunctionOf(N.getNodeAs<CallExpr>("c"), Ctx);
    if (!Caller || Caller->getCanonicalDecl() == Canonical)
      continue;
    CreatedObject There = objectCreatedIn(Caller, Ctx);
    if (There.Mixed || (There.Call && Out.Call && There.Kind != Out.Kind))
      return Own;
    if (There.Call && !Out.Call)
      Out = There;
  }
  return Out.Call ? Out : Own;
}

} // namespace clang::tidy::pipelint::utils
