// The cluster's hook (issue 13): a route about one game asks the runtime
// where the game is served before its handler runs. Here costs one look-up
// in the game registry; elsewhere the request goes to the owner.
#include <ctime>

#include "actors/requests.hpp"
#include "http/context.hpp"
#include "http/metrics.hpp"
#include "http/peer_auth.hpp"

namespace fourex::http {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() &&
         s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// An /mcp tool call may wait for a turn (at most 120 s) and stream
// progress meanwhile.
constexpr int kRelayReadTimeoutS = 130;

// A long-poll (the view with wait_for_turn) or an event stream: how long
// the owner may stay silent, or 0 for an ordinary request.
int held_read_timeout_s(const httplib::Request& req) {
  if (ends_with(req.path, "/events")) return 45;  // keep-alives every 15 s
  if (!req.has_param("wait_for_turn")) return 0;
  auto timeout_ms = query_int(req, "timeout_ms", 0, 120000).value_or(30000);
  return timeout_ms > 0 ? static_cast<int>(timeout_ms / 1000) + 10 : 0;
}

// An ordinary request: a live owner answers it while its lease runs (a
// frozen one would hold the client until its lease expired and the game
// moved, so waiting past the lease only holds the client; its retry finds
// the new owner). A restore or replay recomputes a game's history: slow by
// nature.
int ordinary_read_timeout_s(const Context& ctx, const httplib::Request& req) {
  if (ends_with(req.path, "/restore") || ends_with(req.path, "/replay"))
    return 120;
  return ctx.config.node_ttl_ms / 1000 + 2;
}

void forward(Context& ctx, const httplib::Request& req, httplib::Response& res,
             const std::string& owner_address, bool relay) {
  ForwardTarget target;
  target.read_timeout_s = ordinary_read_timeout_s(ctx, req);
  target.owner_address = owner_address;
  target.key = ctx.runtime.admin_token();
  target.client_address = req.remote_addr;
  target.request_id = request_id();
  if (int held_s = held_read_timeout_s(req)) {
    // It holds a worker here as well as on the owner.
    target.keep = ctx.held.acquire(req.remote_addr);
    if (!target.keep)
      return respond_error(res, actors::ErrorCode::unavailable,
                           "too many long-polls and event streams; retry");
    target.held = true;
    target.read_timeout_s = held_s;
  } else if (relay) {
    target.held = true;
    target.read_timeout_s = kRelayReadTimeoutS;
  }
  ctx.forwarder.forward(target, req, res);
}

}  // namespace

Handler game_route(Context& ctx, Handler handler, GameOf find_game,
                   bool relay) {
  if (!find_game) find_game = game_of;
  return guarded([&ctx, handler = std::move(handler),
                  find_game = std::move(find_game),
                  relay](const httplib::Request& req, httplib::Response& res) {
    auto game = find_game(req);
    // A malformed id is the handler's to refuse, like on one node.
    if (!actors::is_game_id(game)) return handler(req, res);
    auto where = ctx.runtime.placement(game);
    switch (where.kind) {
      case actors::Placement::Kind::local:
        return handler(req, res);
      case actors::Placement::Kind::unavailable:
        return respond_game_moved(
            res, where.retry_after_s,
            "the node that owned this game stopped answering; another node "
            "takes it over when its lease expires: retry");
      case actors::Placement::Kind::remote:
        if (req.has_header(kForwardHeader))
          return respond_game_moved(
              res, 1, "the game moved while this request was forwarded: retry");
        return forward(ctx, req, res, where.owner_address, relay);
    }
  });
}

}  // namespace fourex::http
