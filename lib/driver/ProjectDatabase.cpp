//===--- ProjectDatabase.cpp - reading compile_commands.json --------------===//
#include "driver/ProjectDatabase.h"
#include "driver/CommandLine.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"

#include <nlohmann/json.hpp>

namespace pipelint {

namespace {

std::vector<std::string> splitCommand(const std::string &Command,
                                      bool Windows) {
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  llvm::SmallVector<const char *, 32> Argv;
  if (Windows)
    llvm::cl::TokenizeWindowsCommandLine(Command, Saver, Argv);
  else
    llvm::cl::TokenizeGNUCommandLine(Command, Saver, Argv);
  return std::vector<std::string>(Argv.begin(), Argv.end());
}

std::string normalise(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

} // namespace

std::unique_ptr<ProjectDatabase>
ProjectDatabase::load(const std::string &JsonPath, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(JsonPath, /*IsText=*/true);
  if (!Buffer) {
    Error = JsonPath + ": cannot be read: " + Buffer.getError().message();
    return nullptr;
  }
  nlohmann::json Doc;
  try {
    Doc = nlohmann::json::parse((*Buffer)->getBuffer().begin(),
                                (*Buffer)->getBuffer().end());
  } catch (const nlohmann::json::parse_error &E) {
    // Turn the byte position into line:column.
    llvm::StringRef Text = (*Buffer)->getBuffer();
    size_t Pos = std::min<size_t>(E.byte ? E.byte - 1 : 0, Text.size());
    size_t Line = Text.take_front(Pos).count('\n') + 1;
    size_t LastNl = Text.take_front(Pos).rfind('\n');
    size_t Column = LastNl == llvm::StringRef::npos ? Pos + 1 : Pos - LastNl;
    Error = JsonPath + ":" + std::to_string(Line) + ":" +
            std::to_string(Column) + ": not valid JSON";
    return nullptr;
  } catch (const nlohmann::json::exception &E) {
    // The parser reports some errors as other exceptions: a number too
    // large for a double (1e400) is an out_of_range.
    llvm::StringRef What = E.what(); // "[json.exception.x.n] message"
    if (What.starts_with("[") && What.contains("] "))
      What = What.split("] ").second;
    Error = JsonPath + ": not valid JSON: " + What.str();
    return nullptr;
  }
  if (!Doc.is_array()) {
    Error = JsonPath + ": a compile database must be a JSON array of entries";
    return nullptr;
  }

  auto DB = std::unique_ptr<ProjectDatabase>(new ProjectDatabase());
  DB->JsonPath = JsonPath;
  llvm::SmallString<256> AbsJson(JsonPath);
  llvm::sys::fs::make_absolute(AbsJson);
  std::string Anchor = llvm::sys::path::parent_path(normalise(AbsJson)).str();
  size_t Index = 0;
  for (const nlohmann::json &Item : Doc) {
    std::string Where = JsonPath + ": entry " + std::to_string(Index++);
    if (!Item.is_object() || !Item.contains("file") ||
        !Item["file"].is_string() || !Item.contains("directory") ||
        !Item["directory"].is_string()) {
      DB->Warnings.push_back(
          Where + " has no \"file\" or \"directory\" string: skipped");
      continue;
    }
    DatabaseEntry E;
    E.Written = Item["file"].get<std::string>();
    std::string Directory = Item["directory"].get<std::string>();
    E.Foreign = isWindowsPath(Directory) || isWindowsPath(E.Written);
    if (Item.contains("arguments") && Item["arguments"].is_array()) {
      for (const auto &A : Item["arguments"])
        if (A.is_string())
          E.Args.push_back(A.get<std::string>());
    } else if (Item.contains("command") && Item["command"].is_string()) {
      std::string Command = Item["command"].get<std::string>();
      E.Args = splitCommand(Command, E.Foreign);
    } else {
      DB->Warnings.push_back(Where + " (" + E.Written +
                             ") has neither \"arguments\" nor \"command\": "
                             "skipped");
      continue;
    }
    if (E.Args.empty()) {
      DB->Warnings.push_back(Where + " (" + E.Written +
                             ") has an empty command: skipped");
      continue;
    }
    E.Msvc = isMsvcCommand(E.Args);

    // Locate the directory and the file on this machine.
    if (E.Foreign) {
      E.Directory = mapForeignPath(Directory, Anchor);
      if (E.Directory.empty())
        E.Directory = Anchor;
      std::string FilePath = E.Written;
      if (!isWindowsPath(FilePath))
        FilePath = Directory + "\\" + FilePath;
      E.File = mapForeignPath(FilePath, Anchor);
    } else {
      E.Directory = Directory;
      llvm::SmallString<256> F(E.Written);
      if (!llvm::sys::path::is_absolute(F)) {
        F = Directory;
        llvm::sys::path::append(F, E.Written);
      }
      E.File = normalise(F);
      if (!llvm::sys::fs::exists(E.File))
        E.File.clear();
    }
    if (!E.File.empty() && DB->ByFile.count(E.File))
      continue; // duplicate entry: the first one wins
    if (!E.File.empty())
      DB->ByFile[E.File] = DB->Entries.size();
    DB->Entries.push_back(std::move(E));
  }
  return DB;
}

const DatabaseEntry *ProjectDatabase::find(const std::string &File) const {
  auto It = ByFile.find(normalise(File));
  return It == ByFile.end() ? nullptr : &Entries[It->second];
}

std::vector<clang::tooling::CompileCommand>
ProjectDatabase::getCompileCommands(llvm::StringRef FilePath) const {
  const DatabaseEntry *E = find(FilePath.str());
  if (!E || E->Msvc || E->Foreign)
    return {};
  return {clang::tooling::CompileCommand(E->Directory, E->File, E->Args, "")};
}

std::vector<std::string> ProjectDatabase::getAllFiles() const {
  std::vector<std::string> Files;
  for (const DatabaseEntry &E : Entries)
    if (!E.File.empty() && !E.Msvc && !E.Foreign)
      Files.push_back(E.File);
  return Files;
}

std::vector<clang::tooling::CompileCommand>
ProjectDatabase::getAllCompileCommands() const {
  std::vector<clang::tooling::CompileCommand> Commands;
  for (const DatabaseEntry &E : Entries)
    if (!E.File.empty() && !E.Msvc && !E.Foreign)
      Commands.emplace_back(E.Directory, E.File, E.Args, "");
  return Commands;
}

} // namespace pipelint
