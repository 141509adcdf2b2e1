// `fourex play`: the orchestrator of agent games against a running server
// (see docs/agents.md). Progress on a terminal, a summary table at the end,
// with --json one JSON object as the last line of stdout.
#include <iostream>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "agents/orchestrator.hpp"
#include "cli/commands.hpp"

namespace fourex::cli {
namespace {

constexpr const char* kUsage =
    "usage: fourex play [--server URL] [--agents SPEC,SPEC,...] [--games N]\n"
    "                   [--max-turns N] [--map WxH] [--seed N]\n"
    "                   [--game-id ID] [--token-dir DIR] [--json]\n"
    "  SPEC: bot:<aggressive|defensive|explorer|economic|expansionist|\n"
    "        scientific|diplomatic|balanced|random> or\n"
    "        llm[:<model>][@<personality>] (LLM_BASE_URL, LLM_API_KEY,\n"
    "        LLM_MODEL, LLM_TIMEOUT_MS)\n";

int number(const std::string& flag, const std::string& value, long long lo,
           long long hi) {
  try {
    std::size_t used = 0;
    const long long v = std::stoll(value, &used);
    if (used == value.size() && v >= lo && v <= hi) return static_cast<int>(v);
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(flag + ": expected a number in [" +
                              std::to_string(lo) + ", " + std::to_string(hi) +
                              "], got '" + value + "'");
}

agents::PlayOptions parse_flags(const std::vector<std::string>& args,
                                bool& json) {
  agents::PlayOptions o;
  o.agents = agents::parse_agent_specs("bot:aggressive,bot:defensive");
  o.llm = agents::LlmConfig::from_env();
  const auto config = load_config_or_exit({});
  o.resume_existing = config.use_persistent_game_client;
  o.admin_token = config.admin_token;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--json") {
      json = true;
      continue;
    }
    if (i + 1 >= args.size())
      throw std::invalid_argument(flag + ": missing value");
    const std::string& v = args[++i];
    if (flag == "--server") {
      o.server = v;
    } else if (flag == "--agents") {
      o.agents = agents::parse_agent_specs(v);
    } else if (flag == "--games") {
      o.games = number(flag, v, 1, 1000);
    } else if (flag == "--max-turns") {
      o.max_turns = number(flag, v, 1, 10000);
    } else if (flag == "--map") {
      const auto x = v.find('x');
      if (x == std::string::npos)
        throw std::invalid_argument("--map: expected WxH, got '" + v + "'");
      o.width = number(flag, v.substr(0, x), 8, 128);
      o.height = number(flag, v.substr(x + 1), 8, 128);
    } else if (flag == "--seed") {
      o.seed = number(flag, v, 0, 2147483647);
    } else if (flag == "--game-id") {
      o.game_id = v;
    } else if (flag == "--token-dir") {
      o.token_dir = v;
    } else {
      throw std::invalid_argument("unknown flag '" + flag + "'");
    }
  }
  if (o.agents.size() < 2 || o.agents.size() > 16)
    throw std::invalid_argument("--agents: 2 to 16 agents");
  return o;
}

}  // namespace

int play_command(const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    }
  bool json = false;
  agents::PlayOptions options;
  try {
    options = parse_flags(args, json);
  } catch (const std::invalid_argument& e) {
    std::cerr << "fourex play: " << e.what() << "\n" << kUsage;
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);
  const bool live = ::isatty(STDERR_FILENO) != 0;
  auto results = agents::play_games(options, live ? &std::cerr : nullptr);
  agents::print_summary(std::cout, results);
  if (json) std::cout << agents::summary_json(results) << std::endl;
  for (const auto& g : results)
    if (!g.error.empty() || !g.finished()) return 1;
  return 0;
}

}  // namespace fourex::cli
