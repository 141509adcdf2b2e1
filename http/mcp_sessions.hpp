// MCP sessions (Mcp-Session-Id): each bound to one player of one game and
// the token that opened it; bounded in number, ended when idle.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace fourex::http::mcp {

struct Session {
  std::string token_hash;
  std::string game_id;
  std::string player;
  std::string protocol_version;
};

class Sessions {
 public:
  Sessions(int max_sessions, std::chrono::seconds idle);

  // A new session's id, or nullopt when MCP_MAX_SESSIONS are open.
  std::optional<std::string> open(Session session);
  // The live session, its idle clock restarted; nullopt when unknown or
  // idle for too long.
  std::optional<Session> find(const std::string& id);
  bool close(const std::string& id);

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    Session session;
    Clock::time_point last_used;
  };
  void drop_idle(Clock::time_point now);

  std::size_t max_;
  Clock::duration idle_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> sessions_;
};

// The game a session id names ("" for an id no node of fourex made).
std::string game_of_session(const std::string& id);

}  // namespace fourex::http::mcp
