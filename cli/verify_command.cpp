// `fourex verify <file>`: re-simulates a result bundle with the rules of
// this binary, no database, and says `verified` or where it first differs.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cli/commands.hpp"
#include "results/bundle.hpp"
#include "results/verify.hpp"

namespace fourex::cli {
namespace {

constexpr const char* kUsage =
    "usage: fourex verify <file>\n"
    "  replays every game of a result bundle (docs/bundles.md) offline,\n"
    "  and for a tournament checks its schedule and recomputes its ratings;\n"
    "  exit 0 verified, 1 a turn does not reproduce, 2 not a bundle\n";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

}  // namespace

int verify_command(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
    std::cout << kUsage;
    return 0;
  }
  if (args.size() != 1) {
    std::cerr << kUsage;
    return 2;
  }
  const auto& path = args[0];
  auto bytes = read_file(path);
  if (!bytes) {
    std::cerr << "fourex verify: cannot read " << path << "\n";
    return 2;
  }
  results::Bundle bundle;
  try {
    bundle = results::bundle_from_json(*bytes);
  } catch (const results::BundleError& e) {
    std::cerr << "fourex verify: " << path << ": " << e.what() << "\n";
    return 2;
  }
  auto result = results::verify_bundle(bundle);
  if (result.rules_mismatch) {
    std::cout << "not verified: " << *result.rules_mismatch << "\n";
    return 1;
  }
  for (const auto& g : result.games) {
    if (g.verified()) {
      std::cout << "game " << g.game_id << ": " << g.turns_checked
                << " turns reproduced\n";
      continue;
    }
    std::cout << "not verified: game " << g.game_id << " turn "
              << *g.mismatch_turn << ": " << g.message << "\n";
    return 1;
  }
  if (result.tournament_mismatch) {
    std::cout << "not verified: tournament " << bundle.tournament->tournament_id
              << ": " << *result.tournament_mismatch << "\n";
    return 1;
  }
  if (result.standings) {
    // The ratings recomputed from the replayed games, for a reviewer to
    // compare with the published ones.
    std::cout << "tournament " << bundle.tournament->tournament_id << ": "
              << result.standings->finished_games << " finished games\n";
    for (const auto& r : result.standings->leaderboard)
      std::cout << "  " << r.entrant << " mu " << r.standing.rating.mu
                << " sigma " << r.standing.rating.sigma << " games "
                << r.standing.games << " wins " << r.standing.wins << "\n";
  }
  std::cout << "verified\n";
  return 0;
}

}  // namespace fourex::cli
