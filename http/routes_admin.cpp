// /admin/v1: the overview, the cluster and the per-game commands (admin
// token).
#include "http/context.hpp"

namespace fourex::http {

void add_admin_routes(httplib::Server& server, Context& ctx) {
  const std::string game = "/admin/v1/games/([A-Za-z0-9_-]{1,64})";
  server.Get("/admin/v1/overview",
             guarded([&](const httplib::Request& req, httplib::Response& res) {
               if (!require_admin(ctx, req, res)) return;
               respond(res, ctx.runtime.overview());
             }));
  server.Get("/admin/v1/cluster",
             guarded([&](const httplib::Request& req, httplib::Response& res) {
               if (!require_admin(ctx, req, res)) return;
               respond(res, ctx.runtime.cluster());
             }));
  auto command = [&](actors::AdminCommand c) {
    return game_route(
        ctx, [&ctx, c](const httplib::Request& req, httplib::Response& res) {
          if (!require_admin(ctx, req, res)) return;
          respond(res, ctx.runtime.admin_command(req.matches[1].str(), c));
        });
  };
  server.Post(game + "/snapshot", command(actors::AdminCommand::snapshot));
  server.Post(game + "/pause", command(actors::AdminCommand::pause));
  server.Post(game + "/resume", command(actors::AdminCommand::resume));
  server.Delete(game, command(actors::AdminCommand::archive));
}

}  // namespace fourex::http
