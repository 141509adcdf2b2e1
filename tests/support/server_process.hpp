// Runs build/fourex serve as a child process on a free loopback port, for
// black-box tests: started and always stopped by the test itself.
#pragma once

#include <csignal>
#include <map>
#include <memory>
#include <string>
#include <sys/types.h>

#include <httplib.h>

namespace fourex::testing {

class ServerProcess {
 public:
  // database_url: the test's own database. env: extra variables
  // (e.g. {"SNAPSHOT_INTERVAL","5"}).
  explicit ServerProcess(std::string database_url,
                         std::map<std::string, std::string> env = {});
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the server and waits (at most 30 s) until /healthz answers.
  // Keeps the same port across restarts.
  void start();
  // Sends `signal` (SIGTERM or SIGINT), then waits up to `seconds`;
  // returns the exit status (or -signal). SIGKILL after the wait if still
  // alive.
  int stop(int seconds = 15, int signal = SIGTERM);
  // Waits up to `seconds` for the server to exit, sending nothing; returns
  // as stop() does.
  int wait(int seconds);
  // SIGKILL and reap: a crash.
  void kill();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  int port() const { return port_; }
  const std::string& admin_token() const { return admin_token_; }
  std::string base_url() const;
  // A fresh keep-alive client with generous timeouts.
  std::unique_ptr<httplib::Client> client() const;
  // Everything the server wrote to stderr so far.
  std::string log() const;

 private:
  std::string database_url_;
  std::map<std::string, std::string> env_;
  std::string admin_token_ = "test-admin-token-0123456789abcdef";
  std::string log_path_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

}  // namespace fourex::testing
