//===--- PrefilterScan.cpp - a lexical scan of C and C++ source -----------===//
#include "driver/PrefilterScan.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace pipelint::pf {

ScanEvents::~ScanEvents() = default;

namespace {

bool isIdentStart(unsigned char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || C == '_' ||
         C == '$' || C >= 0x80;
}
bool isIdentChar(unsigned char C) {
  return isIdentStart(C) || (C >= '0' && C <= '9');
}
bool isDigit(char C) { return C >= '0' && C <= '9'; }
bool isHorizontalSpace(char C) {
  return C == ' ' || C == '\t' || C == '\r' || C == '\f' || C == '\v';
}

/// Where the spliced text lost characters: (offset in the output, total
/// removed up to there), so that an offset maps back to the original.
using SpliceMap = std::vector<std::pair<size_t, size_t>>;

/// Removes backslash-newline pairs (translation phase 2).
std::string splice(llvm::StringRef In, SpliceMap &Map) {
  std::string Out;
  Out.reserve(In.size());
  size_t Removed = 0;
  for (size_t I = 0; I < In.size(); ++I) {
    if (In[I] == '\\') {
      size_t J = I + 1;
      while (J < In.size() && isHorizontalSpace(In[J]) && In[J] != '\n')
        ++J; // clang accepts whitespace between the backslash and newline
      if (J < In.size() && In[J] == '\n') {
        Removed += J - I + 1;
        Map.push_back({Out.size(), Removed});
        I = J;
        continue;
      }
    }
    Out += In[I];
  }
  return Out;
}

bool needsSplicing(llvm::StringRef In) {
  for (size_t I = In.find('\\'); I != llvm::StringRef::npos;
       I = In.find('\\', I + 1)) {
    size_t J = I + 1;
    while (J < In.size() && isHorizontalSpace(In[J]))
      ++J;
    if (J < In.size() && In[J] == '\n')
      return true;
  }
  return false;
}

/// Keywords that can stand before `::name` (`return ::open(...)`).
bool isKeyword(llvm::StringRef Name) {
  for (llvm::StringRef K :
       {"return",   "case",     "else",      "do",       "throw",  "co_return",
        "co_await", "co_yield", "sizeof",    "new",      "delete", "typename",
        "const",    "volatile", "static",    "extern",   "inline", "auto",
        "void",     "int",      "char",      "unsigned", "signed", "long",
        "short",    "bool",     "float",     "double",   "struct", "class",
        "union",    "enum",     "goto",      "and",      "or",     "not",
        "friend",   "virtual",  "constexpr", "noexcept"})
    if (Name == K)
      return true;
  return false;
}

/// True when the call whose name ends where \p After starts reads as Qt's
/// QObject::connect/disconnect (or QDialog::accept): it has SIGNAL()/SLOT(),
/// a `&Class::member`, a lambda, or not the three arguments of the socket
/// call.
bool looksLikeQtConnect(llvm::StringRef After) {
  After = After.take_front(4096).ltrim();
  if (!After.consume_front("("))
    return false;
  llvm::SmallVector<llvm::StringRef, 6> Args;
  unsigned Depth = 0;
  size_t ArgStart = 0;
  bool Closed = false;
  for (size_t I = 0; I < After.size(); ++I) {
    char C = After[I];
    if (C == '"' || C == '\'') {
      for (++I; I < After.size() && After[I] != C; ++I)
        I += After[I] == '\\';
      continue;
    }
    if (C == '(' || C == '[' || C == '{') {
      ++Depth;
    } else if ((C == ')' || C == ']' || C == '}') && Depth) {
      --Depth;
    } else if ((C == ',' && !Depth) || C == ')') {
      Args.push_back(After.slice(ArgStart, I).trim());
      ArgStart = I + 1;
      if ((Closed = C == ')'))
        break;
    } else if (C == ';' && !Depth) {
      return false; // not a call after all
    }
  }
  if (!Closed)
    return false;
  for (llvm::StringRef A : Args)
    if (A.contains("SIGNAL(") || A.contains("SLOT(") || A.starts_with("["))
      return true;
  if (Args.size() >= 2 &&
      ((Args[1].starts_with("&") && Args[1].contains("::")) ||
       Args[1].contains("QOverload<") || Args[1].contains("qOverload<")))
    return true; // a member function pointer: Qt's signal
  return Args.size() != 3;
}

enum class Directive { None, Define, Include, Other };

class Scanner {
public:
  Scanner(llvm::StringRef Text, bool CPlusPlus, ScanEvents &E,
          const SpliceMap *Splices = nullptr)
      : P(Text.begin()), Begin(Text.begin()), End(Text.end()),
        CPlusPlus(CPlusPlus), E(E), Splices(Splices) {}

