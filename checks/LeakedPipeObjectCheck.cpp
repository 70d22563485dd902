//===--- LeakedPipeObjectCheck.cpp - ipc-leaked-pipe-object ---------------===//
//
// check() only records: the tracked allocations (by the local or member
// they are stored into) and every use of a pointer member. The findings
// need the whole translation unit (a member is released in another member
// function, a local is moved into a member), so they are all made in
// onEndOfTranslationUnit(), in the order the AST was visited.
//
//===----------------------------------------------------------------------===//
#include "LeakedPipeObjectCheck.h"
#include "utils/OwnershipFlow.h"
#include "utils/ValueTracking.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {

struct LeakedPipeObjectCheck::FieldFacts {
  bool Released = false; ///< deleted, handed over or adopted somewhere
  bool Owning = true;    ///< a non-null member owns its object
  llvm::SetVector<const FunctionDecl *> StoringFunctions;
  llvm::SmallVector<const CXXNewExpr *, 2> Sources; ///< in source order
};

LeakedPipeObjectCheck::LeakedPipeObjectCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      PipeObjectTypesOption(Options.get("PipeObjectTypes", "")),
      Types(utils::PipeTypes::parseList(PipeObjectTypesOption)) {}

void LeakedPipeObjectCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "PipeObjectTypes", PipeObjectTypesOption);
}

void LeakedPipeObjectCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      cxxNewExpr(unless(isExpansionInSystemHeader())).bind("new"), this);
  Finder->addMatcher(memberExpr(member(fieldDecl(hasType(pointerType()))),
                                unless(isExpansionInSystemHeader()))
                         .bind("member"),
                     this);
}

SourceLocation LeakedPipeObjectCheck::loc(SourceLocation L) const {
  return Ctx->getSourceManager().getExpansionLoc(L);
}

bool LeakedPipeObjectCheck::isTracked(const CXXNewExpr *New) const {
  return New &&
         !Ctx->getSourceManager().isInSystemHeader(loc(New->getBeginLoc())) &&
         utils::isUnownedPipeAllocation(New, Types, *Ctx);
}

/// Template patterns and instantiations are left alone.
static bool isPlainClass(const CXXRecordDecl *RD) {
  return RD && !RD->isDependentContext() &&
         !isa<ClassTemplateSpecializationDecl>(RD);
}

static const CXXRecordDecl *classOf(const FieldDecl *FD) {
  return dyn_cast<CXXRecordDecl>(FD->getParent());
}

static bool isPlainFunction(const FunctionDecl *FD) {
  return FD && !FD->isDependentContext() && !FD->isTemplateInstantiation();
}

void LeakedPipeObjectCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  if (const auto *ME = Result.Nodes.getNodeAs<MemberExpr>("member")) {
    const auto *FD = cast<FieldDecl>(ME->getMemberDecl());
    if (isPlainClass(classOf(FD)))
      FieldUses[FD].push_back(ME);
    return;
  }
  const auto *New = Result.Nodes.getNodeAs<CXXNewExpr>("new");
  if (!isTracked(New))
    return;
  utils::Slot S = utils::storeTargetOf(New, *Ctx);
  const FunctionDecl *FD = utils::enclosingFunction(New, *Ctx);
  if (S.Var) {
    if (!isPlainFunction(FD))
      return;
    Locals[FD].insert(S.Var);
    LocalAllocs[S.Var].push_back(New);
  } else if (S.Field) {
    if ((FD && !isPlainFunction(FD)) || !isPlainClass(classOf(S.Field)))
      return;
    auto &Allocs = FieldAllocs[S.Field];
    // A default member initialiser is seen again under each constructor.
    if (!llvm::is_contained(Allocs, New))
      Allocs.push_back(New);
  }
}

/// The value assigned by `Member = Value`, where \p ME is the left side.
static const Expr *assignedValue(const MemberExpr *ME, ASTContext &Ctx) {
  DynTypedNode N = DynTypedNode::create(*ME);
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(N);
    if (Parents.empty())
      return nullptr;
    if (const auto *BO = Parents[0].get<BinaryOperator>())
      return BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr;
    if (!Parents[0].get<ParenExpr>())
      return nullptr;
    N = Parents[0];
  }
  return nullptr;
}

/// `return m_p;` from a const member function: a getter lends the object.
static bool isGetterReturn(const MemberExpr *ME, const FunctionDecl *FD,
                           ASTContext &Ctx) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!MD || !MD->isConst())
    return false;
  DynTypedNode N = DynTypedNode::create(*ME);
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(N);
    if (Parents.empty())
      return false;
    if (Parents[0].get<ReturnStmt>())
      return true;
    if (!Parents[0].get<ImplicitCastExpr>() && !Parents[0].get<ParenExpr>())
      return false;
    N = Parents[0];
  }
  return false;
}

