// Result bundles: one self-contained JSON file with everything needed to
// re-simulate games offline (docs/bundles.md). A bundle holds a list of
// games so that a tournament's bundle can later hold all of its games.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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

// One resolved turn: the orders each player submitted (by name; a player
// who submitted nothing is absent) and the state hash after it.
struct BundleTurn {
  int turn = 0;
  std::map<std::string, game::Orders> orders;
  std::string state_hash;
};

struct BundleGame {
  std::string game_id;
  std::string status;       // active | paused | finished | deleted
  game::GameConfig config;  // players, map size, seed, max turns
  int turn_timeout_ms = 0;
  int completed_turns = 0;
  std::string state_hash;  // after completed_turns ("" before turn 1)
  std::optional<std::string> winner;
  std::vector<int> snapshot_turns;  // informational: where the server saved
  std::vector<BundleTurn> turns;    // 1..completed_turns, ascending
  // The prompt logs as a JSON array (docs/bundles.md), when exported.
  std::optional<std::string> prompt_logs_json;
};

struct Bundle {
  int format_version = kBundleFormatVersion;
  int rules_version = 0;
  std::vector<BundleGame> games;
};

// Canonical JSON: fixed key order, no whitespace.
std::string bundle_to_json(const Bundle& bundle);
// Throws BundleError on anything that is not a bundle we can read.
Bundle bundle_from_json(std::string_view json);

}  // namespace fourex::results
