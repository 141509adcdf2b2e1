// Agent specs of `fourex play --agents`: "bot:<personality>" or
// "llm[:<model>][@<personality>]" (model names may hold ':', as Ollama's do).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "agents/agent.hpp"
#include "agents/llm_agent.hpp"

namespace fourex::agents {

struct AgentSpec {
  bool llm = false;
  Personality personality = Personality::balanced;
  std::string model;          // llm only; empty: LLM_MODEL
  std::string label() const;  // the spec as written back
};

// Throws std::invalid_argument naming the bad spec.
AgentSpec parse_agent_spec(const std::string& text);
std::vector<AgentSpec> parse_agent_specs(const std::string& comma_list);

std::unique_ptr<Agent> make_agent(const AgentSpec& spec, LlmConfig llm,
                                  std::uint64_t seed, LlmAgent::LogSink sink);

}  // namespace fourex::agents
