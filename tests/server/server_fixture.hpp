// What the black-box API tests share: a server child process on its own
// database, SQL counts against that database, a raw-socket request (for
// what httplib's client cannot send, e.g. a POST without Content-Length) and
// the random bot playing whole turns through HTTP.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <netinet/in.h>
#include <random>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <vector>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <unistd.h>

#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

namespace fourex::testing {

// A fresh database, the server on it, and a keep-alive client.
struct RunningServer {
  // env: server settings, e.g. {{"SNAPSHOT_INTERVAL", "5"}}.
  explicit RunningServer(
      std::initializer_list<std::pair<const std::string, std::string>> env = {})
      : server(db.url(), env) {
    server.start();
    client = std::make_unique<ApiClient>(server.port());
  }
  // The client's idle keep-alive connection would hold a server worker,
  // and so the graceful stop, until the keep-alive timeout: close it first.
  ~RunningServer() {
    client.reset();
    server.stop();
  }

  const std::string& admin() const { return server.admin_token(); }
  ApiClient& api() { return *client; }

  // A single integer from parameterized SQL (COUNT(*), MAX(...)).
  template <class... Args>
  std::int64_t scalar(const std::string& sql, Args&&... args) const {
    auto conn = db.connect();
    pqxx::nontransaction tx(*conn);
    auto row = tx.exec_params1(sql, std::forward<Args>(args)...);
    return row[0].is_null() ? 0 : row[0].template as<std::int64_t>();
  }

  // Every row of a query, as strings.
  template <class... Args>
  std::vector<std::vector<std::string>> rows(const std::string& sql,
                                             Args&&... args) const {
    auto conn = db.connect();
    pqxx::nontransaction tx(*conn);
    std::vector<std::vector<std::string>> out;
    for (const auto& row : tx.exec_params(sql, std::forward<Args>(args)...)) {
      std::vector<std::string> cells;
      for (const auto& f : row) cells.push_back(f.is_null() ? "" : f.c_str());
      out.push_back(std::move(cells));
    }
    return out;
  }

  TestDatabase db;
  ServerProcess server;
  std::unique_ptr<ApiClient> client;
};

inline GameSpec small_game(const std::string& id, int players = 2,
                           int max_turns = 20) {
  GameSpec spec;
  spec.game_id = id;
  static const char* names[] = {"Alice", "Bob",  "Carol",
                                "Dave",  "Erin", "Frank"};
  for (int i = 0; i < players; ++i) spec.players.push_back(names[i]);
  spec.max_turns = max_turns;
  spec.width = 12;
  spec.height = 12;
  return spec;
}

// The answer raw_http got, checked against /openapi.json as ApiClient
// checks its own: `request` is one the description documents as valid.
inline void check_raw_exchange(int port, const std::string& request,
                               const std::string& answer) {
  const OpenApiContract* contract = served_contract("127.0.0.1", port);
  auto head_end = answer.find("\r\n\r\n");
  if (!contract || head_end == std::string::npos) return;
  HttpExchange x;
  std::istringstream line(request.substr(0, request.find("\r\n")));
  line >> x.method >> x.target;
  x.credentials = request.find("\r\nAuthorization:") != std::string::npos;
  x.request_body = request.substr(request.find("\r\n\r\n") + 4);
  std::istringstream head(answer.substr(0, head_end));
  std::string status_line;
  std::getline(head, status_line);
  x.status = std::atoi(status_line.substr(status_line.find(' ') + 1).c_str());
  for (std::string h; std::getline(head, h);) {
    auto colon = h.find(':');
    if (colon == std::string::npos) continue;
    auto value = h.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of("\r ") + 1);
    x.response_headers.emplace(h.substr(0, colon), value);
  }
  x.response_body = answer.substr(head_end + 4);
  auto problem = contract->request_problem(x);
  if (problem.empty()) problem = contract->response_problem(x, true);
  if (!problem.empty())
    throw ContractViolation("raw request: " + problem +
                            "\n  answered: " + answer.substr(0, 600));
}

// Whether a raw request is one the description covers, or deliberately
// leaves it (a malformed request line, say).
enum class Described { yes, deliberately_not };

// A connection to the server on loopback whose reads give up after
// `read_timeout_s`; -1 when it cannot connect.
inline int connect_loopback(int port, int read_timeout_s) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  timeval tv{read_timeout_s, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
    return fd;
  ::close(fd);
  return -1;
}

// Sends `request` verbatim on a new connection and returns everything the
// server writes until it closes the connection (or 30 s pass), after
// checking the exchange against the description (check_raw_exchange)
// unless the request deliberately leaves it.
inline std::string raw_http(int port, const std::string& request,
                            Described described = Described::yes) {
  int fd = connect_loopback(port, 30);
  std::string out;
  if (fd >= 0 && ::send(fd, request.data(), request.size(), 0) ==
                     static_cast<ssize_t>(request.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
      out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (described == Described::yes) check_raw_exchange(port, request, out);
  return out;
}

struct SseEvent {
  std::string name;
  std::string data;
};

// Splits an SSE stream into events ("event:" and "data:" lines, blank line
// between events; comments skipped).
inline std::vector<SseEvent> parse_sse(const std::string& text) {
  std::vector<SseEvent> out;
  SseEvent current;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) break;
    auto line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) {
      if (!current.name.empty() || !current.data.empty())
        out.push_back(current);
      current = {};
    } else if (line.rfind("event: ", 0) == 0) {
      current.name = line.substr(7);
    } else if (line.rfind("data: ", 0) == 0) {
      current.data += line.substr(6);
    }
  }
  return out;
}

// The player's view, which must answer 200.
inline ApiResponse view_of(ApiClient& api, const CreatedGame& g,
                           const std::string& player) {
  auto r = api.state(g.game_id, player, g.tokens.at(player));
  INFO(r.describe());
  REQUIRE(r.status == 200);
  return r;
}

// Every alive player that has not submitted sends a random legal subset of
// its legal_actions; each must be accepted. Returns the acknowledgements
// (0 once the game is finished).
inline int play_turn(ApiClient& api, const CreatedGame& g, std::mt19937& rng,
                     const std::set<std::string>& skip_types = {}) {
  int acked = 0;
  for (const auto& player : g.players) {
    auto view = view_of(api, g, player);
    if (get_string(view.json, "status") != "active") return acked;
    const auto* you = member(view.json, "you");
    if (!you || !get_bool(*you, "alive") || get_bool(view.json, "submitted"))
      continue;
    auto turn = static_cast<int>(get_int(view.json, "turn"));
    auto actions = random_legal_subset(view.json, rng, 0.6, skip_types);
    auto r = api.submit(g.game_id, g.tokens.at(player), player, turn, actions);
    INFO(player << " turn " << turn << ": " << r.describe());
    REQUIRE(r.status == 200);
    ++acked;
  }
  return acked;
}

// Plays until the game is finished; returns the acknowledgements.
inline int play_to_end(ApiClient& api, const CreatedGame& g, std::mt19937& rng,
                       int max_rounds = 200) {
  int acked = 0;
  for (int round = 0; round < max_rounds; ++round) {
    int n = play_turn(api, g, rng);
    if (n == 0) {
      auto info = api.info(g.game_id, {});
      if (get_string(info.json, "status") == "finished") return acked;
    }
    acked += n;
  }
  FAIL("game " << g.game_id << " did not finish in " << max_rounds
               << " rounds");
  return acked;
}

}  // namespace fourex::testing
