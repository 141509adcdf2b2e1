// `fourex export <game_id|tournament_id>`: one game, or a tournament with
// its schedule and every game of it, read from DATABASE_URL, as a result
// bundle (results/bundle.hpp, docs/bundles.md) that `fourex verify` checks
// with no database.
#include <fstream>
#include <iostream>
#include <string>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "actors/game_record.hpp"
#include "cli/commands.hpp"
#include "game/game.hpp"
#include "game/replay.hpp"
#include "persistence/database.hpp"
#include "persistence/game_reader.hpp"
#include "persistence/tournament_store.hpp"
#include "results/bundle.hpp"

namespace fourex::cli {
namespace {

constexpr const char* kUsage =
    "usage: fourex export <game_id|tournament_id> [--out FILE] "
    "[--prompt-logs]\n"
    "                     [options of serve]\n"
    "  writes the result bundle (docs/bundles.md) of the game, or of the\n"
    "  tournament and all its games, to FILE or stdout;\n"
    "  --prompt-logs adds every logged LLM prompt and answer\n";

struct ExportArgs {
  std::string game_id;
  std::string out;  // empty: stdout
  bool prompt_logs = false;
  std::vector<std::string> flags;  // for the configuration
};

std::string prompt_logs_json(
    const std::vector<persistence::PromptLogRow>& rows) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& p : rows) {
    w.StartObject();
    w.Key("player");
    w.String(p.player);
    w.Key("turn");
    w.Int(p.turn);
    w.Key("provider");
    w.String(p.provider);
    w.Key("model");
    w.String(p.model);
    w.Key("prompt");
    w.String(p.prompt);
    w.Key("response");
    w.String(p.response);
    w.Key("thinking");
    w.String(p.thinking);
    w.Key("prompt_tokens");
    w.Int64(p.prompt_tokens);
    w.Key("completion_tokens");
    w.Int64(p.completion_tokens);
    w.Key("thinking_tokens");
    w.Int64(p.thinking_tokens);
    w.Key("latency_ms");
    w.Int64(p.latency_ms);
    w.Key("error");
    if (p.error)
      w.String(*p.error);
    else
      w.Null();
    w.Key("fallback");
    w.Bool(p.fallback);
    w.Key("created_at_ms");
    w.Int64(p.created_at_ms);
    w.EndObject();
  }
  w.EndArray();
  return {buf.GetString(), buf.GetSize()};
}

// The resolved turns are those with a game_turns row, from turn 1 on
// without a gap (a turn resolved just before a crash may lack its row until
// the game is recovered; the bundle then ends before it).
std::optional<results::BundleGame> read_game(persistence::GameReader& reader,
                                             const std::string& game_id,
                                             bool prompt_logs) {
  auto row = reader.game(game_id);
  if (!row) return std::nullopt;
  auto record = actors::record_from_row(*row);
  results::BundleGame g;
  g.game_id = row->game_id;
  g.status = row->status;
  g.settings = std::move(record.settings);
  g.winner = row->winner;
  g.snapshot_turns = reader.snapshot_turns(game_id);
  std::map<int, std::map<std::string, game::Orders>> orders;
  for (const auto& action : reader.actions_from(game_id, 1))
    orders[action.turn][action.player] =
        game::parse_orders(action.actions_json);
  for (auto& t : reader.turns(game_id, 1, 1 << 30)) {
    if (t.turn != static_cast<int>(g.turns.size()) + 1) break;
    g.turns.push_back({t.turn, std::move(orders[t.turn]), t.state_hash});
  }
  g.completed_turns = static_cast<int>(g.turns.size());
  g.state_hash = g.turns.empty()
                     ? game::state_hash(game::new_game(g.settings.config))
                     : g.turns.back().state_hash;
  if (prompt_logs)
    g.prompt_logs_json = prompt_logs_json(reader.prompt_logs(game_id, "", 0));
  return g;
}

// The tournament's record and every game of its schedule, in order.
bool read_tournament(pqxx::connection& conn, const ExportArgs& a,
                     results::Bundle& bundle) {
  persistence::TournamentStore store(conn);
  auto row = store.tournament(a.game_id);
  if (!row) return false;
  results::BundleTournament t{
      row->tournament_id, row->name, row->config_json, {}};
  persistence::GameReader reader(conn);
  for (const auto& g : store.games(a.game_id)) {
    rapidjson::Document seats;
    seats.Parse(g.seats_json.c_str(), g.seats_json.size());
    results::BundleTournament::Game scheduled{g.game_no, g.game_id, {}};
    for (const auto& s : seats.GetArray())
      scheduled.seats.emplace_back(s.GetString(), s.GetStringLength());
    t.schedule.push_back(std::move(scheduled));
    auto game = read_game(reader, g.game_id, a.prompt_logs);
    if (!game) throw std::runtime_error("game " + g.game_id + " is missing");
    bundle.games.push_back(std::move(*game));
  }
  bundle.tournament = std::move(t);
  return true;
}

int run(const ExportArgs& a, const config::Config& config) {
  auto conn = persistence::connect(config.database_url);
  persistence::GameReader reader(*conn);
  results::Bundle bundle;
  bundle.rules_version = game::kRulesVersion;
  if (auto game = read_game(reader, a.game_id, a.prompt_logs)) {
    bundle.games.push_back(std::move(*game));
  } else if (!read_tournament(*conn, a, bundle)) {
    std::cerr << "fourex export: no game or tournament '" << a.game_id << "'\n";
    return 1;
  }
  auto json = results::bundle_to_json(bundle);
  if (a.out.empty()) {
    std::cout << json << "\n";
    return 0;
  }
  std::ofstream file(a.out, std::ios::binary | std::ios::trunc);
  file << json << "\n";
  file.close();
  if (!file) {
    std::cerr << "fourex export: cannot write " << a.out << "\n";
    return 1;
  }
  int turns = 0;
  for (const auto& g : bundle.games) turns += g.completed_turns;
  std::cerr << "wrote " << a.out << " (" << bundle.games.size() << " games, "
            << turns << " turns)\n";
  return 0;
}

}  // namespace

int export_command(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
    std::cout << kUsage;
    return 0;
  }
  ExportArgs a;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--prompt-logs") {
      a.prompt_logs = true;
    } else if (args[i] == "--out" && i + 1 < args.size()) {
      a.out = args[++i];
    } else if (args[i].rfind("--out=", 0) == 0) {
      a.out = args[i].substr(6);
    } else if (a.game_id.empty() && args[i].rfind('-', 0) != 0) {
      a.game_id = args[i];
    } else {
      a.flags.push_back(args[i]);
    }
  }
  if (a.game_id.empty()) {
    std::cerr << "fourex export: missing <game_id|tournament_id>\n" << kUsage;
    return 2;
  }
  auto config = load_config_or_exit(a.flags);
  setup_logging(config);
  try {
    return run(a, config);
  } catch (const std::exception& e) {
    std::cerr << "fourex export: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace fourex::cli
