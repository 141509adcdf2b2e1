// Finding and running the PostgreSQL client programs.
#include "cli/pg_tools.hpp"

#include <cerrno>
#include <sys/wait.h>

#include <spawn.h>
#include <unistd.h>

extern char** environ;

namespace fourex::cli {

std::string pg_program(const std::string& name, int major) {
  auto versioned =
      "/usr/lib/postgresql/" + std::to_string(major) + "/bin/" + name;
  return ::access(versioned.c_str(), X_OK) == 0 ? versioned : name;
}

int run_program(const std::string& program,
                const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawnp(&pid, program.c_str(), nullptr, nullptr, argv.data(),
                     environ) != 0)
    return 127;
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (done < 0) return 127;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace fourex::cli
