// Load generator for `fourex bench server` (see server_bench.hpp): creates
// the games, measures GET /healthz, then submissions over keep-alive
// connections, counts the rows in PostgreSQL, and restarts the server to
// time its readiness with the games stored.
#include "bench/server_bench.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <sys/resource.h>
#include <thread>

#include <httplib.h>
#include <malloc.h>
#include <pthread.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include "actors/runtime.hpp"
#include "http/server.hpp"
#include "persistence/database.hpp"

namespace fourex::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int seconds = 10;
  int healthz_seconds = 5;
  int views_seconds = 3;
  int connections = 64;
  int games = 256;
  int players = 4;
  int width = 32;
  int height = 32;
  int max_turns = 10000;
  // HOST:PORT of a running server (or HAProxy in front of a cluster) to
  // load instead of one in this process; no restart phase then.
  std::string target;
};

// Where the load goes.
struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 0;
};

bool parse_options(const std::vector<std::string>& args, Options& o,
                   std::ostream& out) {
  std::map<std::string, int*> ints = {{"--seconds", &o.seconds},
                                      {"--healthz-seconds", &o.healthz_seconds},
                                      {"--views-seconds", &o.views_seconds},
                                      {"--connections", &o.connections},
                                      {"--games", &o.games},
                                      {"--players", &o.players},
                                      {"--max-turns", &o.max_turns}};
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i + 1 >= args.size()) {
      out << "fourex bench server: " << args[i] << " needs a value\n";
      return false;
    }
    const auto& value = args[++i];
    try {
      if (args[i - 1] == "--target") {
        auto colon = value.rfind(':');
        if (colon == std::string::npos || colon == 0 ||
            std::stoi(value.substr(colon + 1)) <= 0)
          throw std::exception();
        o.target = value;
      } else if (args[i - 1] == "--map") {
        auto x = value.find('x');
        o.width = std::stoi(value.substr(0, x));
        o.height = std::stoi(value.substr(x + 1));
      } else if (auto it = ints.find(args[i - 1]); it != ints.end()) {
        *it->second = std::stoi(value);
      } else {
        out << "fourex bench server: unknown flag " << args[i - 1] << "\n";
        return false;
      }
    } catch (const std::exception&) {
      out << "fourex bench server: bad value for " << args[i - 1] << "\n";
      return false;
    }
  }
  return o.seconds > 0 && o.views_seconds >= 0 && o.connections > 0 &&
         o.games > 0 && o.players > 1;
}

// The server in this process; stopped like `fourex serve` on SIGTERM.
struct LiveServer {
  explicit LiveServer(const config::Config& config)
      : runtime(config), server(config, runtime) {
    runtime.start();
    port = server.start([this](int bound) { runtime.join(bound); });
  }
  ~LiveServer() {
    runtime.stop();
    server.stop();
  }
  actors::Runtime runtime;
  http::Server server;
  int port = 0;
};

std::unique_ptr<httplib::Client> connect_client(const Endpoint& at) {
  auto c = std::make_unique<httplib::Client>(at.host, at.port);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);
  c->set_connection_timeout(5, 0);
  c->set_read_timeout(60, 0);
  return c;
}

// Runs work(connection index, client) on `n` threads and joins them.
void on_connections(int n, const Endpoint& at,
                    const std::function<void(int, httplib::Client&)>& work) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([i, &at, &work] {
      pthread_setname_np(pthread_self(), "bench-client");
      auto client = connect_client(at);
      work(i, *client);
    });
  for (auto& t : threads) t.join();
}

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

// CPU time the whole machine spent busy so far (/proc/stat: user, nice,
// system, irq, softirq), in seconds: this process, PostgreSQL and anything
// else running. Per request, it tells what a request costs where wall-time
// rates on a shared machine swing with its other load.
double machine_busy_seconds() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0,
            softirq = 0;
  in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq;
  return double(user + nice + system + irq + softirq) /
         double(::sysconf(_SC_CLK_TCK));
}