  void run() {
    while (P < End) {
      char C = *P;
      if (C == '\n') {
        endLine();
        ++P;
        continue;
      }
      if (isHorizontalSpace(C)) {
        ++P;
        continue;
      }
      if (C == '/' && P + 1 < End && (P[1] == '/' || P[1] == '*')) {
        skipComment();
        continue;
      }
      bool AtLineStart = LineStart;
      LineStart = false;
      if (AtLineStart && Dir == Directive::None &&
          (C == '#' || (C == '%' && P + 1 < End && P[1] == ':'))) {
        P += C == '#' ? 1 : 2;
        startDirective();
        continue;
      }
      if (C == '"' || C == '\'') {
        skipQuoted(C);
        Where = IdentifierContext::Plain;
        LastIdent = {};
        continue;
      }
      if (isDigit(C) || (C == '.' && P + 1 < End && isDigit(P[1]))) {
        number();
        Where = IdentifierContext::Plain;
        LastIdent = {};
        continue;
      }
      if (isIdentStart(static_cast<unsigned char>(C))) {
        identifier();
        continue;
      }
      punctuation();
    }
    endLine();
  }

private:
  const char *P, *Begin, *End;
  bool CPlusPlus;
  ScanEvents &E;
  const SpliceMap *Splices;

  /// The offset of \p At in the text as given (before splicing).
  size_t offsetOf(const char *At) const {
    size_t Off = At - Begin;
    if (!Splices || Splices->empty())
      return Off;
    auto It =
        std::upper_bound(Splices->begin(), Splices->end(), Off,
                         [](size_t O, const std::pair<size_t, size_t> &S) {
                           return O < S.first;
                         });
    return It == Splices->begin() ? Off : Off + std::prev(It)->second;
  }

  /// The rest of the directive's line, from P.
  llvm::StringRef restOfLine() const {
    const char *NL = static_cast<const char *>(std::memchr(P, '\n', End - P));
    return llvm::StringRef(P, (NL ? NL : End) - P);
  }
  bool LineStart = true;
  IdentifierContext Where = IdentifierContext::Plain;
  llvm::StringRef LastIdent; ///< the previous token, when an identifier

  // The directive on the current line.
  Directive Dir = Directive::None;
  bool DefineNamed = false;
  llvm::StringRef DefineName;
  llvm::SmallVector<llvm::StringRef, 16> DefineIdents;
  bool DefinePastes = false;

  // Conditional nesting; an include guard (a first #ifndef X followed by
  // #define X) does not make its contents conditional.
  llvm::SmallVector<bool, 8> Conditionals; ///< true: the include guard
  unsigned RealConditionals = 0;
  unsigned DirectivesSeen = 0;
  std::string GuardCandidate;

  void endLine() {
    if (Dir == Directive::Define && DefineNamed)
      E.define(DefineName, DefineIdents, DefinePastes);
    Dir = Directive::None;
    LineStart = true;
    Where = IdentifierContext::Plain;
    LastIdent = {};
  }