LeakedPipeObjectCheck::FieldFacts
LeakedPipeObjectCheck::factsOf(const FieldDecl *Field) {
  FieldFacts F;
  if (auto It = FieldAllocs.find(Field); It != FieldAllocs.end())
    F.Sources.append(It->second.begin(), It->second.end());
  auto Uses = FieldUses.find(Field);
  // Most pointer members never receive a tracked allocation: look no
  // further (and build no parent map) for those.
  if (F.Sources.empty()) {
    if (Uses == FieldUses.end() || LocalAllocs.empty())
      return F;
    bool FromLocal = llvm::any_of(Uses->second, [&](const MemberExpr *ME) {
      const Expr *Value = assignedValue(ME, *Ctx);
      const auto *DRE = dyn_cast_or_null<DeclRefExpr>(
          Value ? utils::ignoreCastsAndParens(Value) : nullptr);
      return DRE && LocalAllocs.count(dyn_cast<VarDecl>(DRE->getDecl()));
    });
    if (!FromLocal)
      return F;
  }

  auto NoteStoredValue = [&](const Expr *Value) {
    if (!Value)
      return;
    if (const CXXNewExpr *New = utils::asNewExpr(Value)) {
      if (!isTracked(New))
        F.Owning = false;
      return;
    }
    if (utils::isNullConstant(Value, *Ctx))
      return;
    if (const auto *DRE =
            dyn_cast<DeclRefExpr>(utils::ignoreCastsAndParens(Value))) {
      auto It = LocalAllocs.find(dyn_cast<VarDecl>(DRE->getDecl()));
      if (It != LocalAllocs.end()) {
        F.Sources.push_back(It->second.front());
        return;
      }
    }
    F.Owning = false;
  };

  if (Uses != FieldUses.end()) {
    for (const MemberExpr *ME : Uses->second) {
      const FunctionDecl *Fn = utils::enclosingFunction(ME, *Ctx);
      switch (utils::classifyUse(ME, *Ctx)) {
      case utils::UseKind::Release:
        F.Released = true;
        break;
      case utils::UseKind::Adopted:
        F.Released = true;
        F.Owning = false;
        break;
      case utils::UseKind::Escape:
      case utils::UseKind::Unanalyzable:
        if (isGetterReturn(ME, Fn, *Ctx))
          break;
        F.Released = true;
        F.Owning = false;
        break;
      case utils::UseKind::StoreTarget:
        NoteStoredValue(assignedValue(ME, *Ctx));
        if (isPlainFunction(Fn) &&
            isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          F.StoringFunctions.insert(Fn);
        break;
      case utils::UseKind::Use:
      case utils::UseKind::Deref:
        break;
      }
    }
  }
  // Constructors' member initialisers and the default member initialiser.
  for (const CXXConstructorDecl *C : classOf(Field)->ctors()) {
    const auto *Def = dyn_cast_or_null<CXXConstructorDecl>(C->getDefinition());
    if (!Def)
      continue;
    for (const CXXCtorInitializer *I : Def->inits())
      if (I->isWritten() && I->getMember() == Field)
        NoteStoredValue(I->getInit());
  }
  if (Field->hasInClassInitializer())
    NoteStoredValue(Field->getInClassInitializer());

  const SourceManager &SM = Ctx->getSourceManager();
  llvm::sort(F.Sources, [&](const CXXNewExpr *A, const CXXNewExpr *B) {
    return SM.isBeforeInTranslationUnit(loc(A->getBeginLoc()),
                                        loc(B->getBeginLoc()));
  });
  return F;
}

/// The macro name written in the user's code where \p Loc was expanded.
static StringRef spelledMacro(SourceLocation Loc, const SourceManager &SM,
                              const LangOptions &LO) {
  if (!Loc.isMacroID())
    return {};
  SourceLocation At = SM.getExpansionLoc(Loc);
  return Lexer::getSourceText(CharSourceRange::getTokenRange(At, At), SM, LO);
}

/// Methods that the moc, not the user, defines: Q_OBJECT's metaObject(),
/// qt_metacall(), ..., and the signals. (Qt's headers come through -I, not
/// as system headers, so the macro's name is what tells.)
static bool isMocDefined(const CXXMethodDecl *M, const SourceManager &SM,
                         const LangOptions &LO) {
  StringRef Macro = spelledMacro(M->getLocation(), SM, LO);
  if (Macro == "Q_OBJECT" || Macro == "Q_GADGET")
    return true;
  const AccessSpecDecl *Access = nullptr;
  for (const Decl *D : M->getParent()->decls()) {
    if (const auto *AS = dyn_cast<AccessSpecDecl>(D))
      Access = AS;
    if (D == M)
      break;
  }
  if (!Access)
    return false;
  Macro = spelledMacro(Access->getAccessSpecifierLoc(), SM, LO);
  return Macro == "signals" || Macro == "Q_SIGNALS";
}

/// Every place that could release the member is in this translation unit:
/// the member is private (or the class is local to the main file), the
/// class has no friends, and every member function is defined here.
bool LeakedPipeObjectCheck::wholeClassVisible(const CXXRecordDecl *RD,
                                              const FieldDecl *Field) {
  const SourceManager &SM = Ctx->getSourceManager();
  if (!RD->hasDefinition() || RD->hasFriends())
    return false;
  if (Field->getAccess() != AS_private &&
      !SM.isInMainFile(loc(RD->getLocation())))
    return false;
  for (const Decl *D : RD->decls()) {
    const FunctionDecl *FD = nullptr;
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      FD = FT->getTemplatedDecl();
    else
      FD = dyn_cast<CXXMethodDecl>(D);
    if (!FD || FD->isImplicit() || FD->isDeleted() || FD->isDefaulted() ||
        FD->isPureVirtual())
      continue;
    if (const auto *M = dyn_cast<CXXMethodDecl>(FD);
        M && isMocDefined(M, SM, Ctx->getLangOpts()))
      continue;
    if (!FD->isDefined())
      return false;
  }
  return true;
}

/// `new QLocalSocket` in a QObject-derived class's member: `this` can be
/// the parent, and the parent then deletes the object with itself.
static std::optional<FixItHint>
parentFix(const CXXNewExpr *New, const FieldDecl *Field, ASTContext &Ctx) {
  const CXXConstructExpr *CE = New->getConstructExpr();
  if (!CE || CE->getNumArgs() == 0 ||
      CE->getConstructor()->getNumParams() == 0 ||
      New->getBeginLoc().isMacroID() || New->getEndLoc().isMacroID())
    return std::nullopt;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!utils::isQObjectClass(Ctor->getParent()) ||
      !utils::isQObjectClass(classOf(Field)))
    return std::nullopt;
  QualType First = Ctor->getParamDecl(0)->getType();
  if (!First->isPointerType() ||
      !utils::isQObjectClass(First->getPointeeType()->getAsCXXRecordDecl()))
    return std::nullopt;
  for (const Expr *Arg : CE->arguments())
    if (!isa<CXXDefaultArgExpr>(Arg))
      return std::nullopt;
  // `this` must be the enclosing class's: a member function, a member
  // initialiser or a default member initialiser, not a lambda.
  const FunctionDecl *FD = utils::enclosingFunction(New, Ctx);
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (FD && (!MD || MD->isStatic() || MD->getParent() != classOf(Field)))
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  switch (New->getInitializationStyle()) {
  case CXXNewInitializationStyle::None:
    return FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(New->getEndLoc(), 0, SM, Ctx.getLangOpts()),
        "(this)");
  case CXXNewInitializationStyle::Parens:
    return FixItHint::CreateReplacement(New->getDirectInitRange(), "(this)");
  default:
    return std::nullopt;
  }
}

