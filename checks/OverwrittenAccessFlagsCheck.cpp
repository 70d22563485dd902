//===--- OverwrittenAccessFlagsCheck.cpp - ipc-overwritten-access-flags ---===//
#include "OverwrittenAccessFlagsCheck.h"
#include "utils/OverwrittenStores.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/MapVector.h"

using namespace clang::ast_matchers;

namespace clang::tidy::pipelint {
namespace {

/// Records where the preprocessor's conditional directives are.
class ConditionalRecorder : public PPCallbacks {
public:
  explicit ConditionalRecorder(std::shared_ptr<std::vector<SourceLocation>> L)
      : Locs(std::move(L)) {}
  void If(SourceLocation Loc, SourceRange, ConditionValueKind) override {
    Locs->push_back(Loc);
  }
  void Elif(SourceLocation Loc, SourceRange, ConditionValueKind,
            SourceLocation) override {
    Locs->push_back(Loc);
  }
  void Ifdef(SourceLocation Loc, const Token &,
             const MacroDefinition &) override {
    Locs->push_back(Loc);
  }
  void Ifndef(SourceLocation Loc, const Token &,
              const MacroDefinition &) override {
    Locs->push_back(Loc);
  }
  void Else(SourceLocation Loc, SourceLocation) override {
    Locs->push_back(Loc);
  }
  void Endif(SourceLocation Loc, SourceLocation) override {
    Locs->push_back(Loc);
  }

private:
  std::shared_ptr<std::vector<SourceLocation>> Locs;
};

/// Bits of the stored type: values are compared within that width.
uint64_t widthMask(QualType T, const ASTContext &Ctx) {
  unsigned Width = 32; // QFlags holds an int
  if (!T.isNull() && T->isIntegralOrEnumerationType())
    Width = Ctx.getIntWidth(T);
  return Width >= 64 ? ~uint64_t(0) : ((uint64_t(1) << Width) - 1);
}

} // namespace

OverwrittenAccessFlagsCheck::OverwrittenAccessFlagsCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      FlagNames(Options.get("FlagNames", "").str()),
      Vocabulary(utils::splitNameList(FlagNames)),
      Conditionals(std::make_shared<std::vector<SourceLocation>>()) {}

void OverwrittenAccessFlagsCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "FlagNames", FlagNames);
}

void OverwrittenAccessFlagsCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), unless(isImplicit()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("fn"),
                     this);
  // A lambda's call operator is not always reached as a declaration.
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
}

void OverwrittenAccessFlagsCheck::registerPPCallbacks(const SourceManager &,
                                                      Preprocessor *PP,
                                                      Preprocessor *) {
  Conditionals->clear();
  PP->addPPCallbacks(std::make_unique<ConditionalRecorder>(Conditionals));
}

void OverwrittenAccessFlagsCheck::onStartOfTranslationUnit() {
  Analyzed.clear();
  Reported.clear();
}

void OverwrittenAccessFlagsCheck::check(
    const MatchFinder::MatchResult &Result) {
  const FunctionDecl *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    FD = Lambda->getCallOperator();
  if (!FD || FD->isDependentContext() || !FD->doesThisDeclarationHaveABody())
    return;
  if (!Analyzed.insert(FD).second)
    return;
  analyze(FD, *Result.Context);
}

void OverwrittenAccessFlagsCheck::analyze(const FunctionDecl *FD,
                                          ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Describe = [&](const utils::PlainStore &S) {
    return Vocabulary.describe(S.Value, Ctx,
                               utils::isModeType(S.Target.type()));
  };
  auto InUserCode = [&](SourceLocation L) {
    return L.isValid() && !SM.isInSystemHeader(SM.getSpellingLoc(L)) &&
           !SM.isInSystemHeader(SM.getExpansionLoc(L));
  };
  std::vector<utils::OverwrittenStore> Found =
      utils::findOverwrittenStores(FD, Ctx, [&](const utils::PlainStore &S) {
        return InUserCode(S.Loc) && Describe(S).HasFlag;
      });

  // One report per overwriting store, with a note per store it loses.
  llvm::MapVector<const Stmt *, std::vector<utils::OverwrittenStore>> ByStore;
  for (const utils::OverwrittenStore &O : Found)
    ByStore[O.Overwriting.Node].push_back(O);

  for (auto &[Node, Pairs] : ByStore) {
    const utils::PlainStore &Over = Pairs.front().Overwriting;
    if (!InUserCode(Over.Loc))
      continue;
    utils::FlagExprInfo New = Describe(Over);
    if (!New.HasFlag)
      continue; // a reset or a computed value: not a lost combination
    SourceLocation OverLoc = SM.getExpansionLoc(Over.Loc);
    uint64_t Mask = widthMask(Over.Target.type(), Ctx);

    std::vector<const utils::PlainStore *> Lost;
    bool Fixable = New.Pure && New.Value.has_value();
    bool Combinable = true;
    for (const utils::OverwrittenStore &O : Pairs) {
      utils::FlagExprInfo Old = Describe(O.Lost);
      // `x = A; x = A | B;`: every earlier flag is still set, nothing is
      // lost (the first store is merely redundant).
      if (Old.Value && New.Value && (*Old.Value & ~*New.Value & Mask) == 0)
        continue;
      // Replaced under #if/#ifdef: a build configuration, not a slip.
      SourceLocation LostLoc = SM.getExpansionLoc(O.Lost.Loc);
      auto [LFile, LOff] = SM.getDecomposedLoc(LostLoc);
      auto [OFile, OOff] = SM.getDecomposedLoc(OverLoc);
      bool Configured = llvm::any_of(*Conditionals, [&](SourceLocation C) {
        auto [CFile, COff] = SM.getDecomposedLoc(C);
        return CFile == LFile && LFile == OFile &&
               COff > std::min(LOff, OOff) && COff < std::max(LOff, OOff);
      });
      if (Configured)
        continue;
      // `x = A | B; x = A;` narrows on purpose or by mistake, but `|=` is
      // not what was meant; neither is it for two exclusive access modes.
      bool Narrowing =
          Old.Value && New.Value && (*New.Value & ~*Old.Value & Mask) == 0;
      if (Narrowing || (Old.HasExclusiveMode && New.HasExclusiveMode))
        Combinable = false;
      Fixable &= Old.Pure;
      Lost.push_back(&O.Lost);
    }
    if (Lost.empty() || !Reported.insert(OverLoc.getRawEncoding()).second)
      continue;

    {
      // (`|` cannot appear inside a %select, hence two texts.)
      auto Diag =
          diag(OverLoc, Combinable ? "assignment replaces the flags stored in "
                                     "'%0' before they are ever read: the "
                                     "earlier flags are lost (use '|=' to "
                                     "combine flags)"
                                   : "assignment replaces the flags stored in "
                                     "'%0' before they are ever read: the "
                                     "earlier flags are lost")
          << Over.Target.name();
      SourceLocation Op = Over.OperatorLoc;
      if (Fixable && Combinable && Op.isValid() && Op.isFileID() &&
          Lexer::getSourceText(CharSourceRange::getTokenRange(Op), SM,
                               Ctx.getLangOpts()) == "=")
        Diag << FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Op),
                                             "|=");
    } // the warning is emitted here, before its notes
    for (const utils::PlainStore *L : Lost)
      diag(SM.getExpansionLoc(L->Loc),
           "flags stored here are overwritten before any read",
           DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::pipelint
