// scripts/cluster for real: two nodes and HAProxy on free loopback ports on
// the test's database; requests pass through HAProxy to both nodes; SIGTERM
// to the script stops every process it started.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <regex>
#include <set>
#include <sys/wait.h>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <unistd.h>

#include "tests/cli/run_fourex.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/haproxy_process.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

namespace {

bool answers(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(0, 300000);
  auto res = c.Get("/healthz");
  return res && res->status == 200;
}

}  // namespace

TEST_CASE("scripts/cluster starts nodes behind HAProxy and stops them all",
          "[cluster][scripts]") {
  if (HaproxyProcess::binary().empty()) {
    WARN("SKIPPED: haproxy is not installed (scripts/bootstrap --dev)");
    return;
  }
  TestDatabase db;
  const int port = free_loopback_port();
  const auto log =
      "/tmp/fourex-test-cluster-" + std::to_string(::getpid()) + ".log";
  const auto build =
      std::filesystem::path(FOUREX_BINARY).parent_path().string();
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::setenv("DATABASE_URL", db.url().c_str(), 1);
    ::setenv("FOUREX_BUILD_DIR", build.c_str(), 1);
    ::setenv("ENV_FILE", "/nonexistent", 1);
    ::setenv("LOG_LEVEL", "warn", 1);
    FILE* out = std::fopen(log.c_str(), "w");
    if (out) {
      ::dup2(fileno(out), STDOUT_FILENO);
      ::dup2(fileno(out), STDERR_FILENO);
    }
    auto script = std::string(FOUREX_SOURCE_DIR) + "/scripts/cluster";
    auto port_text = std::to_string(port);
    ::execl(script.c_str(), script.c_str(), "--nodes", "2", "--port",
            port_text.c_str(), nullptr);
    std::_Exit(127);
  }
  // Ready when the script has listed its nodes and HAProxy answers.
  std::vector<int> node_ports;
  bool ready = eventually(
      [&] {
        auto text = slurp(log);
        std::regex node(R"(node\d+\s+http://127\.0\.0\.1:(\d+)\s+pid)");
        node_ports.clear();
        for (std::sregex_iterator m(text.begin(), text.end(), node), end;
             m != end; ++m)
          node_ports.push_back(std::stoi((*m)[1].str()));
        return node_ports.size() == 2 && answers(port);
      },
      std::chrono::seconds(180), std::chrono::milliseconds(200));
  INFO(slurp(log));
  if (!ready) ::kill(pid, SIGKILL);
  REQUIRE(ready);
  for (int p : node_ports) CHECK(answers(p));

  // The listing goes round robin: both nodes answer it through HAProxy.
  ApiClient client(port);
  for (int i = 0; i < 4; ++i) CHECK(client.get("/api/v1/games").status == 200);

  ::kill(pid, SIGTERM);
  int status = 0;
  bool exited =
      eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; },
                 std::chrono::seconds(40), std::chrono::milliseconds(100));
  if (!exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  CHECK(exited);
  CHECK_THAT(slurp(log), Catch::Contains("fourex cluster: stopped"));
  // Every process it started is gone: nothing answers on their ports.
  CHECK(eventually([&] { return !answers(port); }, std::chrono::seconds(10)));
  for (int p : node_ports)
    CHECK(eventually([&] { return !answers(p); }, std::chrono::seconds(10)));
  std::remove(log.c_str());
}
