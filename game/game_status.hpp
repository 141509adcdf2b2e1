// The status of a hosted game (stored with it, answered by the API) and its
// text. The rules know only State::finished; a server adds pausing and
// archiving around it, and settled_status says how the two combine.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fourex::game {

enum class GameStatus : std::uint8_t {
  active,    // taking orders
  paused,    // kept, but no turn resolves
  finished,  // the rules ended it
  archived   // hidden from lists and reads, kept in the database; its text
             // is "deleted", the value clients and stored rows already know
};

inline constexpr std::array kGameStatuses{
    GameStatus::active, GameStatus::paused, GameStatus::finished,
    GameStatus::archived};

// "active", "paused", "finished", "deleted": the stored and answered text.
std::string_view status_name(GameStatus status);
// nullopt for any other text.
std::optional<GameStatus> status_from_name(std::string_view name);

// The status of a game whose rules state is (or is not) finished: a
// finished state makes the game finished unless it was archived.
GameStatus settled_status(GameStatus stored, bool state_finished);

}  // namespace fourex::game