// CPU time (user + system, seconds) of this process and of PostgreSQL's
// processes (every backend and background process pg_stat_activity lists),
// by pid: what the benchmark's own work costs, whatever else the machine
// runs. Only on the same machine as the database (the bench's loopback).
using CpuByPid = std::map<long, double>;

double pid_cpu_seconds(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string line;
  std::getline(in, line);
  auto close = line.rfind(')');  // the name may hold spaces
  if (close == std::string::npos) return 0;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  return ticks / double(::sysconf(_SC_CLK_TCK));
}

// A thread's name and the CPU time it has run.
struct TaskCpu {
  std::string name;
  double seconds = 0;
};

// This process's live threads by thread id, each named by its job
// (http-worker, db-writer, caf.multiplexer...; docs/operations.md). The time
// is the scheduler's own count (schedstat, in ns): a thread's utime and
// stime in its stat file are sampled at the timer tick, and threads that
// run in short bursts between ticks (an HTTP worker) showed a tenth of
// their time there. A process's total in its stat file is exact.
std::map<std::string, TaskCpu> thread_cpu() {
  std::map<std::string, TaskCpu> out;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/self/task")) {
    TaskCpu cpu;
    std::ifstream comm(task.path() / "comm");
    std::getline(comm, cpu.name);
    std::ifstream schedstat(task.path() / "schedstat");
    double ns = 0;
    if (schedstat >> ns) cpu.seconds = ns / 1e9;
    out[task.path().filename().string()] = cpu;
  }
  return out;
}

CpuByPid own_cpu(const std::string& database_url) {
  CpuByPid cpu{{0, pid_cpu_seconds("self")}};
  try {
    auto conn = persistence::connect(database_url);
    pqxx::nontransaction tx(*conn);
    for (const auto& row : tx.exec("SELECT pid FROM pg_stat_activity"))
      cpu[row[0].as<long>()] = pid_cpu_seconds(row[0].as<std::string>());
  } catch (const std::exception&) {
    // A remote database: this process's CPU only.
  }
  return cpu;
}

// Context switches of this process so far, voluntary (a thread waited: a
// futex, a socket, a promise) and involuntary, over all its threads: the
// server and its load generator. Per request of a phase, the difference
// between a submission and a healthz is the server's hand-offs and its
// database round trips.
long context_switches() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_nvcsw + u.ru_nivcsw;
}

// What one request of a phase cost: the machine's CPU, this process's and
// PostgreSQL's (own_us, of which database_us is PostgreSQL's), in
// microseconds, and this process's context switches.
struct PhaseCost {
  double machine_us = 0, own_us = 0, database_us = 0, switches = 0;
  // own_us by part: this process's threads by name, "postgres", and
  // "load-generator": the threads that ended with the phase (its
  // connections').
  std::map<std::string, double> us_by_part;
};

// Readings at the start of a phase; cost() divides what was spent since by
// the requests the phase answered.
class PhaseMeter {
 public:
  explicit PhaseMeter(std::string database_url)
      : database_url_(std::move(database_url)),
        busy_(machine_busy_seconds()),
        switches_(context_switches()),
        own_(own_cpu(database_url_)),
        threads_(thread_cpu()),
        started_(Clock::now()) {}

  PhaseCost cost(double per_s) const {
    double requests =
        per_s * std::chrono::duration<double>(Clock::now() - started_).count();
    if (requests <= 0) return {};
    PhaseCost c;
    c.machine_us = (machine_busy_seconds() - busy_) * 1e6 / requests;
    double process_us = 0;
    for (const auto& [pid, seconds] : own_cpu(database_url_)) {
      auto it = own_.find(pid);
      double spent = seconds - (it == own_.end() ? 0 : it->second);
      c.own_us += spent * 1e6 / requests;
      (pid == 0 ? process_us : c.database_us) += spent * 1e6 / requests;
    }
    c.us_by_part["postgres"] = c.database_us;
    double live_us = 0;
    for (const auto& [tid, task] : thread_cpu()) {
      auto it = threads_.find(tid);
      double spent =
          task.seconds - (it == threads_.end() ? 0 : it->second.seconds);
      c.us_by_part[task.name] += spent * 1e6 / requests;
      live_us += spent * 1e6 / requests;
    }
    c.us_by_part["load-generator"] = std::max(0.0, process_us - live_us);
    c.switches = double(context_switches() - switches_) / requests;
    return c;
  }

