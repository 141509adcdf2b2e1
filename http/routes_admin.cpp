// /admin/v1: the overview, the cluster and the per-game commands (admin
// token).
#include "http/cluster_overview.hpp"
#include "http/context.hpp"

namespace fourex::http {

void add_admin_routes(httplib::Server& server, Context& ctx) {
  // The same on every node of a cluster (http/cluster_overview.hpp);
  // ?scope=node: this node's own figures, which the others ask for.
  server.Get("/admin/v1/overview",
             guarded([&](const httplib::Request& req, httplib::Response& res) {
               if (!require_admin(ctx, req, res)) return;
               auto scope = query_string(req, "scope");
               if (!scope.empty() && scope != "cluster" && scope != "node")
                 throw BadRequest("scope", "scope must be cluster or node");
               auto own = ctx.runtime.overview();
               if (!own.ok() || scope == "node") return respond(res, own);
               auto members = ctx.runtime.cluster();
               if (!members.ok()) return respond(res, members);
               respond(res, actors::Result::success(cluster_overview(
                                own.body, members.body,
                                ask_peer(ctx.runtime.admin_token()))));
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
  server.Post(admin_game_path + "/snapshot",
              command(actors::AdminCommand::snapshot));
  server.Post(admin_game_path + "/pause", command(actors::AdminCommand::pause));
  server.Post(admin_game_path + "/resume",
              command(actors::AdminCommand::resume));
  server.Post(admin_game_path + "/archive",
              command(actors::AdminCommand::archive));
  // The first spelling of archiving, kept for the clients that use it.
  server.Delete(admin_game_path, command(actors::AdminCommand::archive));
}

}  // namespace fourex::http
