// What the route handlers share, and the wrapper that turns exceptions into
// API errors so that no handler can crash the server or leak a 500 body.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <httplib.h>

#include "actors/runtime.hpp"
#include "config/config.hpp"
#include "http/errors.hpp"
#include "http/forwarding.hpp"
#include "http/held_requests.hpp"
#include "http/rate_limiter.hpp"
#include "http/request.hpp"

namespace fourex::http {

struct Context {
  actors::Runtime& runtime;
  const config::Config& config;
  HeldRequests& held;  // long-polls and event streams
  // Games created per client address without the admin token.
  RateLimiter creations;
  Forwarder& forwarder;  // to the node that owns a game (issue 13)
  // Database look-ups of tokens this node has not seen, per client address
  // (game_of_token below).
  RateLimiter token_lookups;
};

// The game a player token belongs to: from this node's memory, or else
// from the database within the client address's TOKEN_LOOKUPS_PER_S. The
// runtime looks tokens up one at a time, so a flood of made-up tokens
// would otherwise queue every worker behind it. nullopt for no token, an
// unknown one, or one over the budget.
std::optional<std::string> game_of_token(Context& ctx, const std::string& token,
                                         const std::string& address);

using Handler =
    std::function<void(const httplib::Request&, httplib::Response&)>;

// Wraps a handler: BadRequest -> 400 naming the field; anything else -> 500.
Handler guarded(Handler handler);

// guarded(), for a route about one game (its id in the path, or the
// aliases' ?game_id=): the handler runs only where the game is served. On
// another node the request is forwarded to the owner, one hop (a request
// forwarded already gets 503 game_moved); while the owner is presumed dead
// and its lease runs on, 503 game_moved with Retry-After.
// `game_of` finds the game (default: http/metrics.hpp's game_of); `relay`:
// the answer may be an event stream however the request looks (/mcp).
using GameOf = std::function<std::string(const httplib::Request&)>;
Handler game_route(Context& ctx, Handler handler, GameOf game_of = {},
                   bool relay = false);

// The admin token or a 401/403 answer; true when the caller is the admin.
bool require_admin(Context& ctx, const httplib::Request& req,
                   httplib::Response& res);

// Who may create games and tournaments (GAME_CREATION) and how many per
// client address (GAME_CREATIONS_PER_MIN; the admin is not counted). False
// when `res` holds the refusal.
bool may_create(Context& ctx, const httplib::Request& req,
                httplib::Response& res);

void add_game_routes(httplib::Server& server, Context& ctx);
void add_history_routes(httplib::Server& server, Context& ctx);
void add_agent_routes(httplib::Server& server, Context& ctx);
void add_admin_routes(httplib::Server& server, Context& ctx);
void add_ops_routes(httplib::Server& server, Context& ctx);
void add_tournament_routes(httplib::Server& server, Context& ctx);

// Path pattern of a game id inside a route.
inline const std::string game_path =
    "/api/v1/games/(" + actors::kGameIdPattern + ")";
inline const std::string admin_game_path =
    "/admin/v1/games/(" + actors::kGameIdPattern + ")";
// ... and of a tournament id (actors::is_tournament_id).
inline const std::string tournament_path =
    "/api/v1/tournaments/(" + actors::kTournamentIdPattern + ")";

}  // namespace fourex::http
