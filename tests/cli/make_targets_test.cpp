// Every target `make help` lists runs here for real (against a test
// database, a test server or the test build) unless running it would never
// end or would run this whole suite again inside itself; those are dry-run
// (make -n), their scripts checked to exist and parse, each with its reason.
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "persistence/migrator.hpp"
#include "tests/cli/played_game.hpp"
#include "tests/cli/run_fourex.hpp"
#include "tests/support/server_process.hpp"
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

// The targets run for real. install and sync are scripts/bootstrap, which
// only checks when everything is installed (scripts/test ran it already);
// build and bin find the test build up to date.
const std::set<std::string> kRunHere = {
    "help",      "install",    "sync",       "build",       "bin",
    "db-create", "db-migrate", "db-check",   "db-list",     "db-info",
    "db-size",   "db-backup",  "db-restore", "db-reset",    "db-drop",
    "lint",      "format",     "bench",      "agents-quick"};

// The targets only dry-run, and why.
const std::map<std::string, std::string> kDryRunOnly = {
    {"backend-dev", "serves until stopped"},
    {"run-dev", "rebuilds and serves until stopped"},
    {"cluster", "serves until stopped: tests/cluster runs its processes"},
    {"backend-test", "runs this whole suite, this test included"},
    {"test-cov", "runs this whole suite again in a coverage build"},
    {"fuzz", "a clang fuzzing build, then a minute per parser"},
    {"agents-showcase", "2 games of 50 turns: agents-quick runs the same"},
    {"agents-llm", "needs an LLM service, which tests have not"},
    {"db-ha-start", "three PostgreSQL instances: tests/server/failover_test"},
    {"db-ha-stop", "stops what db-ha-start started"},
    {"db-ha-status", "needs what db-ha-start started"},
    {"db-ha-failover", "a switchover: tests/server/failover_test does it"},
    {"backup-setup", "restarts the cluster: tests/server/backup_restore_test"},
    {"backup-full", "needs backup-setup: tests/server/backup_restore_test"},
    {"backup-incr", "needs backup-setup: tests/server/backup_restore_test"},
    {"backup-list", "needs backup-setup: tests/server/backup_restore_test"},
    {"backup-restore", "starts a cluster: tests/server/backup_restore_test"}};

}  // namespace

TEST_CASE("make help lists every target with one line", "[cli][make]") {
  auto targets = help_targets();
  for (const char* expected :
       {"install", "sync", "db-create", "db-drop", "db-reset", "db-check",
        "db-list", "db-info", "backend-dev", "run-dev", "backend-test",
        "test-cov", "lint", "format", "help"})
    CHECK(std::count(targets.begin(), targets.end(), expected) == 1);
}

