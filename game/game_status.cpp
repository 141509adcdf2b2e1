// One table of names read both ways; a status added to kGameStatuses
// without a name fails the static_assert.
#include "game/game_status.hpp"

namespace fourex::game {

namespace {

struct StatusName {
  GameStatus status;
  std::string_view name;
};

constexpr std::array kNames{StatusName{GameStatus::active, "active"},
                            StatusName{GameStatus::paused, "paused"},
                            StatusName{GameStatus::finished, "finished"},
                            StatusName{GameStatus::archived, "deleted"}};
static_assert(kNames.size() == kGameStatuses.size());

}  // namespace

std::string_view status_name(GameStatus status) {
  for (const auto& n : kNames)
    if (n.status == status) return n.name;
  return "";  // not a GameStatus: a cast from a bad number
}

std::optional<GameStatus> status_from_name(std::string_view name) {
  for (const auto& n : kNames)
    if (n.name == name) return n.status;
  return std::nullopt;
}

GameStatus settled_status(GameStatus stored, bool state_finished) {
  if (state_finished && stored != GameStatus::archived)
    return GameStatus::finished;
  return stored;
}

}  // namespace fourex::game
