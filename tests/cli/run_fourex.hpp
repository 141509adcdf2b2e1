// Runs build/fourex (FOUREX_BINARY) or any shell command as a subprocess
// with extra environment, stdin from /dev/null, and captures its output.
#pragma once

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include <unistd.h>

namespace fourex::testing {

struct CommandResult {
  int status = -1;  // exit status
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command` (shell text) in `dir` with `env` added; ENV_FILE points
// nowhere so a developer's .env cannot leak in.
inline CommandResult run_shell(const std::string& command,
                               const std::map<std::string, std::string>& env,
                               const std::string& dir = ".") {
  static int counter = 0;
  auto base = "/tmp/fourex-cli-test-" + std::to_string(::getpid()) + "-" +
              std::to_string(++counter);
  std::string line = "cd " + shell_quote(dir) + " && env ENV_FILE=/nonexistent";
  for (const auto& [k, v] : env) line += " " + k + "=" + shell_quote(v);
  line += " " + command + " </dev/null >" + base + ".out 2>" + base + ".err";
  int raw = std::system(line.c_str());
  CommandResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

// `fourex <args>` on database_url.
inline CommandResult run_fourex(const std::string& args,
                                const std::string& database_url) {
  return run_shell(shell_quote(FOUREX_BINARY) + " " + args,
                   {{"DATABASE_URL", database_url}});
}

}  // namespace fourex::testing
