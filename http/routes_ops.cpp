// Liveness, readiness, Prometheus metrics and the API description.
#include "actors/metrics.hpp"
#include "http/context.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"

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
  server.Get("/metrics",
             guarded([&](const httplib::Request&, httplib::Response& res) {
               auto& metrics = ctx.runtime.metrics();
               metrics.refresh();
               res.set_content(exposition(metrics.registry()),
                               "text/plain; version=0.0.4; charset=utf-8");
             }));
  server.Get("/openapi.json",
             [](const httplib::Request&, httplib::Response& res) {
               res.set_content(std::string(openapi_json()), "application/json");
             });
  server.Get("/docs", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(docs_html()), "text/html; charset=utf-8");
  });
}

}  // namespace fourex::http
