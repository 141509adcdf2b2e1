// A bad setting, from the environment, a .env file or a flag, stops
// scripts/run and fourex before anything starts: one line naming it, exit 2.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "tests/cli/run_fourex.hpp"

using namespace fourex::testing;

TEST_CASE("scripts/run with DATABASE_URL=nonsense exits 2 with one line",
          "[cli][run]") {
  // The build folder of this test run: scripts/run finds the server built.
  auto build_dir = std::filesystem::path(FOUREX_BINARY).parent_path().string();
  auto r =
      run_shell(shell_quote(FOUREX_SOURCE_DIR "/scripts/run"),
                {{"DATABASE_URL", "nonsense"}, {"FOUREX_BUILD_DIR", build_dir}},
                FOUREX_SOURCE_DIR);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  // The build's one progress line, then the refusal.
  auto last_line_start = r.err.rfind('\n', r.err.size() - 2);
  auto last = r.err.substr(
      last_line_start == std::string::npos ? 0 : last_line_start + 1);
  CHECK(last.rfind("fourex: DATABASE_URL=nonsense: expected postgresql://",
                   0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 2);
}

TEST_CASE("a bad .env line or flag stops fourex serve with exit 2 and one line",
          "[cli][run]") {
  auto env_file = std::filesystem::temp_directory_path() /
                  ("fourex-bad-env-" + std::to_string(::getpid()));
  std::ofstream(env_file) << "PORT=8000\n=8001\n";
  auto from_file = run_shell(shell_quote(FOUREX_BINARY) + " serve",
                             {{"ENV_FILE", env_file.string()}});
  std::filesystem::remove(env_file);
  INFO(from_file.err);
  CHECK(from_file.status == 2);
  CHECK(from_file.err.find(".env line 2: expected KEY=VALUE") !=
        std::string::npos);
  CHECK(std::count(from_file.err.begin(), from_file.err.end(), '\n') == 1);

  auto from_flag = run_shell(shell_quote(FOUREX_BINARY) + " serve --port", {});
  INFO(from_flag.err);
  CHECK(from_flag.status == 2);
  CHECK(from_flag.err.find("PORT=true: expected") != std::string::npos);
  CHECK(std::count(from_flag.err.begin(), from_flag.err.end(), '\n') == 1);
}
