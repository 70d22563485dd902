//===--- PipeNames.cpp - is this string a named pipe's name? --------------===//
#include "utils/PipeNames.h"
#include "utils/FlagFacts.h"
#include "utils/ValueTracking.h"
#include "utils/Win32Api.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>

namespace clang::tidy::pipelint::utils {
namespace {

constexpr unsigned MaxDepth = 8;

/// One possible leading text of a string value.
struct Prefix {
  std::string Text;
  bool Exact; ///< the value is exactly Text (not a concatenation)
};

std::string literalText(const StringLiteral *SL) {
  std::string S;
  for (unsigned I = 0, N = SL->getLength(); I < N; ++I) {
    uint32_t C = SL->getCodeUnit(I);
    S.push_back(C < 128 ? static_cast<char>(C) : '?');
  }
  return S;
}

/// Skips parentheses, casts and the temporaries of C++ string values.
const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<CastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *W = dyn_cast<ExprWithCleanups>(E))
      E = W->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else
      return E;
  }
  return E;
}

bool isStringClass(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  if (!RD->isInStdNamespace())
    return RD->getDeclContext()->isTranslationUnit() &&
           (RD->getName() == "QString" || RD->getName() == "QByteArray" ||
            RD->getName() == "QLatin1String");
  return RD->getName() == "basic_string" ||
         RD->getName() == "basic_string_view";
}

/// Member functions of the string classes that return the same text in
/// another form.
bool isSameTextAccessor(llvm::StringRef N) {
  return llvm::is_contained(
      std::initializer_list<llvm::StringRef>{
          "c_str", "data", "constData", "utf16", "unicode", "toStdWString",
          "toStdString", "toLocal8Bit", "toUtf8", "toLatin1"},
      N);
}

/// QString::fromLatin1("...") and its kind: the text of argument 0.
bool isQStringFactory(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  return MD && MD->isStatic() && MD->getIdentifier() &&
         MD->getParent()->getName() == "QString" &&
         MD->getName().starts_with("from");
}

/// Qt 5's QStringLiteral("..."): a lambda called at once whose body holds
/// the literal (twice). The literal when they all agree.
const StringLiteral *qStringLiteral(const CXXOperatorCallExpr *Op) {
  if (Op->getOperator() != OO_Call || Op->getNumArgs() != 1 ||
      !isStringClass(Op->getType()))
    return nullptr;
  const auto *Lambda = dyn_cast<LambdaExpr>(strip(Op->getArg(0)));
  if (!Lambda)
    return nullptr;
  const StringLiteral *Found = nullptr;
  bool Agree = true;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || !Agree)
      return;
    if (const auto *SL = dyn_cast<StringLiteral>(S)) {
      if (Found && literalText(Found) != literalText(SL))
        Agree = false;
      Found = SL;
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Lambda->getBody());
  return Agree ? Found : nullptr;
}

bool isCharType(QualType T) {
  return T->isAnyCharacterType() ||
         T.getCanonicalType()->isSpecificBuiltinType(BuiltinType::UShort);
}

/// A parameter that reads the argument: by value (not a pointer to mutable
/// data), by const reference, or a pointer to const.
bool isReadOnlyParam(QualType T) {
  if (T->isReferenceType())
    return T.getNonReferenceType().isConstQualified();
  if (T->isPointerType())
    return T->getPointeeType().isConstQualified();
  return !T->isArrayType();
}

/// Index of the first parameter after the destination that is a pointer to
/// const characters: the source of a copy, the format of a printf.
std::optional<unsigned> sourceParam(const FunctionDecl *FD) {
  for (unsigned I = 1; I < FD->getNumParams(); ++I) {
    QualType T = FD->getParamDecl(I)->getType();
    if (T->isPointerType() && T->getPointeeType().isConstQualified() &&
        isCharType(T->getPointeeType().getUnqualifiedType()))
      return I;
  }
  return std::nullopt;
}

enum class FillKind { None, Copy, Format, VFormat, Append };

