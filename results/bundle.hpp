// Result bundles: one self-contained JSON file with everything needed to
// re-simulate games offline (docs/bundles.md): one game, or a tournament
// with its schedule and all of its games.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "game/game_status.hpp"
#include "game/orders.hpp"
#include "game/state.hpp"

namespace fourex::results {

inline constexpr const char* kBundleFormat = "fourex-result-bundle";
inline constexpr int kBundleFormatVersion = 1;

// A file that is not a bundle of a version we read; what() names the JSON
// path of the first bad value.
class BundleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A game's settings, in the one JSON form of games.config and of a
// bundle's "settings": {"players":[{"name","personality"}],"width",
// "height","seed","max_turns","turn_timeout_ms"}, everything needed to
// start the game anew.
struct GameSettings {
  game::GameConfig config;
  int turn_timeout_ms = 0;
};
std::string settings_to_json(const GameSettings& settings);
// Throws BundleError naming, under `path`, the first value it refuses.
GameSettings settings_from_json(std::string_view json,
                                const std::string& path = "settings");

// One resolved turn: the orders each player submitted (by name; a player
// who submitted nothing is absent) and the state hash after it.
struct BundleTurn {
  int turn = 0;
  std::map<std::string, game::Orders> orders;
  std::string state_hash;
};

struct BundleGame {
  std::string game_id;
  game::GameStatus status = game::GameStatus::active;
  GameSettings settings;  // players, map size, seed, max turns, timeout
  int completed_turns = 0;
  std::string state_hash;  // after completed_turns ("" before turn 1)
  std::optional<std::string> winner;
  std::vector<int> snapshot_turns;  // informational: where the server saved
  std::vector<BundleTurn> turns;    // 1..completed_turns, ascending
  // The prompt logs as a JSON array (docs/bundles.md), when exported.
  std::optional<std::string> prompt_logs_json;
};

// A tournament's record: its settings as the server stores them and its
// schedule; its games are the bundle's games.
struct BundleTournament {
  std::string tournament_id;
  std::string name;
  std::string config_json;  // entrants, format, ... (docs/tournaments.md)
  struct Game {
    int game_no = 0;
    std::string game_id;
    std::vector<std::string> seats;  // entrant names in seat order
  };
  std::vector<Game> schedule;  // ascending by game_no
};

struct Bundle {
  int format_version = kBundleFormatVersion;
  int rules_version = 0;
  std::optional<BundleTournament> tournament;
  std::vector<BundleGame> games;
};

// Canonical JSON: fixed key order, no whitespace.
std::string bundle_to_json(const Bundle& bundle);
// Throws BundleError on anything that is not a bundle we can read.
Bundle bundle_from_json(std::string_view json);

}  // namespace fourex::results