void LeakedPipeObjectCheck::reportUnreleasedMember(const FieldDecl *Field,
                                                   const CXXNewExpr *New) {
  const CXXRecordDecl *RD = classOf(Field);
  {
    auto D = diag(loc(New->getBeginLoc()),
                  "%0 allocated with new is stored in member %1, but no code "
                  "in %2 deletes it, calls deleteLater() on it or hands it to "
                  "an owner: the object and its pipe are never released")
             << New->getAllocatedType() << Field << RD;
    if (std::optional<FixItHint> Fix = parentFix(New, Field, *Ctx))
      D << *Fix;
  }
  const CXXDestructorDecl *Dtor = RD->getDestructor();
  if (Dtor && !Dtor->isImplicit()) {
    const FunctionDecl *Def = Dtor->getDefinition();
    diag(loc((Def ? Def : Dtor)->getLocation()),
         "the destructor of %0 does not release %1", DiagnosticIDs::Note)
        << RD << Field;
  } else {
    diag(loc(RD->getLocation()),
         "%0 has no user-written destructor, and nothing else releases %1",
         DiagnosticIDs::Note)
        << RD << Field;
  }
}

static const char *pointMessage(utils::LeakPointKind K) {
  switch (K) {
  case utils::LeakPointKind::Overwritten:
    return "%0 is overwritten here while it still owns the object";
  case utils::LeakPointKind::Returned:
    return "%0 still owns the object when the function returns here";
  case utils::LeakPointKind::ScopeEnd:
    return "%0 still owns the object when it goes out of scope here";
  case utils::LeakPointKind::Thrown:
    return "%0 still owns the object when the exception is thrown here";
  }
  return "";
}

