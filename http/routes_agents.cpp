// Agents' records: prompt logs (written with the player's token, read with
// the admin's) and per-player statistics.
#include "game/game.hpp"
#include "http/context.hpp"

namespace fourex::http {
namespace {

actors::PromptLog parse_prompt_log(const httplib::Request& req) {
  auto doc = json_body(req);
  const auto& body = require_object(doc, "body");
  constexpr std::int64_t big = std::int64_t{1} << 40;
  actors::PromptLog log;
  log.player = string_field(body, "player").value_or("");
  if (!log.player.empty() && !game::is_player_name(log.player))
    throw BadRequest("player", "field 'player' must be a player name");
  log.turn =
      static_cast<int>(int_field(body, "turn", 0, 1000000, true).value());
  log.provider = string_field(body, "provider").value_or("");
  log.model = string_field(body, "model").value_or("");
  log.prompt = string_field(body, "prompt").value_or("");
  log.response = string_field(body, "response").value_or("");
  log.thinking = string_field(body, "thinking").value_or("");
  log.prompt_tokens = int_field(body, "prompt_tokens", 0, big).value_or(0);
  log.completion_tokens =
      int_field(body, "completion_tokens", 0, big).value_or(0);
  log.thinking_tokens = int_field(body, "thinking_tokens", 0, big).value_or(0);
  log.latency_ms = int_field(body, "latency_ms", 0, big).value_or(0);
  log.error = string_field(body, "error");
  // Optional for older agents: absent or null means the model's answer (or
  // its retry) was used.
  if (const auto it = body.FindMember("fallback");
      it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsBool())
      throw BadRequest("fallback", "field 'fallback' must be a boolean");
    log.fallback = it->value.GetBool();
  }
  return log;
}

}  // namespace

void add_agent_routes(httplib::Server& server, Context& ctx) {
  auto write_log = [&](const std::string& game_id, const httplib::Request& req,
                       httplib::Response& res) {
    respond(res, ctx.runtime.log_prompt(game_id, {bearer_token(req)},
                                        parse_prompt_log(req)));
  };
  server.Post(
      game_path + "/prompt-logs",
      game_route(ctx, [=](const httplib::Request& req, httplib::Response& res) {
        write_log(req.matches[1].str(), req, res);
      }));
  server.Post(
      "/api/v1/prompts",
      game_route(ctx, [=](const httplib::Request& req, httplib::Response& res) {
        write_log(query_game_id(req, "game_id", true), req, res);
      }));
  server.Get(
      game_path + "/prompt-logs",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        auto turn = query_int(req, "turn", 0, 1000000).value_or(0);
        respond(res, ctx.runtime.prompt_logs(
                         req.matches[1].str(), {bearer_token(req)},
                         query_player(req), static_cast<int>(turn)));
      }));
  server.Get(
      game_path + "/stats",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        respond(res,
                ctx.runtime.stats(req.matches[1].str(), {bearer_token(req)}));
      }));
}

}  // namespace fourex::http
