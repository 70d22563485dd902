//===--- PrefilterScan.h - a lexical scan of C and C++ source ---*- C++ -*-===//
//
// The pre-filter's lexer: finds identifiers (outside comments and string
// literals), #include and #define directives, token pasting and octal
// literals, without a preprocessor. Line splices are undone first, so
// `Create\<newline>NamedPipeW` is one identifier, as it is for the compiler.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_DRIVER_PREFILTERSCAN_H
#define PIPELINT_DRIVER_PREFILTERSCAN_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace pipelint::pf {

struct IncludeDirective {
  std::string Name;         ///< as written, without the delimiters
  bool Angled = false;      ///< <name> rather than "name"
  bool Next = false;        ///< #include_next
  bool Computed = false;    ///< #include MACRO: the name is unknown
  bool Conditional = false; ///< inside #if/#ifdef (an include guard aside)
  size_t Offset = 0;        ///< of the `#`, in the text given to the scan
};

/// Where an identifier stands.
enum class IdentifierContext {
  Plain,  ///< anywhere else (unqualified, `::name`)
  Member, ///< after `.`, `->` or `Class::`, and Qt's connect() in a QObject
  Std,    ///< right after `std::`: the standard library's
};

/// What the scan reports, in source order.
class ScanEvents {
public:
  virtual ~ScanEvents();
  /// An identifier anywhere outside comments and literals (directives
  /// included).
  virtual void identifier(llvm::StringRef Name, IdentifierContext Where) = 0;
  /// A #define: the macro's name and the identifiers of its parameter list
  /// and replacement list; \p Pastes when the replacement list holds `##`.
  virtual void define(llvm::StringRef Name,
                      llvm::ArrayRef<llvm::StringRef> Identifiers,
                      bool Pastes) = 0;
  virtual void include(const IncludeDirective &D) = 0;
  /// An octal integer literal (0644) outside directives.
  virtual void octalLiteral() = 0;
  /// An identifier outside directives, at \p Offset of the text given to
  /// the scan (line splices counted).
  virtual void identifierAt(llvm::StringRef /*Name*/,
                            IdentifierContext /*Where*/, size_t /*Offset*/) {}
  /// A conditional directive (`if`, `ifdef`, `ifndef`, `elif`, `elifdef`,
  /// `elifndef`, `else`, `endif`) and the rest of its logical line.
  virtual void conditional(llvm::StringRef /*Directive*/,
                           llvm::StringRef /*Condition*/, size_t /*Offset*/) {}
};

/// Scans \p Text. \p CPlusPlus enables raw string literals.
void scanSource(llvm::StringRef Text, bool CPlusPlus, ScanEvents &Events);

/// Scans only the directive lines of \p Text (those whose first token is
/// `#`, also after a comment that ends on the line), for system headers:
/// several times faster than scanSource. Identifiers are reported from
/// directives only, and every #include counts as unconditional. A line
/// inside a block comment that starts with `#` is taken for a directive,
/// which can only add definitions.
void scanDirectives(llvm::StringRef Text, bool CPlusPlus, ScanEvents &Events);

} // namespace pipelint::pf

#endif
