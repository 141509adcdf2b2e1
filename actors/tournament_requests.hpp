// The tournament requests the runtime takes from http/, shape-checked there
// (docs/api.md, "Tournaments").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/requests.hpp"

namespace fourex::actors {

// A tournament id: 1 to 40 characters of [A-Za-z0-9_-], so that its games'
// ids "<tournament_id>-<n>" are game ids.
constexpr std::size_t kMaxTournamentIdBytes = 40;
bool is_tournament_id(const std::string& id);
inline const std::string kTournamentIdPattern =
    id_pattern(kMaxTournamentIdBytes);

// The most rounds of a Swiss tournament.
constexpr int kMaxSwissRounds = 100;

// The most games one tournament may schedule.
constexpr long long kMaxTournamentGames = 1000;

// Limits of a tournament's fields, quoted by the errors that enforce them.
constexpr int kMaxTournamentSeats = 16;
constexpr int kMaxGamesPerPairing = 1000;
constexpr int kMaxTournamentMaps = 100;
constexpr std::size_t kMaxTournamentNameBytes = 200;
constexpr std::size_t kMaxEntrantAgentBytes = 256;
constexpr std::size_t kMaxPromptVersionBytes = 64;

struct TournamentEntrant {
  // The player name the entrant has in every game: [A-Za-z0-9_-]{1,32}.
  std::string name;
  // "bot:<personality>", "llm[:<model>][@<personality>]" (played by
  // `fourex tournament run`, as `fourex play --agents` spells them), or
  // "external[@<personality>]" (an agent that joins with its tokens).
  std::string agent;
  std::string prompt_version;  // free text, for LLM entrants
};

struct MapSize {
  int width = 16, height = 16;
};

struct CreateTournament {
  std::optional<std::string> tournament_id;  // generated when absent
  std::string name;
  std::vector<TournamentEntrant> entrants;
  std::string format = "round_robin";  // or "swiss"
  std::optional<int> rounds;  // swiss: ceil(log2(entrants)) when absent
  int seats = 2;              // players per game
  int games_per_pairing = 1;
  std::vector<MapSize> maps{MapSize{}};
  std::uint64_t seed = 1;
  int max_turns = 50;
  std::optional<int> turn_timeout_ms;  // TURN_TIMEOUT_MS when absent
};

}  // namespace fourex::actors