/// C runtime, shlwapi and strsafe functions that fill their first argument.
FillKind fillKind(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || isa<CXXMethodDecl>(FD))
    return FillKind::None;
  llvm::StringRef N = FD->getName().ltrim('_');
  if (N.consume_front("mingw_") || N.consume_front("ms_"))
    N = N.ltrim('_');
  // strsafe and Win32 spellings: drop the A/W suffix.
  if ((N.starts_with("String") || N.starts_with("lstr") ||
       N.starts_with("Str") || N.starts_with("wsprintf") ||
       N.starts_with("wnsprintf")) &&
      (N.ends_with("A") || N.ends_with("W")))
    N = N.drop_back();
  return llvm::StringSwitch<FillKind>(N)
      .Cases("strcpy", "wcscpy", "strncpy", "wcsncpy", "strcpy_s", "wcscpy_s",
             FillKind::Copy)
      .Cases("strncpy_s", "wcsncpy_s", "lstrcpy", "lstrcpyn", "StrCpy",
             "StrCpyN", FillKind::Copy)
      .Cases("StringCchCopy", "StringCbCopy", "StringCchCopyN", "StringCbCopyN",
             "StringCchCopyEx", "StringCbCopyEx", FillKind::Copy)
      .Cases("sprintf", "swprintf", "snprintf", "snwprintf", "sprintf_s",
             "swprintf_s", FillKind::Format)
      .Cases("snprintf_s", "snwprintf_s", "wsprintf", "wnsprintf",
             FillKind::Format)
      .Cases("StringCchPrintf", "StringCbPrintf", "StringCchPrintfEx",
             "StringCbPrintfEx", FillKind::Format)
      .Cases("vsprintf", "vswprintf", "vsnprintf", "vsnwprintf", "vsprintf_s",
             "vswprintf_s", FillKind::VFormat)
      .Cases("StringCchVPrintf", "StringCbVPrintf", "wvsprintf", "wvnsprintf",
             FillKind::VFormat)
      .Cases("strcat", "wcscat", "strncat", "wcsncat", "strcat_s", "wcscat_s",
             FillKind::Append)
      .Cases("strncat_s", "wcsncat_s", "lstrcat", "StrCat", "StrCatBuff",
             FillKind::Append)
      .Cases("StringCchCat", "StringCbCat", "StringCchCatN", "StringCbCatN",
             "StringCchCatEx", "StringCbCatEx", FillKind::Append)
      .Default(FillKind::None);
}

/// `""`, `{0}`, `{}`, or a default-constructed std::basic_string.
bool isEmptyString(const Expr *Init, ASTContext &Ctx) {
  Init = strip(Init);
  if (isa<ImplicitValueInitExpr>(Init))
    return true;
  if (const auto *SL = dyn_cast<StringLiteral>(Init))
    return SL->getLength() == 0;
  if (const auto *List = dyn_cast<InitListExpr>(Init)) {
    for (const Expr *E : List->inits()) {
      if (isa<ImplicitValueInitExpr>(E))
        continue;
      Expr::EvalResult R;
      if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx) ||
          R.Val.getInt() != 0)
        return false;
    }
    return true;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init))
    return Construct->getNumArgs() == 0 && isStringClass(Construct->getType());
  return false;
}

/// One definition of a string variable.
struct Definition {
  FillKind Kind = FillKind::Copy;
  const Expr *Value = nullptr;    ///< Copy: the new value; Format: the format
  const Expr *FirstArg = nullptr; ///< Format: the first variadic argument
};

/// Collects the definitions of one string variable in its function.
class DefinitionCollector : public VarReferenceWalker<DefinitionCollector> {
public:
  using VarReferenceWalker::VarReferenceWalker;

  bool Appended = false;
  llvm::SmallVector<Definition, 4> Defs;

private:
  friend class VarReferenceWalker<DefinitionCollector>;
  static bool isTransparent(const Stmt *S) {
    return isa<ParenExpr>(S) || isa<ExplicitCastExpr>(S) ||
           (isa<ImplicitCastExpr>(S) &&
            cast<ImplicitCastExpr>(S)->getCastKind() != CK_LValueToRValue);
  }

  /// The first non-transparent ancestor at or below stack index \p I;
  /// updates \p Child to the expression it contains.
  const Stmt *parent(size_t &I, const Stmt *&Child) const {
    while (I > 0) {
      const Stmt *P = Stack[--I];
      if (!isTransparent(P))
        return P;
      Child = P;
    }
    return nullptr;
  }

