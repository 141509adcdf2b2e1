// Every target `make help` lists either runs here against a real database
// (the cheap ones) or, for the long-running and installing ones, has a
// recipe whose scripts exist and parse.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "tests/cli/played_game.hpp"
#include "tests/cli/run_fourex.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

namespace {

const std::string kBuildDir =
    std::filesystem::path(FOUREX_BINARY).parent_path().string();

CommandResult make(const std::string& args, const std::string& database_url) {
  return run_shell(
      "make --no-print-directory BUILD=" + shell_quote(kBuildDir) + " " + args,
      {{"DATABASE_URL", database_url}}, FOUREX_SOURCE_DIR);
}

std::vector<std::string> help_targets() {
  auto help = make("help", "");
  REQUIRE(help.status == 0);
  std::vector<std::string> targets;
  std::istringstream lines(help.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string target;
    words >> target;
    if (!target.empty()) targets.push_back(target);
  }
  return targets;
}

// The targets cheap enough to run here; every other target of `make help`
// (installing, long-running, whole-suite, the agents' games) is checked by
// a dry run.
const std::set<std::string> kRunHere = {
    "help",     "bin",     "db-create", "db-migrate", "db-check",
    "db-list",  "db-info", "db-size",   "db-backup",  "db-restore",
    "db-reset", "db-drop", "lint",      "format"};

}  // namespace

TEST_CASE("make help lists every target with one line", "[cli][make]") {
  auto targets = help_targets();
  for (const char* expected :
       {"install", "sync", "db-create", "db-drop", "db-reset", "db-check",
        "db-list", "db-info", "backend-dev", "run-dev", "backend-test",
        "test-cov", "lint", "format", "help"})
    CHECK(std::count(targets.begin(), targets.end(), expected) == 1);
}

TEST_CASE("make's other targets call scripts that exist and parse",
          "[cli][make]") {
  std::regex script(R"(\./scripts/([a-z-]+))");
  for (const auto& target : help_targets()) {
    if (kRunHere.count(target)) continue;
    INFO(target);
    auto dry = make("-n " + target, "");
    CHECK(dry.status == 0);
    for (std::sregex_iterator m(dry.out.begin(), dry.out.end(), script), end;
         m != end; ++m) {
      auto path = std::string(FOUREX_SOURCE_DIR) + "/scripts/" + (*m)[1].str();
      INFO(path);
      CHECK(::access(path.c_str(), X_OK) == 0);
      CHECK(run_shell("bash -n " + shell_quote(path), {}).status == 0);
    }
  }
}

TEST_CASE("make's database, lint and format targets run", "[cli][make]") {
  TestDatabase db;
  auto targets = help_targets();
  std::set<std::string> ran;
  auto run = [&](const std::string& target, const std::string& args = {}) {
    ran.insert(target);
    return make(target + " " + args, db.url());
  };

  CHECK(run("help").status == 0);
  CHECK(run("bin").status == 0);
  auto create = run("db-create");
  CHECK(create.status == 0);
  CHECK_THAT(create.out, Catch::Contains("schema version 2"));
  CHECK(run("db-migrate").status == 0);
  auto check = run("db-check");
  CHECK(check.status == 0);
  CHECK_THAT(check.out, Catch::Contains("PostgreSQL 15"));

  play_small_game(db.url(), "made", 1);
  auto list = run("db-list");
  CHECK(list.status == 0);
  CHECK_THAT(list.out, Catch::Contains("made"));
  auto info = run("db-info", "GAME=made");
  CHECK(info.status == 0);
  CHECK_THAT(info.out, Catch::Contains("Alice"));
  CHECK(make("db-info", db.url()).status != 0);  // GAME= is required
  CHECK(run("db-size").status == 0);

  auto file = std::filesystem::temp_directory_path() /
              ("fourex-make-" + db.name() + ".dump");
  CHECK(run("db-backup", "FILE=" + file.string()).status == 0);
  CHECK(run("db-restore", "FILE=" + file.string()).status == 0);
  std::filesystem::remove(file);

  auto refused = run("db-reset");
  CHECK(refused.status != 0);
  CHECK_THAT(refused.err, Catch::Contains("without --yes"));
  CHECK(run("db-reset", "YES=1").status == 0);
  CHECK(run("db-drop", "YES=1").status == 0);

  auto lint = run("lint", "FILES='cli/pg_tools.cpp cli/db_report.cpp'");
  CHECK(lint.status == 0);
  CHECK_THAT(lint.out, Catch::Contains("lint: clean"));
  // The whole tree is kept clang-formatted.
  auto format = run("format", "CHECK=1");
  INFO(format.err);
  CHECK(format.status == 0);

  CHECK(ran == kRunHere);
  for (const auto& target : kRunHere) {
    INFO("not in make help: " << target);
    CHECK(std::count(targets.begin(), targets.end(), target) == 1);
  }
}
