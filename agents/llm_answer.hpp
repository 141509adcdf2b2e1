// Reading an LLM's answer: the thinking (reasoning_content or <think>
// tags), the orders (a JSON array, tolerating code fences and prose) and
// the token usage of an OpenAI-compatible chat completion.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace fourex::agents {

struct LlmAnswer {
  std::string content;   // the message text, <think> blocks removed
  std::string thinking;  // reasoning_content and/or <think> blocks
  long long prompt_tokens = 0, completion_tokens = 0, thinking_tokens = 0;
};

// An answer the agent cannot play; what() is fed back to the model.
class UnusableAnswer : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a chat-completions response body; throws UnusableAnswer.
LlmAnswer parse_completion(std::string_view body);

// The orders of an answer as a canonical JSON array: the first JSON array
// of actions (or {"actions": [...]}, or one action object) found in a code
// fence or in the text; each unit and city kept at most once. Throws
// UnusableAnswer naming what is wrong.
std::string extract_orders(std::string_view content);

}  // namespace fourex::agents