  static std::optional<unsigned> argIndex(const CallExpr *Call,
                                          const Stmt *Child) {
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I) == Child)
        return I;
    return std::nullopt;
  }

  void classifyCall(const CallExpr *Call, const Stmt *Child) {
    std::optional<unsigned> Index = argIndex(Call, Child);
    if (!Index)
      return; // the callee itself
    const FunctionDecl *FD = resolveCallee(Call);
    if (!FD) {
      Unknown = true;
      return;
    }
    if (isZeroFillCallee(FD) && *Index == 0) {
      // Clearing the buffer leaves an empty string (see isEmptyString).
      Expr::EvalResult R;
      if (Call->getNumArgs() > 1 && FD->getName().contains("memset") &&
          (Call->getArg(1)->isValueDependent() ||
           !Call->getArg(1)->EvaluateAsInt(R, Ctx) || R.Val.getInt() != 0))
        Unknown = true;
      return;
    }
    FillKind Kind = fillKind(FD);
    if (Kind != FillKind::None) {
      if (*Index != 0)
        return; // a source or argument: read
      if (Kind == FillKind::Append) {
        Appended = true;
        return;
      }
      std::optional<unsigned> Src = sourceParam(FD);
      if (!Src || *Src >= Call->getNumArgs()) {
        Unknown = true;
        return;
      }
      Definition D;
      D.Kind = Kind;
      D.Value = Call->getArg(*Src);
      if (Kind == FillKind::Format && *Src + 1 < Call->getNumArgs())
        D.FirstArg = Call->getArg(*Src + 1);
      Defs.push_back(D);
      return;
    }
    // Member operators take the object as argument 0.
    unsigned ParamIndex = *Index;
    if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(FD)) {
      if (ParamIndex == 0) {
        if (!cast<CXXMethodDecl>(FD)->isConst())
          Unknown = true;
        return;
      }
      --ParamIndex;
    }
    if (ParamIndex >= FD->getNumParams() ||
        !isReadOnlyParam(FD->getParamDecl(ParamIndex)->getType()))
      Unknown = true;
  }

  void classifyOperator(const CXXOperatorCallExpr *Op, const Stmt *Child) {
    if (Op->getNumArgs() > 0 && Op->getArg(0) == Child) {
      switch (Op->getOperator()) {
      case OO_Equal:
        if (Op->getNumArgs() == 2) {
          Definition D;
          D.Value = Op->getArg(1);
          Defs.push_back(D);
          return;
        }
        break;
      case OO_PlusEqual:
        Appended = true;
        return;
      default:
        break;
      }
    }
    classifyCall(Op, Child);
  }

  void classifyMember(const MemberExpr *ME, size_t I) {
    const Stmt *Child = ME;
    const Stmt *P = parent(I, Child);
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(P);
    const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
    if (!Call || !MD) {
      Unknown = !isa<FieldDecl>(ME->getMemberDecl());
      return;
    }
    llvm::StringRef Name = MD->getIdentifier() ? MD->getName() : "";
    if (Name == "append" || Name == "push_back") {
      Appended = true;
      return;
    }
    if (MD->isConst() || Name == "c_str" || Name == "data" || Name == "size" ||
        Name == "length" || Name == "empty")
      return;
    Unknown = true;
  }

  void classify(const DeclRefExpr *Ref) {
    size_t I = Stack.size();
    const Stmt *Child = Ref;
    const Stmt *P = parent(I, Child);
    if (!P)
      return;
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P)) {
      (void)Cast; // CK_LValueToRValue: the value is read
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->getLHS() == Child) {
        if (BO->getOpcode() == BO_Assign) {
          Definition D;
          D.Value = BO->getRHS();
          Defs.push_back(D);
        } else if (BO->isAssignmentOp()) {
          Unknown = true;
        }
        return;
      }
      // `p = buf` makes p an alias through which buf may be written.
      if (BO->isAssignmentOp()) {
        QualType T = BO->getLHS()->getType();
        if (T->isPointerType() && !T->getPointeeType().isConstQualified())
          Unknown = true;
      }
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      classifyOperator(Op, Child);
      return;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      classifyMember(ME, I);
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      classifyCall(Call, Child);
      return;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      for (unsigned A = 0; A < Construct->getNumArgs(); ++A)
        if (Construct->getArg(A) == Child &&
            (A >= Ctor->getNumParams() ||
             !isReadOnlyParam(Ctor->getParamDecl(A)->getType())))
          Unknown = true;
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() == Child && !isReadOnlyParam(VD->getType()))
            Unknown = true;
      return;
    }
    if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(P)) {
      // Reading one character is fine; writing one is not followed.
      const Stmt *SubChild = Sub;
      const Stmt *Above = parent(I, SubChild);
      const auto *Load = dyn_cast_or_null<ImplicitCastExpr>(Above);
      if (!Load || Load->getCastKind() != CK_LValueToRValue)
        Unknown = true;
      return;
    }
    if (isa<ReturnStmt>(P) || isa<UnaryExprOrTypeTraitExpr>(P))
      return;
    Unknown = true;
  }
};

