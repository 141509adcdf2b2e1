// Liveness, readiness, Prometheus metrics and the API description.
#include "actors/metrics.hpp"
#include "actors/replies.hpp"
#include "http/context.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"

namespace fourex::http {

void add_ops_routes(httplib::Server& server, Context& ctx) {
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  // Ready as soon as the database answers: start() has listed the stored
  // games before the server listens, and any of them is rebuilt on its first
  // request, so the background recovery's progress is reported, not waited
  // for (DESIGN.md: "ready at once").
  server.Get("/readyz",
             guarded([&](const httplib::Request&, httplib::Response& res) {
               if (!ctx.runtime.database_ready())
                 return respond_error(res, actors::ErrorCode::unavailable,
                                      "the database does not answer");
               auto p = ctx.runtime.recovery_progress();
               auto progress = actors::replies::details(
                   {{"recovery", p.done ? "\"done\"" : "\"running\""},
                    {"recovered", std::to_string(p.recovered)},
                    {"failed", std::to_string(p.failed)},
                    {"remaining", std::to_string(p.remaining)}});
               res.set_content(
                   R"({"status":"ready","database":"ok",)" + progress.substr(1),
                   "application/json");
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
