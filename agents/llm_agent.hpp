// The LLM agent: asks any OpenAI-compatible chat-completions endpoint
// (OpenAI, vLLM, llama.cpp's server, Ollama) for each turn's orders. Every
// call, good or bad, goes to the log sink (POST /prompt-logs); an unusable
// answer gets one retry with the error fed back, then the personality bot
// plays the turn (a fallback).
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "agents/agent.hpp"
#include "agents/bot.hpp"

namespace fourex::agents {

struct LlmConfig {
  std::string base_url = "http://127.0.0.1:8080/v1";  // LLM_BASE_URL
  std::string api_key;                                // LLM_API_KEY
  std::string model;                                  // LLM_MODEL
  int timeout_ms = 60000;                             // LLM_TIMEOUT_MS
  // The configuration from the environment, over these defaults.
  static LlmConfig from_env();
};

// One chat completion as POST /prompt-logs records it.
struct LlmCall {
  std::string prompt, response, thinking;
  long long prompt_tokens = 0, completion_tokens = 0, thinking_tokens = 0;
  long long latency_ms = 0;
  std::optional<std::string> error;
  // This call was the last chance: its answer was unusable too, so the
  // personality bot plays the turn. Only the log says so durably.
  bool fallback = false;
};

std::string prompt_log_json(const std::string& player, int turn,
                            const std::string& model, const LlmCall& call);

class LlmAgent : public Agent {
 public:
  using LogSink = std::function<void(const View&, const LlmCall&)>;
  LlmAgent(LlmConfig config, Personality personality, std::uint64_t seed,
           LogSink sink);

  Decision decide(const View& view) override;
  Decision fallback(const View& view, const std::string& error) override;

  const LlmConfig& config() const { return config_; }

 private:
  // One chat completion; fills call (always) and returns the content.
  std::optional<std::string> complete(const std::string& system,
                                      const std::string& user,
                                      const std::string& retry_note,
                                      const std::string& last_answer,
                                      LlmCall& call);
  void remember(const View& view, const std::string& orders, bool fallback);

  LlmConfig config_;
  Personality personality_;
  Bot bot_;
  LogSink sink_;
  std::deque<std::string> memory_;  // the last turns, oldest first
};

}  // namespace fourex::agents
