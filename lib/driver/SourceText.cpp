//===--- SourceText.cpp ---------------------------------------------------===//
#include "driver/SourceText.h"

#include "llvm/Support/MemoryBuffer.h"
#include <algorithm>
#include <cctype>

namespace pipelint {

SourceText::SourceText(std::string T) : Text(std::move(T)) {
  LineStarts.push_back(0);
  for (unsigned I = 0; I < Text.size(); ++I)
    if (Text[I] == '\n')
      LineStarts.push_back(I + 1);
}

void SourceText::position(unsigned Offset, unsigned &Line,
                          unsigned &Column) const {
  Offset = std::min<unsigned>(Offset, Text.size());
  auto It = std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset);
  unsigned Index = static_cast<unsigned>(It - LineStarts.begin()) - 1;
  Line = Index + 1;
  Column = Offset - LineStarts[Index] + 1;
}

unsigned SourceText::offset(unsigned Line, unsigned Column) const {
  if (Line == 0)
    return 0;
  if (Line > LineStarts.size())
    return Text.size();
  unsigned Start = LineStarts[Line - 1];
  return std::min<unsigned>(Start + (Column ? Column - 1 : 0), Text.size());
}

std::string_view SourceText::line(unsigned Line) const {
  if (Line == 0 || Line > LineStarts.size())
    return {};
  unsigned Start = LineStarts[Line - 1];
  unsigned End = Line < LineStarts.size() ? LineStarts[Line] : Text.size();
  std::string_view V(Text.data() + Start, End - Start);
  while (!V.empty() && (V.back() == '\n' || V.back() == '\r'))
    V.remove_suffix(1);
  return V;
}

const SourceText *SourceCache::get(const std::string &Path) {
  auto It = Files.find(Path);
  if (It != Files.end())
    return It->second.get();
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  std::unique_ptr<SourceText> Entry;
  if (Buffer)
    Entry = std::make_unique<SourceText>((*Buffer)->getBuffer().str());
  const SourceText *Result = Entry.get();
  Files.emplace(Path, std::move(Entry));
  return Result;
}

unsigned tokenLength(std::string_view Text, unsigned Offset) {
  if (Offset >= Text.size())
    return 1;
  auto IsIdent = [](char C) {
    return std::isalnum(static_cast<unsigned char>(C)) || C == '_';
  };
  unsigned End = Offset;
  while (End < Text.size() && IsIdent(Text[End]))
    ++End;
  return End > Offset ? End - Offset : 1;
}

unsigned codePointColumn(std::string_view LineText, unsigned ByteColumn) {
  unsigned Column = 1;
  for (unsigned I = 0; I + 1 < ByteColumn && I < LineText.size(); ++I)
    if ((static_cast<unsigned char>(LineText[I]) & 0xC0) != 0x80)
      ++Column;
  // Bytes past the end of the line (should not happen) count one each.
  if (ByteColumn > LineText.size() + 1)
    Column += ByteColumn - 1 - LineText.size();
  return Column;
}

} // namespace pipelint
