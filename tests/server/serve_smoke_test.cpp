// `fourex serve` as a user starts it: it answers /healthz and /readyz on a
// loopback port, stops cleanly on SIGTERM, and refuses a bad configuration
// before anything starts.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using fourex::testing::ServerProcess;
using fourex::testing::TestDatabase;

TEST_CASE("fourex serve answers healthz and readyz, then stops on SIGTERM",
          "[serve]") {
  TestDatabase db;
  ServerProcess server(db.url());
  server.start();
  {
    // Checked against /openapi.json like every test request; closed before
    // the stop, which its idle keep-alive connection would hold up.
    fourex::testing::ApiClient api(server.port());
    auto health = api.get("/healthz");
    CHECK(health.status == 200);
    CHECK(health.body.find("\"ok\"") != std::string::npos);

    auto ready = api.get("/readyz");
    CHECK(ready.status == 200);
    CHECK(ready.body.find("\"ready\"") != std::string::npos);
  }

  CHECK(server.stop() == 0);
}

// top -H, perf and gdb show these names: what each thread of a busy server
// does is readable without symbols.
TEST_CASE("fourex serve names its threads by their job", "[serve]") {
  TestDatabase db;
  ServerProcess server(db.url());
  server.start();
  {
    fourex::testing::ApiClient api(server.port());
    CHECK(api.get("/healthz").status == 200);  // runs on a worker
  }
  std::set<std::string> names;
  const auto tasks = "/proc/" + std::to_string(server.pid()) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks)) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names.insert(name);
  }
  for (const char* job : {"http-accept", "http-gate", "http-worker",
                          "db-writer", "node-heartbeat"})
    CHECK(names.count(job) == 1);
  CHECK(server.stop() == 0);
}

TEST_CASE("a bad DATABASE_URL stops fourex serve with exit 2 and one line",
          "[serve]") {
  const std::string err_path =
      "/tmp/fourex-bad-config-" + std::to_string(::getpid()) + ".err";
  const std::string command =
      "env ENV_FILE=/nonexistent DATABASE_URL=nonsense "
      "PORT=0 " FOUREX_BINARY " serve 2>" +
      err_path + " >/dev/null";
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);

  std::ifstream in(err_path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(err_path.c_str());
  const auto message = text.str();
  CHECK(message.find("DATABASE_URL") != std::string::npos);
  CHECK(message.find("nonsense") != std::string::npos);
  CHECK(std::count(message.begin(), message.end(), '\n') == 1);
}
