// `fourex tournament create|list|show|run`: tournaments through a running
// server's API (docs/tournaments.md). `run` plays the built-in seats here,
// as `fourex play` does, so the server never runs agents itself.
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "agents/agent_spec.hpp"
#include "agents/json.hpp"
#include "agents/token_file.hpp"
#include "agents/tournament_runner.hpp"
#include "cli/commands.hpp"

namespace fourex::cli {
namespace {

constexpr const char* kUsage =
    "usage: fourex tournament create --entrants [NAME=]SPEC,... [--id ID]\n"
    "           [--name TEXT] [--format round_robin|swiss] [--rounds N]\n"
    "           [--seats N] [--games-per-pairing N]\n"
    "           [--map WxH[,WxH...]] [--seed N] [--max-turns N]\n"
    "           [--turn-timeout-ms N] [--prompt-version V]\n"
    "       fourex tournament list\n"
    "       fourex tournament show <id> [--csv | --json]\n"
    "       fourex tournament run <id> [--parallel N]   (a Swiss one round\n"
    "           by round, with the organizer token in <token-dir>)\n"
    "  every command: [--server URL] [--token-dir DIR]\n"
    "  SPEC: bot:<personality>, llm[:<model>][@<personality>] (played by\n"
    "        `run`, as in fourex play) or external[@<personality>] (joins\n"
    "        with the tokens in <token-dir>/<game_id>.json)\n";

using Flags = std::map<std::string, std::string>;

// --flag value pairs and bare words; --csv and --json take no value.
Flags parse(const std::vector<std::string>& args,
            std::vector<std::string>& words) {
  Flags flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a.rfind("--", 0) != 0) {
      words.push_back(a);
    } else if (a == "--csv" || a == "--json") {
      flags[a] = "1";
    } else if (i + 1 < args.size()) {
      flags[a] = args[++i];
    } else {
      throw std::invalid_argument(a + ": missing value");
    }
  }
  return flags;
}

std::string take(Flags& flags, const std::string& name,
                 const std::string& fallback = {}) {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  auto v = it->second;
  flags.erase(it);
  return v;
}