  void skipComment() {
    if (P[1] == '/') {
      const void *NL = std::memchr(P, '\n', End - P);
      P = NL ? static_cast<const char *>(NL) : End;
      return;
    }
    // A block comment is one space: it neither ends a directive nor starts
    // a line, even when it spans several.
    for (P += 2; P + 1 < End; ++P)
      if (P[0] == '*' && P[1] == '/') {
        P += 2;
        return;
      }
    P = End;
  }

  void skipQuoted(char Quote) {
    for (++P; P < End; ++P) {
      if (*P == '\\' && P + 1 < End) {
        ++P;
        continue;
      }
      if (*P == Quote)
        break;
      if (*P == '\n')
        return; // unterminated: the newline ends the line
    }
    if (P < End)
      ++P;
  }

  /// R"delim( ... )delim": true when one was skipped.
  bool skipRawString() {
    const char *Q = P + 1; // after the quote
    const char *Open = Q;
    while (Open < End && Open - Q <= 16 && *Open != '(') {
      if (*Open == ' ' || *Open == ')' || *Open == '\\' || *Open == '\n' ||
          *Open == '\t')
        return false;
      ++Open;
    }
    if (Open >= End || *Open != '(')
      return false;
    std::string Close = ")" + std::string(Q, Open) + "\"";
    llvm::StringRef Rest(Open + 1, End - Open - 1);
    size_t At = Rest.find(Close);
    P = At == llvm::StringRef::npos ? End : Rest.begin() + At + Close.size();
    return true;
  }

  void number() {
    const char *Start = P;
    ++P;
    while (P < End) {
      char C = *P;
      if ((C == '+' || C == '-') &&
          (P[-1] == 'e' || P[-1] == 'E' || P[-1] == 'p' || P[-1] == 'P')) {
        ++P;
        continue;
      }
      if (C == '\'' && P + 1 < End &&
          isIdentChar(static_cast<unsigned char>(P[1]))) {
        P += 2; // a digit separator
        continue;
      }
      if (isIdentChar(static_cast<unsigned char>(C)) || C == '.') {
        ++P;
        continue;
      }
      break;
    }
    llvm::StringRef Text(Start, P - Start);
    if (Text.size() < 2 || Text[0] != '0')
      return;
    llvm::StringRef Digits = Text.drop_front().rtrim("uUlLzZ");
    if (Digits.empty())
      return;
    for (char C : Digits)
      if (!(C >= '0' && C <= '7') && C != '\'')
        return;
    E.octalLiteral();
  }

  void identifier() {
    const char *Start = P;
    while (P < End && isIdentChar(static_cast<unsigned char>(*P)))
      ++P;
    llvm::StringRef Name(Start, P - Start);
    if (P < End && (*P == '"' || *P == '\'')) {
      // An encoding prefix (L, u8, ...) or a raw string.
      if (CPlusPlus && *P == '"' &&
          (Name == "R" || Name == "LR" || Name == "uR" || Name == "UR" ||
           Name == "u8R") &&
          skipRawString()) {
        Where = IdentifierContext::Plain;
        LastIdent = {};
        return;
      }
      if (Name == "L" || Name == "u" || Name == "U" || Name == "u8") {
        skipQuoted(*P);
        Where = IdentifierContext::Plain;
        LastIdent = {};
        return;
      }
    }
    if (Dir == Directive::Define) {
      if (!DefineNamed) {
        DefineNamed = true;
        DefineName = Name;
        if (DirectivesSeen == 2 && !GuardCandidate.empty() &&
            Name == GuardCandidate && Conditionals.size() == 1 &&
            !Conditionals.back()) {
          Conditionals.back() = true; // the include guard
          --RealConditionals;
        }
      } else {
        DefineIdents.push_back(Name);
      }
    }
    if (Where == IdentifierContext::Plain && Dir == Directive::None &&
        (Name == "connect" || Name == "disconnect" || Name == "accept") &&
        looksLikeQtConnect(llvm::StringRef(P, End - P)))
      Where = IdentifierContext::Member; // QObject::connect, in a QObject
    E.identifier(Name, Where);
    if (Dir == Directive::None)
      E.identifierAt(Name, Where, offsetOf(Start));
    Where = IdentifierContext::Plain;
    LastIdent = Name;
  }

