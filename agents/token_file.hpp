// The player tokens of games `fourex play` created, kept in a small local
// file (<dir>/<game_id>.json, mode 0600) so `--game-id` can continue them.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fourex::agents {

// The agent of a seat this side does not play: a tournament's entrant
// that joins with its token ("external" or "external@<personality>").
inline constexpr const char* kExternalAgent = "external";

struct StoredPlayer {
  std::string name, agent, token;
};

void save_tokens(const std::string& dir, const std::string& game_id,
                 const std::string& server,
                 const std::vector<StoredPlayer>& players);
// nullopt when there is no file for the game.
std::optional<std::vector<StoredPlayer>> load_tokens(
    const std::string& dir, const std::string& game_id);

// A Swiss tournament's organizer token (<dir>/<tournament_id>.organizer,
// mode 0600): it asks for the next rounds. "" when there is none.
void save_organizer_token(const std::string& dir,
                          const std::string& tournament_id,
                          const std::string& token);
std::string load_organizer_token(const std::string& dir,
                                 const std::string& tournament_id);

}  // namespace fourex::agents
