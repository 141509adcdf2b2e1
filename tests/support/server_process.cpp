// Child-process control for black-box server tests.
#include "tests/support/server_process.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <vector>

#include <signal.h>
#include <unistd.h>

namespace fourex::testing {

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback port");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

ServerProcess::ServerProcess(std::string database_url,
                             std::map<std::string, std::string> env)
    : database_url_(std::move(database_url)), env_(std::move(env)) {
  port_ = free_loopback_port();
  log_path_ = "/tmp/fourex-test-server-" + std::to_string(::getpid()) + "-" +
              std::to_string(port_) + ".log";
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill();
  std::remove(log_path_.c_str());
}

std::string ServerProcess::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::unique_ptr<httplib::Client> ServerProcess::client() const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
  c->set_connection_timeout(5, 0);
  c->set_read_timeout(60, 0);
  c->set_write_timeout(10, 0);
  c->set_keep_alive(true);
  return c;
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void ServerProcess::start() {
  if (pid_ > 0) throw std::logic_error("server already running");
  std::map<std::string, std::string> vars = {
      {"DATABASE_URL", database_url_}, {"HOST", "127.0.0.1"},
      {"PORT", std::to_string(port_)}, {"ADMIN_TOKEN", admin_token_},
      {"HTTP_THREADS", "64"},          {"DB_POOL_SIZE", "2"},
      {"DB_MAX_OVERFLOW", "4"},        {"LOG_LEVEL", "info"},
      {"ENV_FILE", "/nonexistent"},
  };
  for (const auto& [k, v] : env_) vars[k] = v;
  std::vector<std::string> strings;
  for (const auto& [k, v] : vars) strings.emplace_back(k).append("=").append(v);
  if (const char* path = std::getenv("PATH"))
    strings.push_back(std::string("PATH=") + path);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    std::vector<char*> envp;
    for (auto& s : strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    FILE* log = std::fopen(log_path_.c_str(), "a");
    if (log) {
      ::dup2(fileno(log), STDERR_FILENO);
      ::dup2(fileno(log), STDOUT_FILENO);
    }
    char bin[] = FOUREX_BINARY;
    char serve[] = "serve";
    char* argv[] = {bin, serve, nullptr};
    ::execve(bin, argv, envp.data());
    std::_Exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("server exited during start:\n" + log());
    }
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(0, 200000);
    if (auto res = c.Get("/healthz"); res && res->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill();
  throw std::runtime_error("server did not answer /healthz within 30 s:\n" +
                           log());
}

int ServerProcess::stop(int seconds, int signal) {
  if (pid_ <= 0) return 0;
  ::kill(pid_, signal);
  return wait(seconds);
}

int ServerProcess::wait(int seconds) {
  if (pid_ <= 0) return 0;
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill();
  return -SIGKILL;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace fourex::testing
