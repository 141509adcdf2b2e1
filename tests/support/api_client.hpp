// A small JSON-over-HTTP client of the fourex API (API.md) for black-box
// tests: requests that never throw on a status, typed helpers for the
// common calls, the error-body check, and a random legal-actions bot.
// Every exchange is checked against the server's own /openapi.json
// (openapi_contract.hpp): a request the description does not document as
// valid, or an answer it does not document, throws ContractViolation.
#pragma once

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tests/support/openapi_contract.hpp"

namespace fourex::testing {

// The server and its API description disagree (or a test sent a request
// the description does not allow without saying so with invalid()).
struct ContractViolation : std::logic_error {
  using std::logic_error::logic_error;
};

// ---------------------------------------------------------------- JSON ----

// Parses text; the result has HasParseError() set when it is not JSON.
inline rapidjson::Document parse_json(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  return doc;
}

inline std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// A JSON string literal (quoted and escaped) for hand-built bodies.
inline std::string json_string(std::string_view s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Member accessors that tolerate absence and wrong types.
inline const rapidjson::Value* member(const rapidjson::Value& v,
                                      const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

inline std::string get_string(const rapidjson::Value& v, const char* name,
                              std::string fallback = {}) {
  const auto* m = member(v, name);
  return m && m->IsString() ? std::string(m->GetString(), m->GetStringLength())
                            : fallback;
}

inline std::int64_t get_int(const rapidjson::Value& v, const char* name,
                            std::int64_t fallback = -1) {
  const auto* m = member(v, name);
  return m && m->IsInt64() ? m->GetInt64() : fallback;
}

inline bool get_bool(const rapidjson::Value& v, const char* name,
                     bool fallback = false) {
  const auto* m = member(v, name);
  return m && m->IsBool() ? m->GetBool() : fallback;
}

// Percent-encodes a query parameter value.
inline std::string url_encode(std::string_view s) {
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

// ------------------------------------------------------------ response ----

struct ApiResponse {
  int status = 0;  // 0: no HTTP answer (refused, reset, timed out)
  httplib::Error error = httplib::Error::Success;
  std::string body;
  httplib::Headers headers;
  rapidjson::Document json;  // Null when the body is not JSON
  bool json_ok = false;

  bool transport_error() const { return status == 0; }

  bool has_header(const std::string& key) const {
    for (const auto& [k, v] : headers) {
      if (k.size() == key.size() &&
          std::equal(k.begin(), k.end(), key.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          }))
        return true;
    }
    return false;
  }

  std::string header(const std::string& key) const {
    for (const auto& [k, v] : headers) {
      if (k.size() == key.size() &&
          std::equal(k.begin(), k.end(), key.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          }))
        return v;
    }
    return {};
  }

  // error.code of an error body, "" when there is none.
  std::string error_code() const {
    if (!json_ok) return {};
    const auto* e = member(json, "error");
    return e ? get_string(*e, "code") : std::string{};
  }

  // For assertion messages.
  std::string describe() const {
    if (status == 0)
      return "no HTTP answer (" + httplib::to_string(error) + ")";
    std::string b = body.size() > 600 ? body.substr(0, 600) + "..." : body;
    return "status " + std::to_string(status) + ": " + b;
  }
};

// "" when the body is API.md's error shape
// {"error": {"code": "<snake_case>", "message": "...", "details": {...}}},
// otherwise what is wrong with it.
inline std::string error_shape_problem(const ApiResponse& r) {
  if (!r.json_ok) return "body is not JSON: " + r.describe();
  if (!r.json.IsObject()) return "body is not an object: " + r.describe();
  const auto* e = member(r.json, "error");
  if (!e || !e->IsObject()) return "no \"error\" object: " + r.describe();
  const auto* code = member(*e, "code");
  if (!code || !code->IsString() || code->GetStringLength() == 0)
    return "error.code missing or not a string: " + r.describe();
  for (char c : std::string_view(code->GetString(), code->GetStringLength()))
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return "error.code is not snake_case: " + r.describe();
  const auto* message = member(*e, "message");
  if (!message || !message->IsString())
    return "error.message missing or not a string: " + r.describe();
  const auto* details = member(*e, "details");
  if (!details || !details->IsObject())
    return "error.details missing or not an object: " + r.describe();
  return {};
}

inline ApiResponse to_response(const httplib::Result& res) {
  ApiResponse out;
  out.error = res.error();
  if (!res) return out;
  out.status = res->status;
  out.body = res->body;
  out.headers = res->headers;
  if (!out.body.empty()) {
    out.json.Parse(out.body.data(), out.body.size());
    out.json_ok = !out.json.HasParseError();
    if (!out.json_ok) out.json.SetNull();
  }
  return out;
}

// ---------------------------------------------------------------- games ----

struct GameSpec {
  std::string game_id;  // empty: let the server choose
  std::vector<std::string> players;
  std::map<std::string, std::string> personalities;
  int max_turns = 25;
  int width = 16;
  int height = 16;
  std::int64_t seed = 42;
  int turn_timeout_ms = 0;
};

inline std::string game_body(const GameSpec& spec) {
  std::string b = "{";
  if (!spec.game_id.empty())
    b += "\"game_id\":" + json_string(spec.game_id) + ",";
  b += "\"players\":[";
  // Appended piece by piece: `"," + std::string` trips GCC 12's false
  // -Wrestrict warning (an error under -Werror).
  for (std::size_t i = 0; i < spec.players.size(); ++i) {
    b += i ? "," : "";
    b += json_string(spec.players[i]);
  }
  b += "],\"personalities\":{";
  bool first = true;
  for (const auto& [name, p] : spec.personalities) {
    b += first ? "" : ",";
    b += json_string(name) + ":" + json_string(p);
    first = false;
  }
  b += "},\"max_turns\":" + std::to_string(spec.max_turns);
  b += ",\"map\":{\"width\":" + std::to_string(spec.width) +
       ",\"height\":" + std::to_string(spec.height) + "}";
  b += ",\"seed\":" + std::to_string(spec.seed);
  b += ",\"turn_timeout_ms\":" + std::to_string(spec.turn_timeout_ms) + "}";
  return b;
}

struct CreatedGame {
  std::string game_id;
  int turn = 0;
  std::vector<std::string> players;           // in the answer's order
  std::map<std::string, std::string> tokens;  // player -> bearer token
};

// The body of POST /actions.
inline std::string submission_body(const std::string& player, int turn,
                                   const std::string& actions_json,
                                   const std::string& request_id = {}) {
  std::string b = "{\"player\":" + json_string(player) +
                  ",\"turn\":" + std::to_string(turn);
  if (!request_id.empty()) b += ",\"request_id\":" + json_string(request_id);
  b += ",\"actions\":" + actions_json + "}";
  return b;
}

// ---------------------------------------------------------------- client ----

// One keep-alive connection; not for sharing between threads (make one per
// thread). Never throws on an HTTP status: callers look at ApiResponse.
class ApiClient {
 public:
  ApiClient(std::string host, int port, int read_timeout_s = 60)
      : host_(std::move(host)),
        port_(port),
        client_(std::make_unique<httplib::Client>(host_, port)) {
    client_->set_connection_timeout(5, 0);
    client_->set_read_timeout(read_timeout_s, 0);
    client_->set_write_timeout(10, 0);
    client_->set_keep_alive(true);
  }
  explicit ApiClient(int port, int read_timeout_s = 60)
      : ApiClient("127.0.0.1", port, read_timeout_s) {}

  void set_read_timeout(int seconds) { client_->set_read_timeout(seconds, 0); }

  static httplib::Headers auth(const std::string& token) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return h;
  }

  // The next request deliberately leaves the description (not JSON, a
  // field out of range, an unknown route...): it is sent unchecked, and
  // its answer is still checked against what the operation documents.
  ApiClient& invalid() {
    next_invalid_ = true;
    return *this;
  }

  ApiResponse get(const std::string& path, const std::string& token = {}) {
    return send("GET", path, token, {}, {});
  }
  ApiResponse post(const std::string& path, const std::string& token,
                   const std::string& body,
                   const std::string& content_type = "application/json") {
    return send("POST", path, token, body, content_type);
  }
  ApiResponse del(const std::string& path, const std::string& token = {}) {
    return send("DELETE", path, token, {}, {});
  }

  // POST /api/v1/games; the raw answer.
  ApiResponse create_game_raw(const GameSpec& spec, const std::string& token) {
    return post("/api/v1/games", token, game_body(spec));
  }

  // POST /api/v1/games; throws unless 201 with a token per player.
  CreatedGame create_game(const GameSpec& spec, const std::string& token) {
    auto r = create_game_raw(spec, token);
    if (r.status != 201 || !r.json_ok)
      throw std::runtime_error("create game failed: " + r.describe());
    return parse_created(r);
  }

  static CreatedGame parse_created(const ApiResponse& r) {
    CreatedGame g;
    g.game_id = get_string(r.json, "game_id");
    g.turn = static_cast<int>(get_int(r.json, "turn"));
    const auto* players = member(r.json, "players");
    if (g.game_id.empty() || !players || !players->IsArray())
      throw std::runtime_error("create game: unexpected answer: " +
                               r.describe());
    for (const auto& p : players->GetArray()) {
      auto name = get_string(p, "name");
      g.players.push_back(name);
      g.tokens[name] = get_string(p, "token");
    }
    return g;
  }

  static std::string game_path(const std::string& game_id) {
    return "/api/v1/games/" + game_id;
  }

  ApiResponse info(const std::string& game_id, const std::string& token) {
    return get(game_path(game_id) + "/info", token);
  }

  // GET state; wait_for_turn > 0 adds the long-poll parameters.
  ApiResponse state(const std::string& game_id, const std::string& player,
                    const std::string& token, int wait_for_turn = 0,
                    int timeout_ms = 30000) {
    std::string path =
        game_path(game_id) + "/state?player=" + url_encode(player);
    if (wait_for_turn > 0)
      path += "&wait_for_turn=" + std::to_string(wait_for_turn) +
              "&timeout_ms=" + std::to_string(timeout_ms);
    return get(path, token);
  }

  ApiResponse submit(const std::string& game_id, const std::string& token,
                     const std::string& player, int turn,
                     const std::string& actions_json,
                     const std::string& request_id = {}) {
    return post(game_path(game_id) + "/actions", token,
                submission_body(player, turn, actions_json, request_id));
  }

  ApiResponse turns(const std::string& game_id, const std::string& token,
                    int from, int to) {
    return get(game_path(game_id) + "/turns?from=" + std::to_string(from) +
                   "&to=" + std::to_string(to),
               token);
  }

  ApiResponse replay(const std::string& game_id, const std::string& token,
                     int turn) {
    return get(game_path(game_id) + "/replay?turn=" + std::to_string(turn),
               token);
  }

  ApiResponse restore(const std::string& game_id, const std::string& token,
                      std::optional<int> turn = std::nullopt) {
    std::string body =
        turn ? "{\"turn\":" + std::to_string(*turn) + "}" : std::string("{}");
    return post(game_path(game_id) + "/restore", token, body);
  }

  ApiResponse admin_post(const std::string& path_after_admin,
                         const std::string& admin_token,
                         const std::string& body = {}) {
    return post("/admin/v1" + path_after_admin, admin_token, body);
  }

 private:
  // The one way a request leaves: checked before, its answer after.
  ApiResponse send(const std::string& method, const std::string& target,
                   const std::string& token, const std::string& body,
                   const std::string& content_type) {
    bool checked = !std::exchange(next_invalid_, false);
    const OpenApiContract* contract = served_contract(host_, port_);
    HttpExchange x;
    x.method = method;
    x.target = target;
    x.credentials = !token.empty();
    x.request_content_type = content_type;
    x.request_body = body;
    std::string request_problem =
        contract && checked ? contract->request_problem(x) : std::string();
    ApiResponse out;
    if (method == "GET")
      out = to_response(client_->Get(target.c_str(), auth(token)));
    else if (method == "POST")
      out = to_response(client_->Post(target.c_str(), auth(token), body,
                                      content_type.c_str()));
    else
      out = to_response(client_->Delete(target.c_str(), auth(token)));
    // Appended piece by piece (GCC 12's false -Wrestrict, as above).
    std::string sent = method;
    sent += ' ';
    sent += target;
    sent += ' ';
    sent += body.substr(0, 300);
    if (!request_problem.empty())
      throw ContractViolation(
          "the request is not valid by /openapi.json (say invalid() if that "
          "is deliberate): " +
          request_problem + "\n  sent: " + sent +
          "\n  answered: " + out.describe());
    if (contract && !out.transport_error()) {
      x.status = out.status;
      x.response_headers = out.headers;
      x.response_body = out.body;
      auto answer_problem = contract->response_problem(x, checked);
      if (!answer_problem.empty())
        throw ContractViolation("the answer disagrees with /openapi.json: " +
                                answer_problem + "\n  sent: " + sent);
    }
    return out;
  }

  std::string host_;
  int port_;
  std::unique_ptr<httplib::Client> client_;
  bool next_invalid_ = false;
};

// ------------------------------------------------------------------ bot ----

// A random submission drawn from a view's `legal_actions`, kept inside
// API.md's guarantee: each unit and each city used at most once, at most one
// set_research. To stay clear of field names the contract leaves open, every
// scalar field whose name mentions "unit" or "city" (unit_id, city_id,
// target_unit_id...) reserves that id, and actions that touch neither (the
// diplomacy orders) are limited to one per submission. `skip_types` leaves
// some order types out (e.g. "disband" to keep a bot alive).
inline std::string random_legal_subset(
    const rapidjson::Value& view, std::mt19937& rng, double keep = 0.6,
    const std::set<std::string>& skip_types = {}) {
  const auto* legal = member(view, "legal_actions");
  if (!legal || !legal->IsArray() || legal->Empty()) return "[]";
  std::vector<const rapidjson::Value*> candidates;
  for (const auto& a : legal->GetArray())
    if (a.IsObject() && !skip_types.count(get_string(a, "type")))
      candidates.push_back(&a);
  std::shuffle(candidates.begin(), candidates.end(), rng);
  std::bernoulli_distribution take(keep);
  std::set<std::string> used;
  std::string out = "[";
  bool first = true;
  for (const auto* a : candidates) {
    if (!take(rng)) continue;
    std::vector<std::string> keys;
    for (const auto& m : a->GetObject()) {
      std::string name(m.name.GetString(), m.name.GetStringLength());
      bool unit = name.find("unit") != std::string::npos;
      bool city = name.find("city") != std::string::npos;
      if (!unit && !city) continue;
      std::string value;
      if (m.value.IsInt64())
        value = std::to_string(m.value.GetInt64());
      else if (m.value.IsString())
        value = m.value.GetString();
      else
        continue;
      keys.push_back((unit ? "unit:" : "city:") + value);
    }
    std::string type = get_string(*a, "type");
    if (type == "set_research") keys.push_back("research");
    if (keys.empty()) keys.push_back("diplomacy");
    bool clash = false;
    for (const auto& k : keys) clash = clash || used.count(k);
    if (clash) continue;
    used.insert(keys.begin(), keys.end());
    out += first ? "" : ",";
    out += to_json(*a);
    first = false;
  }
  return out + "]";
}

// ---------------------------------------------------------------- misc ----

// Polls pred every `step` until it holds or `timeout` passes; the last value.
inline bool eventually(
    const std::function<bool()>& pred, std::chrono::milliseconds timeout,
    std::chrono::milliseconds step = std::chrono::milliseconds(50)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (pred()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
  }
}

}  // namespace fourex::testing
