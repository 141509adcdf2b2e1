// The player's view with its long-poll (`wait_for_turn`), bounded by the
// held-request slots and dropped once its client has gone.
#pragma once

#include <string>

#include "actors/requests.hpp"
#include "actors/result.hpp"
#include "http/context.hpp"

namespace fourex::http {

// Waits at most view.timeout_ms for the turn when a held-request slot is
// free, else answers the current view at once.
actors::Result player_view(Context& ctx, const httplib::Request& req,
                           const std::string& game_id,
                           actors::ViewRequest view);

}  // namespace fourex::http
