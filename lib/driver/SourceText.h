//===--- SourceText.h - file contents and offset <-> line:column -*- C++
//-*-===//
#ifndef PIPELINT_DRIVER_SOURCETEXT_H
#define PIPELINT_DRIVER_SOURCETEXT_H

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pipelint {

/// The text of one file with a line index.
class SourceText {
public:
  explicit SourceText(std::string Text);
  const std::string &text() const { return Text; }
  /// 1-based line and byte column of \p Offset (clamped to the text).
  void position(unsigned Offset, unsigned &Line, unsigned &Column) const;
  /// Byte offset of 1-based \p Line, \p Column (clamped).
  unsigned offset(unsigned Line, unsigned Column) const;
  /// The text of 1-based line \p Line without its line break.
  std::string_view line(unsigned Line) const;
  unsigned lineCount() const { return LineStarts.size(); }

private:
  std::string Text;
  std::vector<unsigned> LineStarts;
};

/// Reads files once; returns nullptr for a file that cannot be read.
class SourceCache {
public:
  const SourceText *get(const std::string &Path);

private:
  std::map<std::string, std::unique_ptr<SourceText>> Files;
};

/// Length in bytes of the token that starts at \p Offset (an identifier,
/// number or one punctuation character); at least 1.
unsigned tokenLength(std::string_view Text, unsigned Offset);

/// Column counted in Unicode code points instead of bytes (for SARIF).
unsigned codePointColumn(std::string_view LineText, unsigned ByteColumn);

} // namespace pipelint

#endif
