// Requests, retries and backoff of the agents' HTTP client.
#include "agents/api_client.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "agents/json.hpp"

namespace fourex::agents {
namespace {

bool retryable(int status) {
  return status == 0 || status == 429 || status == 502 || status == 503 ||
         status == 504;
}

std::chrono::milliseconds jittered(std::chrono::milliseconds base) {
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<long> extra(0, base.count() / 2);
  return base + std::chrono::milliseconds(extra(rng));
}

}  // namespace

std::string ApiReply::error_code() const {
  if (!json.IsObject()) return {};
  const auto* e = json::member(json, "error");
  return e ? json::str(*e, "code") : std::string{};
}

std::string ApiReply::describe() const {
  if (status == 0) return "no answer from the server";
  return "HTTP " + std::to_string(status) + ": " + body.substr(0, 300);
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

ApiClient::ApiClient(std::string base_url,
                     std::chrono::milliseconds retry_budget)
    : base_url_(std::move(base_url)), retry_budget_(retry_budget) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

ApiReply ApiClient::request(const std::string& method, const std::string& path,
                            const std::string& token, const std::string& body,
                            int read_timeout_s) const {
  const auto deadline = std::chrono::steady_clock::now() + retry_budget_;
  auto backoff = std::chrono::milliseconds(100);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  while (true) {
    httplib::Client client(base_url_);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(read_timeout_s, 0);
    client.set_write_timeout(10, 0);
    auto res = method == "GET" ? client.Get(path.c_str(), headers)
                               : client.Post(path.c_str(), headers, body,
                                             "application/json");
    ApiReply reply;
    auto wait = backoff;
    if (res) {
      reply.status = res->status;
      reply.body = res->body;
      reply.json.Parse(reply.body.data(), reply.body.size());
      if (reply.json.HasParseError()) reply.json.SetNull();
      if (res->has_header("Retry-After"))
        wait = std::max(
            wait, std::chrono::milliseconds(
                      1000 *
                      std::atol(res->get_header_value("Retry-After").c_str())));
    }
    if (!retryable(reply.status)) return reply;
    wait = jittered(wait);
    if (std::chrono::steady_clock::now() + wait > deadline) return reply;
    spdlog::debug("{} {}: {}, retrying in {} ms", method, path,
                  reply.describe(), wait.count());
    std::this_thread::sleep_for(wait);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

ApiReply ApiClient::create_game(const NewGame& g,
                                const std::string& token) const {
  std::string b = "{";
  if (!g.game_id.empty()) b += "\"game_id\":" + json::quote(g.game_id) + ",";
  b += "\"players\":[";
  for (std::size_t i = 0; i < g.players.size(); ++i)
    b += std::string(i ? "," : "") + json::quote(g.players[i]);
  b += "],\"personalities\":{";
  for (std::size_t i = 0; i < g.players.size() && i < g.personalities.size();
       ++i)
    b += std::string(i ? "," : "") + json::quote(g.players[i]) + ":" +
         json::quote(g.personalities[i]);
  b += "},\"max_turns\":" + std::to_string(g.max_turns) +
       ",\"map\":{\"width\":" + std::to_string(g.width) +
       ",\"height\":" + std::to_string(g.height) +
       "},\"seed\":" + std::to_string(g.seed) + "}";
  return request("POST", "/api/v1/games", token, b);
}

ApiReply ApiClient::info(const std::string& game_id) const {
  return request("GET", "/api/v1/games/" + url_encode(game_id) + "/info", {},
                 {});
}

ApiReply ApiClient::view(const std::string& game_id, const std::string& player,
                         const std::string& token, int wait_for_turn,
                         int timeout_ms) const {
  std::string path = "/api/v1/games/" + url_encode(game_id) +
                     "/state?player=" + url_encode(player);
  if (wait_for_turn > 0)
    path += "&wait_for_turn=" + std::to_string(wait_for_turn) +
            "&timeout_ms=" + std::to_string(timeout_ms);
  return request("GET", path, token, {}, 30 + timeout_ms / 1000);
}

ApiReply ApiClient::submit(const std::string& game_id,
                           const std::string& player, const std::string& token,
                           int turn, const std::string& actions_json,
                           const std::string& request_id) const {
  const std::string body = "{\"player\":" + json::quote(player) +
                           ",\"turn\":" + std::to_string(turn) +
                           ",\"request_id\":" + json::quote(request_id) +
                           ",\"actions\":" + actions_json + "}";
  return request("POST", "/api/v1/games/" + url_encode(game_id) + "/actions",
                 token, body);
}

ApiReply ApiClient::log_prompt(const std::string& game_id,
                               const std::string& token,
                               const std::string& body) const {
  return request("POST",
                 "/api/v1/games/" + url_encode(game_id) + "/prompt-logs", token,
                 body);
}

ApiReply ApiClient::stats(const std::string& game_id) const {
  return request("GET", "/api/v1/games/" + url_encode(game_id) + "/stats", {},
                 {});
}

ApiReply ApiClient::get(const std::string& path) const {
  return request("GET", path, {}, {});
}

ApiReply ApiClient::post(const std::string& path, const std::string& token,
                         const std::string& body) const {
  return request("POST", path, token, body);
}

}  // namespace fourex::agents