  void punctuation() {
    char C = *P;
    char N = P + 1 < End ? P[1] : '\0';
    llvm::StringRef AfterIdent = LastIdent;
    LastIdent = {};
    if (C == '.') {
      if (N == '*') {
        P += 2;
        Where = IdentifierContext::Plain;
      } else if (N == '.' && P + 2 < End && P[2] == '.') {
        P += 3;
        Where = IdentifierContext::Plain;
      } else {
        ++P;
        Where = IdentifierContext::Member;
      }
      return;
    }
    if (C == '-' && N == '>') {
      bool Star = P + 2 < End && P[2] == '*';
      P += Star ? 3 : 2;
      Where = Star ? IdentifierContext::Plain : IdentifierContext::Member;
      return;
    }
    bool Paste =
        (C == '#' && N == '#') ||
        (C == '%' && N == ':' && P + 3 < End && P[2] == '%' && P[3] == ':');
    if (Paste) {
      if (Dir == Directive::Define)
        DefinePastes = true;
      P += C == '#' ? 2 : 4;
      Where = IdentifierContext::Plain;
      return;
    }
    if (C == ':' && N == ':') {
      P += 2;
      // std::name, Class::name (a member, or a namespace's), ::name.
      Where = AfterIdent == "std" ? IdentifierContext::Std
              : AfterIdent.empty() || isKeyword(AfterIdent)
                  ? IdentifierContext::Plain
                  : IdentifierContext::Member;
      return;
    }
    ++P;
    Where = IdentifierContext::Plain;
  }

  /// After the `#` of a directive: reads its name and, for #include, the
  /// header name.
  void startDirective() {
    const char *Hash = P - 1;
    while (P < End) {
      if (isHorizontalSpace(*P))
        ++P;
      else if (*P == '/' && P + 1 < End && P[1] == '*')
        skipComment();
      else
        break;
    }
    const char *Start = P;
    while (P < End && isIdentChar(static_cast<unsigned char>(*P)))
      ++P;
    llvm::StringRef Name(Start, P - Start);
    ++DirectivesSeen;
    Dir = Directive::Other;
    if (Name == "define") {
      Dir = Directive::Define;
      DefineNamed = false;
      DefineIdents.clear();
      DefinePastes = false;
      return;
    }
    if (Name == "if" || Name == "ifdef" || Name == "ifndef" || Name == "elif" ||
        Name == "elifdef" || Name == "elifndef" || Name == "else" ||
        Name == "endif")
      E.conditional(Name, restOfLine(), offsetOf(Hash));
    if (Name == "if" || Name == "ifdef" || Name == "ifndef") {
      Conditionals.push_back(false);
      ++RealConditionals;
      if (DirectivesSeen == 1 && Name != "if")
        GuardCandidate = Name == "ifndef" ? peekIdentifier().str() : "";
      else if (DirectivesSeen == 1)
        GuardCandidate = notDefinedName().str();
      return;
    }
    if (Name == "endif") {
      if (!Conditionals.empty()) {
        if (!Conditionals.back())
          --RealConditionals;
        Conditionals.pop_back();
      }
      return;
    }
    if (Name == "include" || Name == "include_next" || Name == "import") {
      Dir = Directive::Include;
      IncludeDirective D;
      D.Next = Name == "include_next";
      D.Conditional = RealConditionals > 0;
      D.Offset = offsetOf(Hash);
      readHeaderName(D);
      E.include(D);
    }
  }

  llvm::StringRef peekIdentifier() const {
    const char *Q = P;
    while (Q < End && isHorizontalSpace(*Q))
      ++Q;
    const char *Start = Q;
    while (Q < End && isIdentChar(static_cast<unsigned char>(*Q)))
      ++Q;
    return llvm::StringRef(Start, Q - Start);
  }