void LeakedPipeObjectCheck::reportLocal(const VarDecl *Var,
                                        const FunctionDecl *FD) {
  utils::FlowOptions O;
  O.IsTracked = [this](const CXXNewExpr *N) { return isTracked(N); };
  utils::FlowResult R =
      utils::analyzeSlot(FD, utils::Slot{Var, nullptr}, O, *Ctx);
  for (const utils::PathLeak &L : R.Leaks) {
    if (!L.Alloc || L.Points.empty())
      continue;
    bool OnlyOverwrites = llvm::all_of(L.Points, [](const utils::LeakPoint &P) {
      return P.Kind == utils::LeakPointKind::Overwritten;
    });
    diag(loc(L.Alloc->getBeginLoc()),
         OnlyOverwrites
             ? "%0 allocated with new is lost when %1 is overwritten while it "
               "still owns the object: the object and its pipe are never "
               "released"
             : "%0 allocated with new leaks on some path: %1 goes out of "
               "scope still owning it, so the object and its pipe are never "
               "released")
        << L.Alloc->getAllocatedType() << Var;
    for (const utils::LeakPoint &P : L.Points)
      diag(loc(P.Loc), pointMessage(P.Kind), DiagnosticIDs::Note) << Var;
  }
}

void LeakedPipeObjectCheck::reportMember(const FieldDecl *Field,
                                         const FunctionDecl *FD, bool Owning) {
  utils::FlowOptions O;
  O.IsTracked = [this](const CXXNewExpr *N) { return isTracked(N); };
  O.MemberOwning = Owning;
  utils::FlowResult R =
      utils::analyzeSlot(FD, utils::Slot{nullptr, Field}, O, *Ctx);
  for (const utils::PathLeak &L : R.Leaks) {
    if (L.Points.empty())
      continue;
    if (L.Alloc) {
      diag(loc(L.Alloc->getBeginLoc()),
           "%0 allocated with new is lost when member %1 is overwritten while "
           "it still owns the object: the object and its pipe are never "
           "released")
          << L.Alloc->getAllocatedType() << Field;
      for (const utils::LeakPoint &P : L.Points)
        diag(loc(P.Loc), pointMessage(P.Kind), DiagnosticIDs::Note) << Field;
      continue;
    }
    const CXXNewExpr *Replacement = utils::asNewExpr(L.StoredValue);
    bool Nulled = L.StoredValue && utils::isNullConstant(L.StoredValue, *Ctx);
    SourceLocation At =
        loc(Replacement ? Replacement->getBeginLoc() : L.Points.front().Loc);
    diag(At, Nulled ? "member %0 is set to null while it still owns a %1 that "
                      "nothing released on this path: the object and its "
                      "pipe are never released"
                    : "member %0 is overwritten while it still owns a %1 that "
                      "nothing released on this path: the previous object and "
                      "its pipe are never released")
        << Field << Field->getType()->getPointeeType();
    if (L.Evidence.isValid())
      diag(loc(L.Evidence), "%0 is known to hold an object here",
           DiagnosticIDs::Note)
          << Field;
    if (loc(L.Points.front().Loc) != At)
      diag(loc(L.Points.front().Loc), pointMessage(L.Points.front().Kind),
           DiagnosticIDs::Note)
          << Field;
  }
}

void LeakedPipeObjectCheck::onEndOfTranslationUnit() {
  if (Ctx) {
    // Members: every field that receives a tracked allocation, directly
    // or through a local.
    llvm::SetVector<const FieldDecl *> Candidates;
    for (const auto &[Field, Allocs] : FieldAllocs)
      Candidates.insert(Field);
    for (const auto &[Field, Uses] : FieldUses)
      Candidates.insert(Field);
    for (const FieldDecl *Field : Candidates) {
      FieldFacts F = factsOf(Field);
      if (F.Sources.empty())
        continue;
      if (!F.Released && wholeClassVisible(classOf(Field), Field)) {
        reportUnreleasedMember(Field, F.Sources.front());
        continue;
      }
      for (const FunctionDecl *FD : F.StoringFunctions)
        reportMember(Field, FD, F.Owning);
    }
    for (const auto &[FD, Vars] : Locals)
      for (const VarDecl *Var : Vars)
        reportLocal(Var, FD);
  }
  Ctx = nullptr;
  Locals.clear();
  LocalAllocs.clear();
  FieldAllocs.clear();
  FieldUses.clear();
}

} // namespace clang::tidy::pipelint