bool isFormatConversion(llvm::StringRef Text) {
  return Text.starts_with("%s") || Text.starts_with("%ls") ||
         Text.starts_with("%S") || Text.starts_with("%ws") ||
         Text.starts_with("%hs");
}

class NameResolver {
public:
  explicit NameResolver(ASTContext &Ctx) : Ctx(Ctx) {}

  /// Appends the possible leading texts of \p E to \p Out; false when some
  /// value cannot be followed.
  bool resolve(const Expr *E, bool Exact, llvm::SmallVectorImpl<Prefix> &Out,
               unsigned Depth) {
    if (!E || Depth > MaxDepth || E->isValueDependent() || E->isTypeDependent())
      return false;
    E = strip(E);
    if (const auto *SL = dyn_cast<StringLiteral>(E)) {
      Out.push_back({literalText(SL), Exact});
      return true;
    }
    if (const auto *UDL = dyn_cast<UserDefinedLiteral>(E)) {
      const auto *Cooked =
          dyn_cast_or_null<StringLiteral>(UDL->getCookedLiteral());
      return Cooked && resolve(Cooked, Exact, Out, Depth + 1);
    }
    if (const auto *Cond = dyn_cast<ConditionalOperator>(E))
      return resolve(Cond->getTrueExpr(), Exact, Out, Depth + 1) &&
             resolve(Cond->getFalseExpr(), Exact, Out, Depth + 1);
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
      return resolveConstruct(Construct, Exact, Out, Depth);
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (const StringLiteral *SL = qStringLiteral(Op))
        return resolve(SL, Exact, Out, Depth + 1);
      if (Op->getNumArgs() == 2 && isStringClass(Op->getType()) &&
          (Op->getOperator() == OO_Plus || Op->getOperator() == OO_PlusEqual))
        return resolve(Op->getArg(0), false, Out, Depth + 1);
      return false;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = Member->getMethodDecl();
      const Expr *Object = Member->getImplicitObjectArgument();
      if (!MD || !MD->getIdentifier() || !Object ||
          !isStringClass(Object->getType()))
        return false;
      if (isSameTextAccessor(MD->getName()))
        return resolve(Object, Exact, Out, Depth + 1);
      if (MD->getName() == "append" || MD->getName() == "arg")
        return resolve(Object, false, Out, Depth + 1);
      return false;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (Call->getNumArgs() > 0 && isQStringFactory(Call->getDirectCallee()))
        return resolve(Call->getArg(0), Exact, Out, Depth + 1);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
        return resolveVar(VD, Exact, Out, Depth + 1);
    return false;
  }

private:
  bool resolveConstruct(const CXXConstructExpr *Construct, bool Exact,
                        llvm::SmallVectorImpl<Prefix> &Out, unsigned Depth) {
    if (!isStringClass(Construct->getType()) || Construct->getNumArgs() == 0)
      return false;
    // std::wstring(L"..."), a copy or a move; (ptr, count) forms may cut.
    for (unsigned I = 1; I < Construct->getNumArgs(); ++I)
      if (!isa<CXXDefaultArgExpr>(Construct->getArg(I)))
        return false;
    return resolve(Construct->getArg(0), Exact, Out, Depth + 1);
  }

  bool resolveFormat(const Definition &D, llvm::SmallVectorImpl<Prefix> &Out,
                     unsigned Depth) {
    llvm::SmallVector<Prefix, 2> Formats;
    if (!resolve(D.Value, false, Formats, Depth + 1))
      return false;
    for (Prefix &F : Formats) {
      if (isFormatConversion(F.Text)) {
        // "%s..." : the name starts with the first argument.
        if (D.Kind != FillKind::Format || !D.FirstArg ||
            !resolve(D.FirstArg, false, Out, Depth + 1))
          return false;
        continue;
      }
      F.Exact = false;
      Out.push_back(F);
    }
    return true;
  }

