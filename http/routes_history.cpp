// Recovery and history: restore from snapshot + replay (admin token), and
// the full state after any completed turn (the admin; anyone once a finished
// game's history is public).
#include "http/context.hpp"

namespace fourex::http {

void add_history_routes(httplib::Server& server, Context& ctx) {
  server.Post(
      game_path + "/restore",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        if (!require_admin(ctx, req, res)) return;
        std::optional<int> turn;
        if (!req.body.empty()) {
          auto doc = json_body(req);
          const auto& body = require_object(doc, "body");
          if (auto t = int_field(body, "turn", 0, 1000000))
            turn = static_cast<int>(*t);
        }
        respond(res, ctx.runtime.restore(req.matches[1].str(), turn));
      }));
  server.Get(
      game_path + "/replay",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        auto turn = query_int(req, "turn", 0, 1000000);
        if (!turn)
          throw BadRequest("turn", "query parameter 'turn' is missing");
        respond(res,
                ctx.runtime.replay(req.matches[1].str(), {bearer_token(req)},
                                   static_cast<int>(*turn)));
      }));
}

}  // namespace fourex::http
