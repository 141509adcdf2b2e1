// The requests the runtime takes from http/, already shape-checked there.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fourex::actors {

// A game id (API.md): 1 to 64 characters of [A-Za-z0-9_-]. Anything else
// names no game, and never reaches a lookup, an actor or SQL.
constexpr std::size_t kMaxGameIdBytes = 64;
inline bool is_game_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxGameIdBytes) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}
// The rule of an id of at most `max_bytes` (is_game_id's characters) as a
// regular expression, for routes and messages.
inline std::string id_pattern(std::size_t max_bytes) {
  return "[A-Za-z0-9_-]{1," + std::to_string(max_bytes) + "}";
}
inline const std::string kGameIdPattern = id_pattern(kMaxGameIdBytes);

// Who is asking: the bearer token as sent (empty when none).
struct Caller {
  std::string token;
};

struct CreateGame {
  std::optional<std::string> game_id;  // generated when absent
  std::vector<std::string> players;
  std::map<std::string, std::string> personalities;  // player -> personality
  int max_turns = 100;
  int width = 32;
  int height = 32;
  std::optional<std::uint64_t> seed;   // random when absent
  std::optional<int> turn_timeout_ms;  // TURN_TIMEOUT_MS when absent
  // The players' tokens, in players' order (a Swiss tournament's, derived
  // from its organizer token); random when empty.
  std::vector<std::string> tokens;
  // Who asks. A client may not take the id of a tournament's game
  // ("<tournament_id>-<n>"): a Swiss round's games are made later, and a
  // client who took one's id first would stall the tournament.
  enum class Origin { client, tournament };
  Origin origin = Origin::client;
};

struct ViewRequest {
  std::string player;                // empty: the caller's own player
  std::optional<int> wait_for_turn;  // long-poll until turn >= this
  int timeout_ms = 30000;
};

struct Submission {
  std::string player;        // empty: the caller's own player
  std::optional<int> turn;   // absent: the current turn (alias route)
  std::string request_id;    // idempotency key, may be empty
  std::string actions_json;  // JSON array of action objects
};

struct PromptLog {
  std::string player;
  int turn = 0;
  std::string provider, model, prompt, response, thinking;
  std::int64_t prompt_tokens = 0, completion_tokens = 0, thinking_tokens = 0;
  std::int64_t latency_ms = 0;
  std::optional<std::string> error;
  bool fallback = false;
};

enum class AdminCommand { snapshot, pause, resume, archive };

}  // namespace fourex::actors