  /// `#if !defined(X)` or `#if !defined X`: X.
  llvm::StringRef notDefinedName() const {
    const char *NL = static_cast<const char *>(std::memchr(P, '\n', End - P));
    llvm::StringRef Line(P, (NL ? NL : End) - P);
    Line = Line.trim();
    if (!Line.consume_front("!"))
      return "";
    Line = Line.ltrim();
    if (!Line.consume_front("defined"))
      return "";
    Line = Line.ltrim();
    bool Paren = Line.consume_front("(");
    Line = Line.ltrim();
    size_t Len = 0;
    while (Len < Line.size() &&
           isIdentChar(static_cast<unsigned char>(Line[Len])))
      ++Len;
    llvm::StringRef Id = Line.take_front(Len);
    Line = Line.drop_front(Len).ltrim();
    if (Paren && !Line.consume_front(")"))
      return "";
    return Line.trim().empty() ? Id : "";
  }

  void readHeaderName(IncludeDirective &D) {
    while (P < End && isHorizontalSpace(*P))
      ++P;
    if (P < End && (*P == '<' || *P == '"')) {
      char Close = *P == '<' ? '>' : '"';
      D.Angled = *P == '<';
      const char *Start = ++P;
      while (P < End && *P != Close && *P != '\n')
        ++P;
      if (P < End && *P == Close) {
        D.Name.assign(Start, P);
        ++P;
        return;
      }
      D.Computed = true; // unterminated: treat as unknown
      return;
    }
    D.Computed = true;
  }
};

/// The offset of the `#` that starts a directive on \p Line, or npos.
size_t directiveStart(llvm::StringRef Line) {
  size_t At = 0;
  while (At < Line.size() && isHorizontalSpace(Line[At]))
    ++At;
  if (At == Line.size())
    return llvm::StringRef::npos;
  if (Line[At] == '#' || Line.substr(At).starts_with("%:"))
    return At;
  // `/* ... */ #define X`: the comment is a space.
  if (!std::memchr(Line.data() + At, '/', Line.size() - At))
    return llvm::StringRef::npos;
  size_t Close = Line.size();
  while (Close > At + 1 && !(Line[Close - 1] == '/' && Line[Close - 2] == '*'))
    --Close;
  if (Close <= At + 1)
    return llvm::StringRef::npos;
  while (Close < Line.size() && isHorizontalSpace(Line[Close]))
    ++Close;
  return Close < Line.size() && Line[Close] == '#' ? Close
                                                   : llvm::StringRef::npos;
}

} // namespace

void scanDirectives(llvm::StringRef Text, bool CPlusPlus, ScanEvents &Events) {
  size_t Pos = 0;
  while (Pos < Text.size()) {
    size_t End = Text.find('\n', Pos);
    if (End == llvm::StringRef::npos)
      End = Text.size();
    llvm::StringRef Line = Text.slice(Pos, End);
    size_t Hash = directiveStart(Line);
    if (Hash == llvm::StringRef::npos) {
      Pos = End + 1;
      continue;
    }
    // The logical line: physical lines joined by backslash-newline.
    size_t LogicalEnd = End;
    while (LogicalEnd < Text.size()) {
      llvm::StringRef Physical = Text.slice(Pos, LogicalEnd).rtrim(" \t\r");
      if (!Physical.ends_with("\\"))
        break;
      size_t Next = Text.find('\n', LogicalEnd + 1);
      LogicalEnd = Next == llvm::StringRef::npos ? Text.size() : Next;
    }
    scanSource(Text.slice(Pos + Hash, LogicalEnd), CPlusPlus, Events);
    Pos = LogicalEnd + 1;
  }
}

void scanSource(llvm::StringRef Text, bool CPlusPlus, ScanEvents &Events) {
  if (needsSplicing(Text)) {
    SpliceMap Map;
    std::string Spliced = splice(Text, Map);
    Scanner(Spliced, CPlusPlus, Events, &Map).run();
    return;
  }
  Scanner(Text, CPlusPlus, Events).run();
}

} // namespace pipelint::pf
