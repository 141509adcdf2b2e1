// Liveness and readiness.
#include "http/context.hpp"

namespace fourex::http {

void add_ops_routes(httplib::Server& server, Context& ctx) {
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  server.Get("/readyz",
             guarded([&](const httplib::Request&, httplib::Response& res) {
               if (ctx.runtime.database_ready()) {
                 res.set_content(R"({"status":"ready","database":"ok"})",
                                 "application/json");
               } else {
                 respond_error(res, actors::ErrorCode::unavailable,
                               "the database does not answer");
               }
             }));
}

}  // namespace fourex::http