TEST_CASE("make's dry-run targets call scripts that exist and parse",
          "[cli][make]") {
  std::regex script(R"(\./scripts/([a-z-]+))");
  for (const auto& target : help_targets()) {
    INFO(target << ": add it to kRunHere, or to kDryRunOnly with the reason");
    REQUIRE(kRunHere.count(target) + kDryRunOnly.count(target) == 1);
    if (kRunHere.count(target)) continue;
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

TEST_CASE("make's targets run", "[cli][make]") {
  TestDatabase db;
  auto targets = help_targets();
  std::set<std::string> ran;
  auto run = [&](const std::string& target, const std::string& args = {}) {
    ran.insert(target);
    return make(target + " " + args, db.url());
  };

  CHECK(run("help").status == 0);
  CHECK(run("sync").status == 0);
  CHECK(run("install").status == 0);
  CHECK(run("build").status == 0);
  CHECK(run("bin").status == 0);
  auto bench = run("bench", "TURNS=5");
  CHECK(bench.status == 0);
  CHECK_THAT(bench.out, Catch::Contains("\"turns\""));
  auto create = run("db-create");
  CHECK(create.status == 0);
  CHECK_THAT(
      create.out,
      Catch::Contains(
          "schema version " +
          std::to_string(fourex::persistence::migrations().back().version)));
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

  {  // the bots' quick game, against a server of this test's own
    ServerProcess server(db.url());
    server.start();
    auto quick = run("agents-quick", "SERVER=" + server.base_url());
    INFO(quick.err);
    CHECK(quick.status == 0);
    CHECK(server.stop() == 0);
  }

  auto refused = run("db-reset");
  CHECK(refused.status != 0);
  CHECK_THAT(refused.err, Catch::Contains("without --yes"));
  CHECK(run("db-reset", "YES=1").status == 0);
  CHECK(run("db-drop", "YES=1").status == 0);

  // The whole tree is kept clang-formatted.
  auto format = run("format", "CHECK=1");
  INFO(format.err);
  CHECK(format.status == 0);
  ran.insert("lint");  // in test cases of their own below: minutes when cold

  CHECK(ran == kRunHere);
  for (const auto& target : kRunHere) {
    INFO("not in make help: " << target);
    CHECK(std::count(targets.begin(), targets.end(), target) == 1);
  }
}

namespace {

// make lint on every source, in parts: clang-tidy takes ~11 CPU-minutes for
// the whole tree. scripts/lint skips files it found clean before with the
// same inputs, but with a cold cache (a new machine, a changed common
// header) one test would outlast ctest's per-test timeout; parts each get
// their own and run in parallel.
const std::vector<std::vector<std::string>> kLintParts = {
    {"actors", "persistence", "config"},
    {"http", "cli", "bench"},
    {"game", "agents", "results"},
    {"tests/server", "tests/support", "tests/test_main.cpp"},
    {"tests/actors", "tests/agents", "tests/cli", "tests/cluster",
     "tests/config", "tests/game", "tests/http", "tests/persistence",
     "tests/ratings", "tests/results"}};

// The tracked C++ sources under `paths` (all of scripts/lint's when empty).
std::set<std::string> lint_sources(const std::vector<std::string>& paths) {
  std::string command = "git ls-files --";
  for (const auto& path : paths) command.append(" ").append(shell_quote(path));
  // sh -c: run_shell's </dev/null would feed the pipeline's last command.
  auto listed = run_shell(
      "sh -c " +
          shell_quote(command + " | grep '[.]cpp$' | grep -v ^tests/fuzz/"),
      {}, FOUREX_SOURCE_DIR);
  std::istringstream lines(listed.out);
  std::set<std::string> files;
  for (std::string file; std::getline(lines, file);) files.insert(file);
  return files;
}

void lint_part(std::size_t part) {
  std::string files;
  for (const auto& file : lint_sources(kLintParts[part])) files += file + " ";
  REQUIRE_FALSE(files.empty());
  auto lint = make("lint FILES=" + shell_quote(files), "");
  INFO(lint.out << lint.err);
  CHECK(lint.status == 0);
  CHECK_THAT(lint.out, Catch::Contains("lint: clean"));
}

}  // namespace

TEST_CASE("make lint's parts cover every source", "[cli][make][lint]") {
  std::set<std::string> covered;
  for (const auto& part : kLintParts) {
    for (const auto& file : lint_sources(part)) {
      INFO(file << " is in two parts");
      CHECK(covered.insert(file).second);
    }
  }
  CHECK(covered == lint_sources({}));
  CHECK(covered.size() > 100);
}

TEST_CASE("make lint: actors, persistence, config", "[cli][make][lint]") {
  lint_part(0);
}
TEST_CASE("make lint: http, cli, bench", "[cli][make][lint]") { lint_part(1); }
TEST_CASE("make lint: game, agents, results", "[cli][make][lint]") {
  lint_part(2);
}
TEST_CASE("make lint: tests/server, tests/support", "[cli][make][lint]") {
  lint_part(3);
}
TEST_CASE("make lint: the other tests", "[cli][make][lint]") { lint_part(4); }
