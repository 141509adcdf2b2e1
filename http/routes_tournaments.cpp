// Tournaments: create (like a game: the admin, or anyone under
// GAME_CREATION=open), a Swiss tournament's next round (its organizer
// token), list, one with its live standings, its games, and its leaderboard
// as JSON or CSV. Standings are made of public facts, as the games' scores
// are, but for the figures made of private records, which follow
// PUBLIC_HISTORY (the runtime decides).
#include "http/context.hpp"

namespace fourex::http {
namespace {

actors::MapSize parse_map(const rapidjson::Value& v, const char* what) {
  const auto& map = require_object(v, what);
  return {
      static_cast<int>(int_field(map, "width", 8, 128, true).value_or(16)),
      static_cast<int>(int_field(map, "height", 8, 128, true).value_or(16))};
}

actors::CreateTournament parse_create(const httplib::Request& req) {
  auto doc = json_body(req);
  const auto& body = require_object(doc, "body");
  actors::CreateTournament t;
  t.tournament_id = string_field(body, "tournament_id");
  t.name = string_field(body, "name").value_or("");
  auto entrants = body.FindMember("entrants");
  if (entrants == body.MemberEnd() || !entrants->value.IsArray())
    throw BadRequest("entrants", "field 'entrants' must be a list");
  for (const auto& e : entrants->value.GetArray()) {
    const auto& entrant = require_object(e, "entrants[]");
    t.entrants.push_back(
        {string_field(entrant, "name", true).value_or(""),
         string_field(entrant, "agent", true).value_or(""),
         string_field(entrant, "prompt_version").value_or("")});
  }
  t.format = string_field(body, "format").value_or("round_robin");
  if (auto rounds = int_field(body, "rounds", 1, actors::kMaxSwissRounds))
    t.rounds = static_cast<int>(*rounds);
  t.seats = static_cast<int>(
      int_field(body, "seats", 2, actors::kMaxTournamentSeats).value_or(2));
  t.games_per_pairing = static_cast<int>(
      int_field(body, "games_per_pairing", 1, actors::kMaxGamesPerPairing)
          .value_or(1));
  if (auto maps = body.FindMember("maps"); maps != body.MemberEnd()) {
    if (!maps->value.IsArray() || maps->value.Empty() ||
        maps->value.Size() > actors::kMaxTournamentMaps)
      throw BadRequest("maps", "field 'maps' must be a list of 1 to " +
                                   std::to_string(actors::kMaxTournamentMaps) +
                                   " maps");
    t.maps.clear();
    for (const auto& m : maps->value.GetArray())
      t.maps.push_back(parse_map(m, "maps[]"));
  }
  t.seed = uint64_field(body, "seed").value_or(1);
  t.max_turns =
      static_cast<int>(int_field(body, "max_turns", 1, 10000).value_or(50));
  if (auto ms = int_field(body, "turn_timeout_ms", 0, 86400000))
    t.turn_timeout_ms = static_cast<int>(*ms);
  return t;
}

}  // namespace

void add_tournament_routes(httplib::Server& server, Context& ctx) {
  server.Post("/api/v1/tournaments",
              guarded([&](const httplib::Request& req, httplib::Response& res) {
                if (!may_create(ctx, req, res)) return;
                respond(res, ctx.runtime.create_tournament(parse_create(req)));
              }));
  server.Post(tournament_path + "/rounds",
              guarded([&](const httplib::Request& req, httplib::Response& res) {
                auto doc = json_body(req);
                const auto& body = require_object(doc, "body");
                const auto round =
                    int_field(body, "round", 1, actors::kMaxSwissRounds, true);
                respond(res, ctx.runtime.tournament_round(
                                 req.matches[1].str(), {bearer_token(req)},
                                 static_cast<int>(round.value_or(1))));
              }));
  server.Get("/api/v1/tournaments",
             guarded([&](const httplib::Request& req, httplib::Response& res) {
               auto limit = query_int(req, "limit", 1, 1000).value_or(50);
               auto after = query_string(req, "after");
               if (!after.empty() && !actors::is_tournament_id(after))
                 throw BadRequest("after", "after must be a tournament id");
               respond(res, ctx.runtime.list_tournaments(
                                static_cast<int>(limit), after));
             }));
  server.Get(tournament_path,
             guarded([&](const httplib::Request& req, httplib::Response& res) {
               respond(res, ctx.runtime.tournament(req.matches[1].str(),
                                                   {bearer_token(req)}));
             }));
  server.Get(tournament_path + "/games",
             guarded([&](const httplib::Request& req, httplib::Response& res) {
               respond(res, ctx.runtime.tournament_games(req.matches[1].str()));
             }));
  server.Get(tournament_path + "/leaderboard",
             guarded([&](const httplib::Request& req, httplib::Response& res) {
               auto format = query_string(req, "format");
               if (!format.empty() && format != "json" && format != "csv")
                 throw BadRequest("format", "format must be json or csv");
               auto r = ctx.runtime.tournament_leaderboard(
                   req.matches[1].str(), {bearer_token(req)}, format == "csv");
               if (r.ok() && format == "csv")
                 return res.set_content(r.body, "text/csv; charset=utf-8");
               respond(res, r);
             }));
}

}  // namespace fourex::http
