// Spec parsing and the agent factory.
#include "agents/agent_spec.hpp"

#include <stdexcept>

namespace fourex::agents {

std::string AgentSpec::label() const {
  if (!llm) {
    std::string s = "bot:";
    s += personality_name(personality);
    return s;
  }
  std::string s = "llm";
  if (!model.empty()) (s += ":") += model;
  if (personality != Personality::balanced)
    (s += "@") += personality_name(personality);
  return s;
}

AgentSpec parse_agent_spec(const std::string& text) {
  AgentSpec spec;
  auto bad = [&](const std::string& why) {
    return std::invalid_argument("agent '" + text + "': " + why);
  };
  if (text.rfind("bot:", 0) == 0) {
    auto p = personality_from_name(text.substr(4));
    if (!p) throw bad("unknown personality");
    spec.personality = *p;
    return spec;
  }
  if (text != "llm" && text.rfind("llm:", 0) != 0 && text.rfind("llm@", 0) != 0)
    throw bad("expected bot:<personality> or llm:<model>");
  spec.llm = true;
  std::string rest = text.substr(3);
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    auto p = personality_from_name(rest.substr(at + 1));
    if (!p || *p == Personality::random) throw bad("unknown personality");
    spec.personality = *p;
    rest.resize(at);
  }
  if (!rest.empty()) spec.model = rest.substr(1);
  return spec;
}

std::vector<AgentSpec> parse_agent_specs(const std::string& comma_list) {
  std::vector<AgentSpec> out;
  std::size_t start = 0;
  while (start <= comma_list.size()) {
    auto end = comma_list.find(',', start);
    if (end == std::string::npos) end = comma_list.size();
    out.push_back(parse_agent_spec(comma_list.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

std::unique_ptr<Agent> make_agent(const AgentSpec& spec, LlmConfig llm,
                                  std::uint64_t seed, LlmAgent::LogSink sink) {
  if (!spec.llm) return std::make_unique<BotAgent>(spec.personality, seed);
  if (!spec.model.empty()) llm.model = spec.model;
  return std::make_unique<LlmAgent>(std::move(llm), spec.personality, seed,
                                    std::move(sink));
}

}  // namespace fourex::agents