  bool resolveVar(const VarDecl *VD, bool Exact,
                  llvm::SmallVectorImpl<Prefix> &Out, unsigned Depth) {
    if (Depth > MaxDepth || isa<ParmVarDecl>(VD) ||
        VD->getType().isVolatileQualified())
      return false;
    // A variable met again while following its own definitions
    // (`s = s + x`): that path adds nothing new.
    if (Visiting.count(VD))
      return true;
    if (!VD->isLocalVarDecl() || VD->isStaticLocal())
      return resolveGlobal(VD, Exact, Out, Depth);
    const auto *Fn =
        dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
    if (!Fn || !Fn->getBody())
      return false;
    DefinitionCollector Collector(VD, Ctx);
    // An empty initial value (`= ""`, `= {0}`, a default-constructed
    // std::wstring) names nothing: opening "" fails, so it cannot make a
    // call open something other than a pipe.
    if (VD->getInit() && !isEmptyString(VD->getInit(), Ctx)) {
      Definition Init;
      Init.Value = VD->getInit();
      Collector.Defs.push_back(Init);
    }
    Collector.walk(Fn->getBody());
    if (Collector.Unknown || Collector.Defs.empty())
      return false;
    bool StillExact = Exact && !Collector.Appended;
    Visiting.insert(VD);
    bool Ok = true;
    for (const Definition &D : Collector.Defs) {
      if (D.Kind == FillKind::Copy)
        Ok = resolve(D.Value, StillExact, Out, Depth);
      else
        Ok = resolveFormat(D, Out, Depth);
      if (!Ok)
        break;
    }
    Visiting.erase(VD);
    return Ok;
  }

  /// A global or static variable: only when it is initialised and either
  /// const itself or a pointer to const characters (a string literal's
  /// address that the program is assumed to keep).
  bool resolveGlobal(const VarDecl *VD, bool Exact,
                     llvm::SmallVectorImpl<Prefix> &Out, unsigned Depth) {
    const Expr *Init = VD->getAnyInitializer();
    if (!Init)
      return false;
    QualType T = VD->getType();
    bool Constant = T.isConstQualified() || VD->isConstexpr();
    if (const ArrayType *AT = Ctx.getAsArrayType(T))
      Constant = Constant || AT->getElementType().isConstQualified();
    if (T->isPointerType())
      Constant = Constant || T->getPointeeType().isConstQualified();
    if (!Constant)
      return false;
    Visiting.insert(VD);
    bool Ok = resolve(Init, Exact, Out, Depth);
    Visiting.erase(VD);
    return Ok;
  }

  ASTContext &Ctx;
  llvm::SmallPtrSet<const VarDecl *, 8> Visiting;
};

} // namespace

bool hasPipePrefix(llvm::StringRef Text) {
  auto IsSep = [](char C) { return C == '\\' || C == '/'; };
  if (Text.size() < 2 || !IsSep(Text[0]) || !IsSep(Text[1]))
    return false;
  Text = Text.drop_front(2);
  size_t Server = 0;
  while (Server < Text.size() && !IsSep(Text[Server]))
    ++Server;
  if (Server == 0 || Server == Text.size())
    return false;
  Text = Text.drop_front(Server + 1);
  return Text.size() > 4 && Text.take_front(4).equals_insensitive("pipe") &&
         IsSep(Text[4]);
}

bool isPipeName(const Expr *E, ASTContext &Ctx) {
  llvm::SmallVector<Prefix, 4> Values;
  NameResolver R(Ctx);
  if (!R.resolve(E, true, Values, 0) || Values.empty())
    return false;
  for (const Prefix &P : Values)
    if (!hasPipePrefix(P.Text))
      return false;
  return true;
}

std::optional<std::string> exactStringValue(const Expr *E, ASTContext &Ctx) {
  llvm::SmallVector<Prefix, 4> Values;
  NameResolver R(Ctx);
  if (!R.resolve(E, true, Values, 0) || Values.empty())
    return std::nullopt;
  for (const Prefix &P : Values)
    if (!P.Exact || P.Text != Values.front().Text)
      return std::nullopt;
  return Values.front().Text;
}

} // namespace clang::tidy::pipelint::utils
