// Games and turns: create, list, info, the player's view (with long-poll),
// submissions, the turn log and the event stream; plus the aliases of the
// original Python backend.
#include <chrono>

#include "actors/replies.hpp"
#include "game/game.hpp"
#include "http/context.hpp"
#include "http/long_poll.hpp"

namespace fourex::http {
namespace {

actors::CreateGame parse_create(const httplib::Request& req) {
  auto doc = json_body(req);
  const auto& body = require_object(doc, "body");
  actors::CreateGame g;
  g.game_id = string_field(body, "game_id");
  auto players = body.FindMember("players");
  if (players == body.MemberEnd() || !players->value.IsArray())
    throw BadRequest("players", "field 'players' must be a list of names");
  for (const auto& p : players->value.GetArray()) {
    if (!p.IsString())
      throw BadRequest("players", "every player must be a name (string)");
    g.players.emplace_back(p.GetString(), p.GetStringLength());
  }
  if (auto it = body.FindMember("personalities");
      it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsObject())
      throw BadRequest("personalities",
                       "field 'personalities' must be an object");
    for (const auto& m : it->value.GetObject()) {
      if (!m.value.IsString())
        throw BadRequest("personalities", "every personality must be a string");
      g.personalities[m.name.GetString()] = m.value.GetString();
    }
  }
  g.max_turns =
      static_cast<int>(int_field(body, "max_turns", 1, 10000).value_or(100));
  if (auto it = body.FindMember("map");
      it != body.MemberEnd() && !it->value.IsNull()) {
    const auto& map = require_object(it->value, "map");
    g.width = static_cast<int>(int_field(map, "width", 8, 128).value_or(32));
    g.height = static_cast<int>(int_field(map, "height", 8, 128).value_or(32));
  }
  g.seed = uint64_field(body, "seed");
  if (auto t = int_field(body, "turn_timeout_ms", 0, 86400000))
    g.turn_timeout_ms = static_cast<int>(*t);
  return g;
}

// The submission of POST /games/{id}/actions, or of the alias, whose body
// may also be a bare list of actions for the current turn.
actors::Submission parse_submission(const httplib::Request& req) {
  auto doc = json_body(req);
  actors::Submission s;
  if (doc.IsArray()) {
    s.actions_json = to_json_text(doc);
    s.player = query_player(req);
    return s;
  }
  const auto& body = require_object(doc, "body");
  s.player = string_field(body, "player").value_or("");
  if (!s.player.empty() && !game::is_player_name(s.player))
    throw BadRequest("player", "field 'player' must be a player name");
  if (auto turn = int_field(body, "turn", 1, 1000000)) s.turn = int(*turn);
  s.request_id = string_field(body, "request_id").value_or("");
  if (s.request_id.size() > 128)
    throw BadRequest("request_id", "request_id is longer than 128 bytes");
  auto actions = body.FindMember("actions");
  if (actions == body.MemberEnd() || !actions->value.IsArray())
    throw BadRequest("actions", "field 'actions' must be a list");
  s.actions_json = to_json_text(actions->value);
  return s;
}

actors::ViewRequest parse_view(const httplib::Request& req) {
  actors::ViewRequest v;
  v.player = query_player(req);
  if (auto w = query_int(req, "wait_for_turn", 1, 1000000))
    v.wait_for_turn = static_cast<int>(*w);
  v.timeout_ms =
      static_cast<int>(query_int(req, "timeout_ms", 0, 120000).value_or(30000));
  return v;
}

void stream_events(Context& ctx, const httplib::Request& req,
                   const std::string& game_id, httplib::Response& res) {
  auto slot = ctx.held.acquire(req.remote_addr);
  if (!slot)
    return respond_error(res, actors::ErrorCode::unavailable,
                         "too many long-polls and event streams; retry");
  auto subscribed = ctx.runtime.subscribe(game_id, {bearer_token(req)});
  if (!subscribed) return respond(res, subscribed.failure());
  auto channel = std::move(*subscribed);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  auto last_write = std::make_shared<std::chrono::steady_clock::time_point>(
      std::chrono::steady_clock::now());
  res.set_chunked_content_provider(
      "text/event-stream",
      [channel, last_write, slot](std::size_t, httplib::DataSink& sink) {
        if (!sink.is_writable()) {
          channel->close();
          return false;
        }
        auto event = channel->pop(std::chrono::milliseconds(500));
        std::string chunk;
        if (event) {
          chunk = "event: " + event->name + "\ndata: " + event->data + "\n\n";
        } else if (channel->closed()) {
          sink.done();
          return true;
        } else if (std::chrono::steady_clock::now() - *last_write >
                   std::chrono::seconds(15)) {
          chunk = ": keep-alive\n\n";  // lets proxies and clients see life
        }
        if (!chunk.empty()) {
          *last_write = std::chrono::steady_clock::now();
          if (!sink.write(chunk.data(), chunk.size())) {
            channel->close();
            return false;
          }
        }
        return true;
      },
      [channel](bool) { channel->close(); });
}

}  // namespace

void add_game_routes(httplib::Server& server, Context& ctx) {
  server.Post("/api/v1/games",
              guarded([&](const httplib::Request& req, httplib::Response& res) {
                if (!may_create(ctx, req, res)) return;
                respond(res, ctx.runtime.create_game(parse_create(req)));
              }));
  server.Post(
      game_path + "/start",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        if (!may_create(ctx, req, res)) return;
        auto g = parse_create(req);
        g.game_id = req.matches[1].str();
        respond(res, ctx.runtime.create_game(g));
      }));
  server.Get(
      "/api/v1/games",
      guarded([&](const httplib::Request& req, httplib::Response& res) {
        auto text = query_string(req, "status");
        auto status = game::status_from_name(text);
        // Archived games are listed to nobody.
        if (!text.empty() && (!status || status == game::GameStatus::archived))
          throw BadRequest("status",
                           "status must be active, paused or finished");
        auto limit = query_int(req, "limit", 1, 1000).value_or(50);
        respond(res,
                ctx.runtime.list_games(text.empty() ? std::nullopt : status,
                                       static_cast<int>(limit),
                                       query_game_id(req, "after", false)));
      }));
  server.Get(
      game_path + "/info",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        respond(res, ctx.runtime.game_info(req.matches[1].str()));
      }));
  server.Get(
      game_path + "/state",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        respond(res,
                player_view(ctx, req, req.matches[1].str(), parse_view(req)));
      }));
  server.Get(
      "/api/v1/state",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        respond(res, player_view(ctx, req, query_game_id(req, "game_id", true),
                                 parse_view(req)));
      }));
  server.Post(
      game_path + "/actions",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        respond(res,
                ctx.runtime.submit(req.matches[1].str(), {bearer_token(req)},
                                   parse_submission(req)));
      }));
  server.Post(
      "/api/v1/actions",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        respond(res,
                ctx.runtime.submit(query_game_id(req, "game_id", true),
                                   {bearer_token(req)}, parse_submission(req)));
      }));
  server.Get(
      game_path + "/turns",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        auto from = query_int(req, "from", 1, 1000000).value_or(1);
        auto to = query_int(req, "to", 1, 1000000).value_or(1000000);
        respond(res, ctx.runtime.turns(
                         req.matches[1].str(), {bearer_token(req)},
                         static_cast<int>(from), static_cast<int>(to)));
      }));
  server.Get(
      game_path + "/events",
      game_route(ctx, [&](const httplib::Request& req, httplib::Response& res) {
        stream_events(ctx, req, req.matches[1].str(), res);
      }));
}

}  // namespace fourex::http
