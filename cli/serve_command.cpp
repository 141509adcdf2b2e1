// `fourex serve`: the runtime and the HTTP front end, stopped gracefully on
// SIGTERM/SIGINT (a second signal exits at once).
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "actors/runtime.hpp"
#include "cli/commands.hpp"
#include "config/config.hpp"
#include "http/server.hpp"
#include "persistence/database.hpp"

namespace fourex::cli {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

int serve_command(const std::vector<std::string>& args) {
  auto config = load_config_or_exit(args);
  setup_logging(config);
  // Every thread started from here on inherits the mask; this thread takes
  // the signals with sigwait. SIGPIPE: a closed client socket is not fatal.
  auto signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  actors::Runtime runtime(config);
  try {
    runtime.start();
  } catch (const persistence::DatabaseUnavailable& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  http::Server server(config, runtime);
  int port = 0;
  try {
    port = server.start();
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  if (config.admin_token.empty())
    std::cout << "admin token (generated; set ADMIN_TOKEN to choose one): "
              << runtime.admin_token() << std::endl;
  spdlog::info("fourex serving on http://{}:{} (database {})", config.host,
               port, config::redact_database_url(config.database_url));

  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {}: stopping (send it again to exit at once)", sig);
  std::thread([signals]() mutable {
    int again = 0;
    sigwait(&signals, &again);
    std::_Exit(128 + again);
  }).detach();
  runtime.stop();  // answers waiters, snapshots, flushes the writers
  server.stop();   // then the requests still in flight get 503s and end
  spdlog::info("stopped");
  return 0;
}

}  // namespace fourex::cli
