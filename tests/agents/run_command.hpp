// Runs a shell command from a test and keeps its stdout (add 2>&1 for
// stderr too), its exit code and its last line parsed as JSON (the summary
// of `fourex play --json`); and a scratch folder for the commands' files.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

#include <rapidjson/document.h>
#include <unistd.h>

namespace fourex::testing {

struct CommandRun {
  int exit_code = -1;
  std::string output;
  rapidjson::Document last_line;  // HasParseError() unless it was JSON
};

inline CommandRun run_command(const std::string& command) {
  CommandRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe)) run.output += buf.data();
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  const auto end = run.output.find_last_not_of('\n');
  const auto start = end == std::string::npos ? std::string::npos
                                              : run.output.rfind('\n', end);
  const auto from = start == std::string::npos ? 0 : start + 1;
  const auto last = end == std::string::npos
                        ? std::string{}
                        : run.output.substr(from, end + 1 - from);
  run.last_line.Parse(last.c_str());
  return run;
}

// This process's scratch folder (token files, CSVs), removed when the test
// binary exits.
inline std::string scratch_dir() {
  static const struct Dir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("fourex-agents-" + std::to_string(::getpid()));
    ~Dir() { std::filesystem::remove_all(path); }
  } dir;
  std::filesystem::create_directories(dir.path);
  return dir.path.string();
}

}  // namespace fourex::testing
