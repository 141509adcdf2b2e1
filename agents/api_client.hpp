// The HTTP client of API.md for agents: one request per call (safe to use
// from many threads), retries with exponential backoff on transport errors,
// 429 and 503 (honouring Retry-After) until a time budget runs out, so a
// server restart in the middle of a game is survived. Writes carry a
// request_id, so a resend after a lost answer changes nothing.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace fourex::agents {

struct ApiReply {
  int status = 0;  // 0: no HTTP answer within the retry budget
  std::string body;
  rapidjson::Document json;  // Null when the body is not JSON
  bool ok() const { return status >= 200 && status < 300; }
  std::string error_code() const;  // error.code of an error body, or ""
  std::string describe() const;    // for messages
};

struct NewGame {
  std::string game_id;  // empty: the server picks one
  std::vector<std::string> players;
  std::vector<std::string> personalities;  // one per player
  int max_turns = 100;
  int width = 32, height = 32;
  long long seed = 1;
};

class ApiClient {
 public:
  // base_url: "http://host:port". retry_budget: how long one call keeps
  // retrying before it gives up with status 0.
  explicit ApiClient(
      std::string base_url,
      std::chrono::milliseconds retry_budget = std::chrono::seconds(120));

  // `token`: the admin token where creating games needs it, or empty.
  ApiReply create_game(const NewGame& game, const std::string& token) const;
  ApiReply info(const std::string& game_id) const;
  // The player's view; wait_for_turn > 0 long-polls until that turn.
  ApiReply view(const std::string& game_id, const std::string& player,
                const std::string& token, int wait_for_turn = 0,
                int timeout_ms = 30000) const;
  ApiReply submit(const std::string& game_id, const std::string& player,
                  const std::string& token, int turn,
                  const std::string& actions_json,
                  const std::string& request_id) const;
  // body: the JSON object of POST /prompt-logs.
  ApiReply log_prompt(const std::string& game_id, const std::string& token,
                      const std::string& body) const;
  ApiReply stats(const std::string& game_id) const;
  // Any other route: GET `path`, or POST the JSON `body` to it.
  ApiReply get(const std::string& path) const;
  ApiReply post(const std::string& path, const std::string& token,
                const std::string& body) const;

  const std::string& base_url() const { return base_url_; }

 private:
  ApiReply request(const std::string& method, const std::string& path,
                   const std::string& token, const std::string& body,
                   int read_timeout_s = 60) const;

  std::string base_url_;
  std::chrono::milliseconds retry_budget_;
};

std::string url_encode(const std::string& s);

}  // namespace fourex::agents
