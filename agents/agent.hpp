// What the orchestrator asks of every agent: orders for a view, and a safe
// second choice when the server refuses the first.
#pragma once

#include <string>

#include "agents/bot.hpp"
#include "agents/view.hpp"

namespace fourex::agents {

struct Decision {
  std::string orders_json = "[]";  // a JSON array of actions
  int llm_calls = 0;
  bool fallback = false;  // the personality bot played instead of the LLM
};

class Agent {
 public:
  virtual ~Agent() = default;
  virtual Decision decide(const View& view) = 0;
  // After the server refused decide()'s orders with `error`.
  virtual Decision fallback(const View& view, const std::string& error) = 0;
};

class BotAgent : public Agent {
 public:
  BotAgent(Personality p, std::uint64_t seed) : bot_(p, seed) {}
  Decision decide(const View& view) override {
    return {bot_.decide(view), 0, false};
  }
  // A bot's orders come from suggested_actions; if refused, pass the turn.
  Decision fallback(const View&, const std::string&) override { return {}; }

 private:
  Bot bot_;
};

}  // namespace fourex::agents