 private:
  std::string database_url_;
  double busy_;
  long switches_;
  CpuByPid own_;
  std::map<std::string, TaskCpu> threads_;
  Clock::time_point started_;
};

// The parts of a phase's cost, largest first, those of 0.1 us or more:
// `"name":us` pairs, joined by `separator`.
std::string parts_of(const PhaseCost& cost, const char* quote,
                     const char* separator) {
  std::vector<std::pair<double, std::string>> parts;
  for (const auto& [name, us] : cost.us_by_part)
    if (us >= 0.1) parts.emplace_back(us, name);
  std::sort(parts.rbegin(), parts.rend());
  std::string out;
  char us[32];
  for (const auto& [value, name] : parts) {
    std::snprintf(us, sizeof us, "%.1f", value);
    if (!out.empty()) out += ", ";
    out.append(quote).append(name).append(quote).append(separator).append(us);
  }
  return out;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct BenchGame {
  std::string id;
  std::vector<std::string> tokens;  // by player index
};

std::string game_body(const Options& o, const std::string& id, int seed) {
  std::string b = "{\"game_id\":\"" + id + "\",\"players\":[";
  for (int p = 0; p < o.players; ++p)
    b.append(p ? ",\"P" : "\"P").append(std::to_string(p)).append("\"");
  return b + "],\"max_turns\":" + std::to_string(o.max_turns) +
         ",\"map\":{\"width\":" + std::to_string(o.width) +
         ",\"height\":" + std::to_string(o.height) +
         "},\"seed\":" + std::to_string(seed) + "}";
}

std::vector<BenchGame> create_games(const Options& o, const Endpoint& at,
                                    const std::string& prefix,
                                    const std::string& admin) {
  std::vector<BenchGame> games(static_cast<std::size_t>(o.games));
  httplib::Headers auth = {{"Authorization", "Bearer " + admin}};
  std::atomic<int> failed{0};
  on_connections(o.connections, at, [&](int i, httplib::Client& c) {
    for (int g = i; g < o.games; g += o.connections) {
      auto id = prefix + std::to_string(g);
      auto res = c.Post("/api/v1/games", auth, game_body(o, id, g + 1),
                        "application/json");
      rapidjson::Document doc;
      if (!res || res->status != 201 ||
          doc.Parse(res->body.c_str()).HasParseError()) {
        ++failed;
        continue;
      }
      games[g].id = id;
      for (const auto& p : doc["players"].GetArray())
        games[g].tokens.push_back(p["token"].GetString());
    }
  });
  if (failed)
    throw std::runtime_error(std::to_string(failed.load()) +
                             " games could not be created");
  return games;
}

// A GET to send: its path and headers.
struct Get {
  std::string path;
  httplib::Headers headers;
};

// GETs from every connection for `seconds`, each connection sending
// next(its index, k) as its k-th request (nullopt: it has none to send);
// returns the 200 answers a second.
double gets_per_s(const Options& o, const Endpoint& at, int seconds,
                  const std::function<std::optional<Get>(int, long)>& next) {
  std::atomic<long> done{0};
  auto started = Clock::now();
  auto until = started + std::chrono::seconds(seconds);
  on_connections(o.connections, at, [&](int i, httplib::Client& c) {
    long n = 0;
    for (long k = 0; Clock::now() < until; ++k) {
      auto get = next(i, k);
      if (!get) break;
      if (auto res = c.Get(get->path.c_str(), get->headers);
          res && res->status == 200)
        ++n;
    }
    done += n;
  });
  return static_cast<double>(done.load()) / seconds_since(started);
}

double healthz_rate(const Options& o, const Endpoint& at) {
  return gets_per_s(o, at, o.healthz_seconds, [](int, long) {
    return std::optional<Get>(Get{"/healthz", {}});
  });
}

// GET /state of its games' players, round after round, on each connection
// (the games g with g % connections == its index): what a player reads
// every turn.
double view_rate(const Options& o, const Endpoint& at,
                 const std::vector<BenchGame>& games) {
  return gets_per_s(
      o, at, o.views_seconds, [&](int i, long k) -> std::optional<Get> {
        const long mine =
            i < o.games ? (o.games - i - 1) / o.connections + 1 : 0;
        if (mine == 0) return std::nullopt;
        const auto& game =
            games[static_cast<std::size_t>(i + (k % mine) * o.connections)];
        const auto& token = game.tokens[static_cast<std::size_t>(k / mine) %
                                        game.tokens.size()];
        return Get{"/api/v1/games/" + game.id + "/state",
                   {{"Authorization", "Bearer " + token}}};
      });
}

struct LoadFigures {
  double per_s = 0, p50_ms = 0, p99_ms = 0;
  long acked = 0;
  std::map<int, long> other_statuses;
};

// Each connection owns the games g with g % connections == its index and
// submits a pass for every player of a game, turn after turn; a player that
// was refused (503) is retried before its game moves on.
LoadFigures submissions(const Options& o, const Endpoint& at,
                        const std::vector<BenchGame>& games) {
  std::mutex mutex;
  std::vector<float> latencies;
  LoadFigures f;
  auto started = Clock::now();
  auto until = started + std::chrono::seconds(o.seconds);
  on_connections(o.connections, at, [&](int i, httplib::Client& c) {
    std::vector<float> mine;
    std::map<int, long> statuses;
    std::map<int, std::pair<int, std::vector<bool>>> turns;  // game → turn
    while (Clock::now() < until) {
      bool any = false;
      for (int g = i; g < o.games && Clock::now() < until; g += o.connections) {
        any = true;
        auto& [turn, done] = turns[g];
        if (turn == 0) {
          turn = 1;
          done.assign(static_cast<std::size_t>(o.players), false);
        }
        const auto& game = games[static_cast<std::size_t>(g)];
        for (int p = 0; p < o.players; ++p) {
          if (done[p]) continue;
          auto body = std::string("{\"player\":\"P").append(std::to_string(p)) +
                      "\",\"turn\":" + std::to_string(turn) +
                      ",\"request_id\":\"" + std::to_string(turn) +
                      "\",\"actions\":[]}";
          httplib::Headers auth = {
              {"Authorization", "Bearer " + game.tokens[p]}};
          auto t0 = Clock::now();
          auto res = c.Post(("/api/v1/games/" + game.id + "/actions").c_str(),
                            auth, body, "application/json");
          mine.push_back(static_cast<float>(seconds_since(t0) * 1000));
          int status = res ? res->status : 0;
          ++statuses[status];
          done[p] = status == 200;
        }
        if (std::all_of(done.begin(), done.end(), [](bool d) { return d; })) {
          ++turn;
          done.assign(done.size(), false);
        }
      }
      if (!any) break;
    }
    std::lock_guard<std::mutex> lock(mutex);
    latencies.insert(latencies.end(), mine.begin(), mine.end());
    for (auto [status, n] : statuses) {
      if (status == 200)
        f.acked += n;
      else
        f.other_statuses[status] += n;
    }
  });
  f.per_s = static_cast<double>(f.acked) / seconds_since(started);
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    f.p50_ms = latencies[latencies.size() / 2];
    f.p99_ms =
        latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
  return f;
}

double number_field(const rapidjson::Document& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it != doc.MemberEnd() && it->value.IsNumber() ? it->value.GetDouble()
                                                       : -1;
}

rapidjson::Document overview(const Endpoint& at, const std::string& admin) {
  rapidjson::Document doc;
  auto c = connect_client(at);
  auto res =
      c->Get("/admin/v1/overview", {{"Authorization", "Bearer " + admin}});
  if (res && res->status == 200) doc.Parse(res->body.c_str());
  if (!doc.IsObject()) doc.SetObject();
  return doc;
}

// Milliseconds from the first attempt until `ready` holds (polled).
double wait_until(const std::function<bool()>& ready, Clock::time_point from) {
  auto give_up = Clock::now() + std::chrono::minutes(5);
  while (!ready() && Clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return seconds_since(from) * 1000;
}

}  // namespace

int run_server_bench(const std::vector<std::string>& args,
                     config::Config config, std::ostream& out) {
  Options o;
  if (!parse_options(args, o, out)) {
    out << "usage: fourex bench server [--seconds N] [--healthz-seconds N] "
           "[--views-seconds N] "
           "[--connections N] [--games N] [--players N] [--map WxH] "
           "[--max-turns N] [--target HOST:PORT]\n";
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);  // a closed socket is not fatal
  config.host = "127.0.0.1";
  config.port = 0;
  config.rate_limit_per_s = 0;
  config.http_threads = std::max(config.http_threads, o.connections + 16);
  if (!o.target.empty() && config.admin_token.empty()) {
    out << "fourex bench server: --target needs the server's ADMIN_TOKEN\n";
    return 2;
  }
  if (config.admin_token.empty())
    config.admin_token =
        std::string("bench-admin-").append(std::to_string(::getpid()));
  const auto& admin = config.admin_token;
  const auto prefix = std::string("bench-")
                          .append(std::to_string(::time(nullptr)))
                          .append("-")
                          .append(std::to_string(::getpid()))
                          .append("-");
  char json[2048];
  std::string result;  // the JSON line
  try {
    LoadFigures load;
    double healthz = 0, views = 0, batch_mean = 0, rows_mean = 0,
           commit_p50 = 0, rss_per_game = 0;
    PhaseCost healthz_cost, submission_cost, views_cost;
    {
      // The server in this process, or the one at --target.
      std::unique_ptr<LiveServer> live;
      Endpoint at;
      if (o.target.empty()) {
        live = std::make_unique<LiveServer>(config);
        at.port = live->port;
      } else {
        auto colon = o.target.rfind(':');
        at.host = o.target.substr(0, colon);
        at.port = std::stoi(o.target.substr(colon + 1));
      }
      ::malloc_trim(0);
      long rss_before = rss_kib();
      auto created = Clock::now();
      auto games = create_games(o, at, prefix, admin);
      ::malloc_trim(0);
      rss_per_game = double(rss_kib() - rss_before) / o.games;
      out << o.games << " games of " << o.players << " players (" << o.width
          << "x" << o.height << ") created in " << seconds_since(created)
          << " s\n";
      PhaseMeter meter(config.database_url);
      healthz = healthz_rate(o, at);
      healthz_cost = meter.cost(healthz);
      out << "GET /healthz: " << healthz << " /s over " << o.connections
          << " connections, " << healthz_cost.machine_us << " us of CPU and "
          << healthz_cost.switches << " context switches each\n"
          << "  CPU per healthz by part (us): "
          << parts_of(healthz_cost, "", " ") << "\n";
      meter = PhaseMeter(config.database_url);
      load = submissions(o, at, games);
      submission_cost = meter.cost(load.per_s);
      out << "submissions: " << load.per_s << " /s, p50 " << load.p50_ms
          << " ms, p99 " << load.p99_ms << " ms, acked " << load.acked << ", "
          << submission_cost.machine_us << " us of CPU ("
          << submission_cost.own_us << " of this process and PostgreSQL, "
          << submission_cost.database_us << " of it PostgreSQL's) and "
          << submission_cost.switches << " context switches each\n"
          << "  CPU per submission by part (us): "
          << parts_of(submission_cost, "", " ") << "\n";
      if (o.views_seconds > 0) {
        meter = PhaseMeter(config.database_url);
        views = view_rate(o, at, games);
        views_cost = meter.cost(views);
        out << "GET /state: " << views << " /s, " << views_cost.own_us
            << " us of this process's and PostgreSQL's CPU and "
            << views_cost.switches << " context switches each\n";
      }
      for (auto [status, n] : load.other_statuses)
        out << "  status " << status << ": " << n << "\n";
      auto figures = overview(at, admin);
      batch_mean = number_field(figures, "writer_batch_mean");
      rows_mean = number_field(figures, "writer_rows_mean");
      commit_p50 = number_field(figures, "commit_ms_p50");
    }
    long db_rows = 0;
    {
      auto conn = persistence::connect(config.database_url);
      pqxx::read_transaction tx(*conn);
      db_rows = tx.exec_params1(
                      "SELECT count(*) FROM player_actions "
                      "WHERE game_id LIKE $1",
                      prefix + "%")[0]
                    .as<long>();
    }
    auto restarted = Clock::now();
    double ready_ms = -1, recovered_ms = -1;
    if (o.target.empty()) {
      LiveServer live(config);
      Endpoint at{"127.0.0.1", live.port};
      auto c = connect_client(at);
      ready_ms = wait_until(
          [&] {
            auto res = c->Get("/readyz");
            return res && res->status == 200;
          },
          restarted);
      recovered_ms = wait_until(
          [&] {
            auto doc = overview(at, admin);
            // Every game of this run rebuilt (the count starts at 0 before
            // the background recovery has listed the games).
            return number_field(doc, "recovering") == 0 &&
                   number_field(doc, "recovered") >= o.games;
          },
          restarted);
    }
    if (o.target.empty())
      out << "restart: ready after " << ready_ms << " ms, every game rebuilt "
          << "after " << recovered_ms << " ms\n";
    std::snprintf(
        json, sizeof json,
        "{\"bench\":\"server\",\"games\":%d,\"players\":%d,\"map\":\"%dx%d\","
        "\"connections\":%d,\"seconds\":%d,\"submissions_per_s\":%.0f,"
        "\"healthz_per_s\":%.0f,\"ratio\":%.3f,\"p50_ms\":%.2f,"
        "\"p99_ms\":%.2f,\"acked\":%ld,\"db_rows\":%ld,"
        "\"writer_batch_mean\":%.1f,\"writer_rows_mean\":%.1f,"
        "\"commit_ms_p50\":%.2f,"
        "\"healthz_cpu_us\":%.1f,\"submission_cpu_us\":%.1f,"
        "\"cpu_ratio\":%.3f,\"healthz_own_us\":%.1f,"
        "\"submission_own_us\":%.1f,\"submission_db_us\":%.1f,"
        "\"own_cpu_ratio\":%.3f,"
        "\"healthz_cs\":%.2f,\"submission_cs\":%.2f,"
        "\"views_per_s\":%.0f,\"views_ratio\":%.3f,\"view_own_us\":%.1f,"
        "\"view_cs\":%.2f,"
        "\"rss_per_game_kib\":%.1f,\"ready_after_restart_ms\":%.0f,"
        "\"recovered_all_ms\":%.0f}",
        o.games, o.players, o.width, o.height, o.connections, o.seconds,
        load.per_s, healthz, healthz > 0 ? load.per_s / healthz : 0,
        load.p50_ms, load.p99_ms, load.acked, db_rows, batch_mean, rows_mean,
        commit_p50, healthz_cost.machine_us, submission_cost.machine_us,
        submission_cost.machine_us > 0
            ? healthz_cost.machine_us / submission_cost.machine_us
            : 0,
        healthz_cost.own_us, submission_cost.own_us,
        submission_cost.database_us,
        submission_cost.own_us > 0
            ? healthz_cost.own_us / submission_cost.own_us
            : 0,
        healthz_cost.switches, submission_cost.switches, views,
        healthz > 0 ? views / healthz : 0, views_cost.own_us,
        views_cost.switches, rss_per_game, ready_ms, recovered_ms);
    result = json;
    result.pop_back();  // the closing brace: the parts follow
    result.append(",\"healthz_us_by_part\":{")
        .append(parts_of(healthz_cost, "\"", ":"))
        .append("},\"submission_us_by_part\":{")
        .append(parts_of(submission_cost, "\"", ":"))
        .append("}}");
  } catch (const std::exception& e) {
    out << "fourex bench server: " << e.what() << "\n";
    return 1;
  }
  out << result << std::endl;
  return 0;
}

}  // namespace fourex::bench
