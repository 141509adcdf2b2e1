// One switch per direction, so that a new status fails to compile here
// (-Wswitch) until it has a name.
#include "game/game_status.hpp"

namespace fourex::game {

std::string_view status_name(GameStatus status) {
  switch (status) {
    case GameStatus::active:
      return "active";
    case GameStatus::paused:
      return "paused";
    case GameStatus::finished:
      return "finished";
    case GameStatus::deleted:
      return "deleted";
  }
  return "active";  // unreachable: every enumerator is named above
}

std::optional<GameStatus> status_from_name(std::string_view name) {
  for (const GameStatus s : kGameStatuses)
    if (status_name(s) == name) return s;
  return std::nullopt;
}

GameStatus settled_status(GameStatus stored, bool state_finished) {
  if (state_finished && stored != GameStatus::deleted)
    return GameStatus::finished;
  return stored;
}

}  // namespace fourex::game
