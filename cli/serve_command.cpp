// `fourex serve`: the runtime and the HTTP front end, stopped gracefully on
// SIGTERM/SIGINT within 10 s (a second signal exits at once).
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>

#include <pthread.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
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

// The bound on a graceful stop. Past it the process exits anyway:
// every acknowledged write is committed before its answer, so what is given
// up (a snapshot, a slow client's answer) costs only a longer recovery.
constexpr std::chrono::seconds stop_bound{10};

// What the stop is doing now, named in the log if the bound cuts it short.
std::atomic<const char*> stop_stage{"closing the listening socket"};

// Runs from the first signal on: a second signal exits at once with 128 +
// signal, the bound exits 0 with an error naming the unfinished stage.
void watch_stop(sigset_t signals) {
  auto deadline = std::chrono::steady_clock::now() + stop_bound;
  for (auto now = std::chrono::steady_clock::now(); now < deadline;
       now = std::chrono::steady_clock::now()) {
    auto left =
        std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - now);
    timespec wait{static_cast<std::time_t>(left.count() / 1000000000),
                  static_cast<long>(left.count() % 1000000000)};
    int again = sigtimedwait(&signals, nullptr, &wait);
    if (again > 0) std::_Exit(128 + again);
    if (errno != EINTR) break;  // EAGAIN: the bound
  }
  spdlog::error(
      "graceful stop not done after {} s: gave up {}; acknowledged writes are "
      "committed, the next start recovers the rest",
      stop_bound.count(), stop_stage.load());
  spdlog::default_logger()->flush();
  std::_Exit(0);
}

// On stdout, for the operator, not in the log; with LOG_FORMAT=json it is a
// JSON object too, so every line the server prints parses.
void print_admin_token(const config::Config& config, const std::string& token) {
  constexpr const char* what =
      "admin token (generated; set ADMIN_TOKEN to choose one)";
  if (config.log_format != config::LogFormat::json) {
    std::cout << what << ": " << token << std::endl;
    return;
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("msg");
  w.String(what);
  w.Key("admin_token");
  w.String(token.c_str(), static_cast<rapidjson::SizeType>(token.size()));
  w.EndObject();
  std::cout << buffer.GetString() << std::endl;
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
    // No host of DATABASE_URL serves: a setting to fix, like a bad value.
    spdlog::error("{}", e.what());
    return 2;
  }
  // Before listening: once /healthz answers, the token is out.
  if (config.admin_token.empty())
    print_admin_token(config, runtime.admin_token());
  http::Server server(config, runtime);
  int port = 0;
  try {
    port = server.start([&](int bound) { runtime.join(bound); });
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  spdlog::info("fourex serving on http://{}:{} (database {})", config.host,
               port, config::redact_database_url(config.database_url));

  int sig = 0;
  sigwait(&signals, &sig);
  auto started = std::chrono::steady_clock::now();
  spdlog::info(
      "signal {}: stopping within {} s (send it again to exit at once)", sig,
      stop_bound.count());
  std::thread(watch_stop, signals).detach();
  // New connections are refused from here on; the requests in flight go on.
  server.stop_accepting();
  // Long polls get their answer, submissions being written get the
  // database's, the games are snapshotted and the writers flushed.
  stop_stage = "snapshotting the games and flushing the writers";
  runtime.stop();
  // What came in meanwhile got a 503; wait for those answers to go out.
  stop_stage = "finishing the requests in flight";
  server.stop();
  spdlog::info("stopped in {} ms",
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count());
  return 0;
}

}  // namespace fourex::cli
