//===--- SddlLiteral.cpp - the SDDL string a call receives ----------------===//
#include "utils/SddlLiteral.h"
#include "utils/PipeNames.h"
#include "utils/ValueTracking.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::pipelint::utils {

std::optional<SddlSource> sddlSource(const Expr *E, ASTContext &Ctx) {
  std::optional<std::string> Text = exactStringValue(E, Ctx);
  if (!Text)
    return std::nullopt;
  SddlSource S;
  S.Text = *Text;
  const Expr *Inner = E->IgnoreParenCasts();
  if (const auto *L = dyn_cast<StringLiteral>(Inner)) {
    S.Literal = L;
    return S;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Inner);
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!V)
    return S;
  llvm::SmallVector<const Expr *, 4> Values;
  if (const Expr *Init = V->getAnyInitializer())
    Values.push_back(Init);
  if (V->hasLocalStorage()) {
    if (auto Stores = collectStores(V, Ctx)) {
      Values.clear();
      for (const Store &St : *Stores)
        if (St.Value)
          Values.push_back(St.Value);
    }
  }
  for (const Expr *Val : Values)
    if (const auto *L = dyn_cast<StringLiteral>(Val->IgnoreParenCasts())) {
      S.Literal = L;
      break;
    }
  return S;
}

namespace {

/// Where the quoted text of string token \p Tok is written: the token
/// itself, or for L ## "..." pasted by TEXT()/_T() (spelled in scratch
/// space) the macro argument in the user's file. Sets \p Quote to the
/// offset of the opening quote from the returned location.
SourceLocation quotedTextOf(SourceLocation Tok, const SourceManager &SM,
                            unsigned &Quote) {
  SourceLocation L = Tok;
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    SourceLocation Spelled = SM.getSpellingLoc(L);
    if (!SM.isWrittenInScratchSpace(Spelled) && !SM.isInSystemHeader(Spelled)) {
      bool Invalid = false;
      const char *P = SM.getCharacterData(Spelled, &Invalid);
      if (Invalid)
        return {};
      // A prefix (L, u8) or a macro's name and '(' before the quote.
      unsigned I = 0;
      while (I < 64 &&
             (llvm::isAlnum(P[I]) || P[I] == '_' || P[I] == '(' || P[I] == ' '))
        ++I;
      if (P[I] != '"' || (I > 0 && P[I - 1] == 'R'))
        return {};
      Quote = I;
      return Spelled;
    }
    if (!L.isMacroID())
      return {};
    L = SM.getImmediateMacroCallerLoc(L);
  }
  return {};
}

} // namespace

SourceLocation locationInLiteral(const StringLiteral *Lit, unsigned Index,
                                 const SourceManager &SM) {
  unsigned Seen = 0;
  for (unsigned T = 0; T < Lit->getNumConcatenated(); ++T) {
    unsigned Quote = 0;
    SourceLocation Spelled = quotedTextOf(Lit->getStrTokenLoc(T), SM, Quote);
    if (Spelled.isInvalid())
      return {};
    const char *P = SM.getCharacterData(Spelled);
    const char *C = P + Quote + 1;
    while (*C && *C != '"' && *C != '\n') {
      // A backslash-newline splices lines: no character.
      if (C[0] == '\\' && (C[1] == '\n' || (C[1] == '\r' && C[2] == '\n'))) {
        C += C[1] == '\n' ? 2 : 3;
        continue;
      }
      if (Seen == Index)
        return Spelled.getLocWithOffset(C - P);
      if (*C == '\\') {
        ++C;
        if (*C == 'x' || *C == 'u' || *C == 'U' || llvm::isDigit(*C))
          return {}; // numeric escapes: not followed
      }
      ++C;
      ++Seen;
    }
  }
  return {};
}

} // namespace clang::tidy::pipelint::utils
