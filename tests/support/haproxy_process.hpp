// The shipped network edge (deploy/haproxy.cfg) as a child process on a free
// loopback port in front of a test server, or of a cluster's nodes (one
// `server` line appended per further node, as scripts/cluster does);
// started and stopped by the test.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

#include "tests/support/server_process.hpp"

namespace fourex::testing {

class HaproxyProcess {
 public:
  // The haproxy binary, or empty when it is not installed.
  static std::string binary() {
    for (const char* path : {"/usr/sbin/haproxy", "/usr/bin/haproxy"})
      if (::access(path, X_OK) == 0) return path;
    return {};
  }

  explicit HaproxyProcess(int server_port)
      : HaproxyProcess(std::vector<int>{server_port}) {}

  // In front of the servers on these loopback ports; `env` sets the
  // configuration's variables (e.g. FOUREX_EDGE_CONN_PER_IP).
  explicit HaproxyProcess(const std::vector<int>& server_ports,
                          const std::map<std::string, std::string>& env = {})
      : port_(free_loopback_port()),
        config_("/tmp/fourex-test-haproxy-" + std::to_string(::getpid()) + "-" +
                std::to_string(port_) + ".cfg") {
    auto bin = binary();
    {
      std::ifstream shipped(std::string(FOUREX_SOURCE_DIR) +
                            "/deploy/haproxy.cfg");
      std::ofstream config(config_);
      config << shipped.rdbuf();
      for (std::size_t i = 1; i < server_ports.size(); ++i)
        config << "  server fourex" << i + 1 << " 127.0.0.1:" << server_ports[i]
               << "\n";
    }
    auto bind = "127.0.0.1:" + std::to_string(port_);
    auto server = "127.0.0.1:" + std::to_string(server_ports.at(0));
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::setenv("FOUREX_EDGE_BIND", bind.c_str(), 1);
      ::setenv("FOUREX_SERVER", server.c_str(), 1);
      ::setenv("FOUREX_EDGE_MAXCONN", "4000", 1);
      for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      ::execl(bin.c_str(), bin.c_str(), "-db", "-f", config_.c_str(), nullptr);
      std::_Exit(127);
    }
    // Ready when a request passes through to the server.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(0, 200000);
      if (auto res = c.Get("/healthz"); res && res->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    stop();
    throw std::runtime_error("haproxy did not pass /healthz within 20 s");
  }
  ~HaproxyProcess() {
    stop();
    std::remove(config_.c_str());
  }
  HaproxyProcess(const HaproxyProcess&) = delete;
  HaproxyProcess& operator=(const HaproxyProcess&) = delete;

  int port() const { return port_; }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  int port_;
  std::string config_;
  pid_t pid_ = -1;
};

}  // namespace fourex::testing
