// The answers for a game that is not there and for an exception in flight,
// shared by the runtime's files (runtime, reads, tournaments).
#pragma once

#include <string>

#include "actors/result.hpp"

namespace fourex::actors {

// 404 game_not_found. Only called with ids is_game_id accepted: the id is
// safe to echo.
Result not_found(const std::string& game_id);

// The answer to the exception in flight; call it inside a catch. Only our
// own typed exceptions carry text meant for the client; a database's or a
// library's text goes to the log (Result::internal), never into the body.
Result from_exception();

}  // namespace fourex::actors
