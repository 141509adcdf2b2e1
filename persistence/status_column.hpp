// games.status, read: the column's text as the game::GameStatus it names.
// Written with game::status_name (PgArray takes the text as it is).
#pragma once

#include <pqxx/pqxx>

#include "game/game_status.hpp"

namespace fourex::persistence {

// Throws std::runtime_error for a text the CHECK constraint would refuse.
game::GameStatus status_of(const pqxx::field& column);

}  // namespace fourex::persistence
