// `make run-dev` (scripts/run-dev) restarts on a change of anything the
// binary is built from: it watches every CMake subdirectory of fourex plus
// web/ (embedded), and its polling fallback (no inotifywait) sees a change
// to a file of any kind. Running the loop itself would rebuild the binary
// the other tests use, so this takes its watch list and fingerprint
// function out of the script and runs them on a scratch tree.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "tests/cli/run_fourex.hpp"

using namespace fourex::testing;

namespace {

const std::string kScript = std::string(FOUREX_SOURCE_DIR) + "/scripts/run-dev";

// Bash that defines run-dev's `watched` array and `fingerprint` function.
const std::string kDefinitions =
    "eval \"$(sed -n '/^watched=(/,/)$/p; /^fingerprint()/,/^}/p' " +
    shell_quote(kScript) + ")\"; ";

std::set<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> out;
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

}  // namespace

TEST_CASE("run-dev watches every directory the binary is built from",
          "[cli][run-dev]") {
  auto listed = run_shell(
      "bash -c " +
          shell_quote(kDefinitions + "printf '%s\\n' \"${watched[@]}\""),
      {});
  REQUIRE(listed.status == 0);
  auto watched = words(listed.out);

  std::set<std::string> built = {"web", "CMakeLists.txt"};
  auto cmake = slurp(std::string(FOUREX_SOURCE_DIR) + "/CMakeLists.txt");
  // Unindented: the tests' subdirectory (inside an if) is not the binary's.
  std::regex subdirectory(R"(\nadd_subdirectory\((\w+)\))");
  for (std::sregex_iterator m(cmake.begin(), cmake.end(), subdirectory), end;
       m != end; ++m)
    built.insert((*m)[1]);
  REQUIRE(built.count("cli") == 1);
  for (const auto& dir : built) {
    INFO("run-dev does not watch " << dir);
    CHECK(watched.count(dir) == 1);
  }
}

TEST_CASE("run-dev's polling sees a change to a file of any kind",
          "[cli][run-dev]") {
  auto tree = std::filesystem::temp_directory_path() /
              ("fourex-run-dev-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tree / "web");
  std::filesystem::create_directories(tree / "persistence" / "migrations");
  std::ofstream(tree / "CMakeLists.txt") << "project(x)\n";
  auto fingerprint = [&] {
    auto r = run_shell("bash -c " + shell_quote(kDefinitions + "fingerprint"),
                       {}, tree.string());
    REQUIRE(r.status == 0);
    return r.out;
  };
  for (const char* file :
       {"web/app.js", "web/index.html", "web/style.css", "web/data.json",
        "persistence/migrations/0002_more.sql", "web/logo.svg"}) {
    INFO(file);
    auto before = fingerprint();
    std::ofstream(tree / file) << "changed\n";
    CHECK(fingerprint() != before);
  }
  auto before = fingerprint();
  std::ofstream(tree / "web" / ".app.js.swp") << "editor state\n";
  CHECK(fingerprint() == before);  // an editor's swap file is no change
  std::filesystem::remove_all(tree);
}