std::string number(const std::string& flag, const std::string& v, long long lo,
                   long long hi) {
  try {
    std::size_t used = 0;
    const long long n = std::stoll(v, &used);
    if (used == v.size() && n >= lo && n <= hi) return std::to_string(n);
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(flag + ": expected a number in [" +
                              std::to_string(lo) + ", " + std::to_string(hi) +
                              "], got '" + v + "'");
}

// "NAME=SPEC" or "SPEC" (a bot is named after its personality).
std::string entrant_json(const std::string& text, std::size_t index,
                         const std::string& prompt_version) {
  const auto eq = text.find('=');
  std::string name = eq == std::string::npos ? "" : text.substr(0, eq);
  const std::string spec = eq == std::string::npos ? text : text.substr(eq + 1);
  if (spec.rfind(agents::kExternalAgent, 0) != 0) {
    const auto parsed = agents::parse_agent_spec(spec);  // throws if bad
    if (name.empty() && !parsed.llm)
      name = std::string(agents::personality_name(parsed.personality));
  }
  if (name.empty()) name = "entrant" + std::to_string(index + 1);
  return "{\"name\":" + agents::json::quote(name) +
         ",\"agent\":" + agents::json::quote(spec) +
         ",\"prompt_version\":" + agents::json::quote(prompt_version) + "}";
}

std::string create_body(Flags& f) {
  const auto entrants = take(f, "--entrants");
  if (entrants.empty()) throw std::invalid_argument("--entrants is required");
  const auto prompt_version = take(f, "--prompt-version");
  std::string body = "{\"entrants\":[";
  std::size_t start = 0, index = 0;
  while (start <= entrants.size()) {
    auto comma = entrants.find(',', start);
    if (comma == std::string::npos) comma = entrants.size();
    body += index ? "," : "";
    body += entrant_json(entrants.substr(start, comma - start), index++,
                         prompt_version);
    start = comma + 1;
  }
  body += "]";
  if (auto id = take(f, "--id"); !id.empty())
    body += ",\"tournament_id\":" + agents::json::quote(id);
  if (auto name = take(f, "--name"); !name.empty())
    body += ",\"name\":" + agents::json::quote(name);
  if (auto format = take(f, "--format"); !format.empty())
    body += ",\"format\":" + agents::json::quote(format);
  if (auto rounds = take(f, "--rounds"); !rounds.empty())
    body += ",\"rounds\":" + number("--rounds", rounds, 1, 100);
  body += ",\"seats\":" + number("--seats", take(f, "--seats", "2"), 2, 16);
  body += ",\"games_per_pairing\":" +
          number("--games-per-pairing", take(f, "--games-per-pairing", "1"), 1,
                 1000);
  body += ",\"seed\":" +
          number("--seed", take(f, "--seed", "1"), 0, 9007199254740991LL);
  body += ",\"max_turns\":" +
          number("--max-turns", take(f, "--max-turns", "50"), 1, 10000);
  if (auto t = take(f, "--turn-timeout-ms"); !t.empty())
    body +=
        ",\"turn_timeout_ms\":" + number("--turn-timeout-ms", t, 0, 86400000);
  body += ",\"maps\":[";
  const auto maps = take(f, "--map", "16x16");
  std::size_t from = 0;
  bool first = true;
  while (from <= maps.size()) {
    auto comma = maps.find(',', from);
    if (comma == std::string::npos) comma = maps.size();
    const auto m = maps.substr(from, comma - from);
    const auto x = m.find('x');
    if (x == std::string::npos)
      throw std::invalid_argument("--map: expected WxH, got '" + m + "'");
    body += first ? "" : ",";
    body += "{\"width\":" + number("--map", m.substr(0, x), 8, 128) +
            ",\"height\":" + number("--map", m.substr(x + 1), 8, 128) + "}";
    first = false;
    from = comma + 1;
  }
  return body + "]}";
}

double num(const rapidjson::Value& v, const char* key) {
  const auto* m = agents::json::member(v, key);
  return m && m->IsNumber() ? m->GetDouble() : 0;
}

void print_leaderboard(std::ostream& out, const rapidjson::Value& standings) {
  out << std::left << std::setw(4) << "#" << std::setw(18) << "entrant"
      << std::right << std::setw(24) << "rating mu [low, high]" << std::setw(7)
      << "games" << std::setw(6) << "wins" << std::setw(20) << "win rate [95%]"
      << std::setw(8) << "score" << std::setw(8) << "refused" << std::setw(8)
      << "fallbk" << std::setw(10) << "tok/turn" << std::setw(14)
      << "p50/p95 ms" << std::setw(10) << "$/game"
      << "\n";
  const auto* rows = agents::json::member(standings, "leaderboard");
  if (!rows || !rows->IsArray()) return;
  int rank = 0;
  out << std::fixed;
  for (const auto& r : rows->GetArray()) {
    const auto* rating = agents::json::member(r, "rating");
    const auto* wr = agents::json::member(r, "win_rate");
    const auto* tokens = agents::json::member(r, "tokens_per_turn");
    std::ostringstream rt, w, lat;
    rt << std::fixed << std::setprecision(1) << num(*rating, "mu") << " ["
       << num(*rating, "low") << ", " << num(*rating, "high") << "]";
    w << std::fixed << std::setprecision(2) << num(*wr, "rate") << " ["
      << num(*wr, "low") << "-" << num(*wr, "high") << "]";
    lat << std::fixed << std::setprecision(0) << num(r, "latency_ms_p50") << "/"
        << num(r, "latency_ms_p95");
    const double tok = num(*tokens, "prompt") + num(*tokens, "completion") +
                       num(*tokens, "thinking");
    out << std::left << std::setw(4) << ++rank << std::setw(18)
        << agents::json::str(r, "entrant") << std::right << std::setw(24)
        << rt.str() << std::setw(7) << agents::json::num(r, "games")
        << std::setw(6) << agents::json::num(r, "wins") << std::setw(20)
        << w.str() << std::setw(8) << std::setprecision(1)
        << num(r, "mean_score") << std::setw(8) << std::setprecision(3)
        << num(r, "refused_action_rate") << std::setw(8)
        << num(r, "fallback_rate") << std::setw(10) << std::setprecision(0)
        << tok << std::setw(14) << lat.str() << std::setw(10)
        << std::setprecision(4) << num(r, "cost_per_game") << "\n";
  }
}

int fail(const agents::ApiReply& reply) {
  std::cerr << "fourex tournament: " << reply.describe() << "\n";
  return 1;
}

int run(const std::string& command, const std::vector<std::string>& words,
        Flags& f) {
  const auto config = load_config_or_exit({});
  agents::TournamentOptions o;
  o.server = take(f, "--server", o.server);
  o.token_dir = take(f, "--token-dir", o.token_dir);
  o.admin_token = config.admin_token;
  o.llm = agents::LlmConfig::from_env();
  const agents::ApiClient api(o.server, std::chrono::seconds(o.retry_budget_s));
  const bool csv = take(f, "--csv") == "1";
  const bool json = take(f, "--json") == "1";
  const std::string id = words.empty() ? "" : words[0];
  if (command != "create" && command != "list" && id.empty())
    throw std::invalid_argument("missing <id>");
  auto check_flags = [&] {
    if (!f.empty())
      throw std::invalid_argument("unknown flag '" + f.begin()->first + "'");
  };

  if (command == "create") {
    const auto body = create_body(f);
    check_flags();
    auto reply = agents::create_tournament(o, body);
    if (reply.status != 201) return fail(reply);
    const auto* games = agents::json::member(reply.json, "games");
    const auto id = agents::json::str(reply.json, "tournament_id");
    std::cout << "tournament " << id << ": " << (games ? games->Size() : 0)
              << " games; tokens in " << o.token_dir << "/<game_id>.json\n";
    const auto* config = agents::json::member(reply.json, "config");
    if (config && !agents::json::str(reply.json, "organizer_token").empty())
      std::cout << "swiss: round 1 of " << agents::json::num(*config, "rounds")
                << "; `run` asks for the next ones with the organizer token in "
                << o.token_dir << "/" << id << ".organizer\n";
    return 0;
  }
  if (command == "list") {
    check_flags();
    auto reply = api.get("/api/v1/tournaments?limit=1000");
    if (!reply.ok()) return fail(reply);
    for (const auto& t :
         agents::json::member(reply.json, "tournaments")->GetArray())
      std::cout << std::left << std::setw(42)
                << agents::json::str(t, "tournament_id") << std::setw(10)
                << agents::json::str(t, "status") << std::right
                << agents::json::num(t, "games_finished") << "/"
                << agents::json::num(t, "games_total") << "  "
                << agents::json::str(t, "name") << "\n";
    return 0;
  }
  const std::string path = "/api/v1/tournaments/" + agents::url_encode(id);
  if (command == "show") {
    check_flags();
    auto reply = api.get(path + "/leaderboard" + (csv ? "?format=csv" : ""));
    if (!reply.ok()) return fail(reply);
    if (csv || json) {
      std::cout << reply.body << (csv ? "" : "\n");
      return 0;
    }
    std::cout << agents::json::num(reply.json, "finished_games")
              << " finished games\n";
    print_leaderboard(std::cout, reply.json);
    return 0;
  }
  if (command == "run") {
    o.parallel =
        std::stoi(number("--parallel", take(f, "--parallel", "4"), 1, 64));
    check_flags();
    auto result = agents::run_tournament(o, id, &std::cout);
    for (const auto& e : result.errors) std::cerr << "error: " << e << "\n";
    std::cout << result.played << " games played, " << result.already_finished
              << " already finished, " << result.external_only
              << " left to external entrants\n";
    auto standings = api.get(path + "/leaderboard");
    if (standings.ok()) print_leaderboard(std::cout, standings.json);
    return result.errors.empty() ? 0 : 1;
  }
  throw std::invalid_argument("unknown subcommand '" + command + "'");
}

}  // namespace

int tournament_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  spdlog::set_level(spdlog::level::warn);
  try {
    std::vector<std::string> words;
    auto flags =
        parse(std::vector<std::string>(args.begin() + 1, args.end()), words);
    return run(args[0], words, flags);
  } catch (const std::invalid_argument& e) {
    std::cerr << "fourex tournament: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "fourex tournament: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace fourex::cli
