#include "http/mcp_sessions.hpp"

#include "actors/tokens.hpp"

namespace fourex::http::mcp {

Sessions::Sessions(int max_sessions, std::chrono::seconds idle)
    : max_(static_cast<std::size_t>(max_sessions)), idle_(idle) {}

void Sessions::drop_idle(Clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = now - it->second.last_used > idle_ ? sessions_.erase(it) : ++it;
}

std::optional<std::string> Sessions::open(Session session) {
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (sessions_.size() >= max_) drop_idle(now);
  if (sessions_.size() >= max_) return std::nullopt;
  // 256 random bits: a session id cannot be guessed (it is no credential
  // either: every request also carries the session's bearer token). It
  // starts with the game's id, so that any node of a cluster can send the
  // session's requests to the node that serves the game (game_of_session).
  auto id = session.game_id + "." + actors::new_token();
  sessions_[id] = {std::move(session), now};
  return id;
}

std::optional<Session> Sessions::find(const std::string& id) {
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used > idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.session;
}

bool Sessions::close(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.erase(id) > 0;
}

std::string game_of_session(const std::string& id) {
  auto dot = id.find('.');
  return dot == std::string::npos ? std::string() : id.substr(0, dot);
}

}  // namespace fourex::http::mcp
