// Tournaments: the schedule made (results/schedule), its games created
// through create_game, the tournament and its schedule stored in one
// transaction, and standings recomputed from the stored games on each read
// (results/standings), so that they are live and never disagree with them.
#include <algorithm>
#include <map>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "actors/failures.hpp"
#include "actors/replies.hpp"
#include "actors/runtime.hpp"
#include "actors/tokens.hpp"
#include "game/personalities.hpp"
#include "persistence/connection_pool.hpp"
#include "persistence/database.hpp"
#include "persistence/tournament_store.hpp"
#include "results/schedule.hpp"
#include "results/standings.hpp"

namespace fourex::actors {

bool is_tournament_id(const std::string& id) {
  return id.size() <= kMaxTournamentIdBytes && is_game_id(id);
}

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

Result bad_field(const std::string& field, const std::string& message) {
  return Result::failure(ErrorCode::bad_request, message, "bad_request",
                         replies::details({{"field", replies::quoted(field)}}));
}

Result no_tournament(const std::string& id) {
  return Result::failure(ErrorCode::not_found, "no tournament '" + id + "'",
                         "tournament_not_found");
}

bool is_entrant_name(const std::string& name) {
  return !name.empty() && name.size() <= 32 && name != "all" &&
         is_game_id(name);
}

bool is_personality(const std::string& p) {
  return std::find(game::kPersonalities.begin(), game::kPersonalities.end(),
                   p) != game::kPersonalities.end();
}

// The personality an agent spec plays with (its bot, or the bot an LLM
// falls back to), or "" when the spec is not one of the three kinds.
std::string personality_of(const std::string& agent) {
  const auto at = agent.rfind('@');
  if (agent.rfind("bot:", 0) == 0) {
    const auto p = agent.substr(4);
    return is_personality(p) ? p : "";
  }
  const bool llm = agent == "llm" || agent.rfind("llm:", 0) == 0 ||
                   agent.rfind("llm@", 0) == 0;
  const bool external = agent == "external" || agent.rfind("external@", 0) == 0;
  if (!llm && !external) return "";
  if (at == std::string::npos) return "balanced";
  if (external && at != 8) return "";
  const auto p = agent.substr(at + 1);
  return is_personality(p) ? p : "";
}

Result check(const CreateTournament& t) {
  if (t.format != "round_robin")
    return bad_field("format",
                     "format must be round_robin (swiss is not supported yet)");
  if (t.entrants.size() < 2 || t.entrants.size() > 64)
    return bad_field("entrants", "a tournament needs 2 to 64 entrants");
  for (std::size_t i = 0; i < t.entrants.size(); ++i) {
    const auto& e = t.entrants[i];
    const auto field = "entrants[" + std::to_string(i) + "]";
    if (!is_entrant_name(e.name))
      return bad_field(field + ".name",
                       "an entrant's name is 1 to 32 of [A-Za-z0-9_-], not "
                       "\"all\"");
    for (std::size_t j = 0; j < i; ++j)
      if (t.entrants[j].name == e.name)
        return bad_field(field + ".name", "duplicate entrant " + e.name);
    if (e.agent.size() > 256 || personality_of(e.agent).empty())
      return bad_field(field + ".agent",
                       "agent must be bot:<personality>, "
                       "llm[:<model>][@<personality>] or "
                       "external[@<personality>]");
    if (e.prompt_version.size() > 64)
      return bad_field(field + ".prompt_version",
                       "prompt_version is at most 64 bytes");
  }
  const int n = static_cast<int>(t.entrants.size());
  if (t.seats < 2 || t.seats > std::min(n, 16))
    return bad_field("seats",
                     "seats must be from 2 to the entrants (16 at most)");
  if (t.maps.empty()) return bad_field("maps", "maps must not be empty");
  if (results::round_robin_size(n, t.seats, t.games_per_pairing,
                                kMaxTournamentGames) > kMaxTournamentGames)
    return bad_field("games_per_pairing",
                     "the schedule would hold more than " +
                         std::to_string(kMaxTournamentGames) + " games");
  if (t.name.size() > 200)
    return bad_field("name", "name is at most 200 bytes");
  return Result::success("{}");
}

// The creation request, canonical: what the tournaments row stores and
// GET /tournaments/{id} shows as "config".
std::string config_json(const CreateTournament& t, int turn_timeout_ms) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("entrants");
  w.StartArray();
  for (const auto& e : t.entrants) {
    w.StartObject();
    w.Key("name");
    w.String(e.name);
    w.Key("agent");
    w.String(e.agent);
    w.Key("prompt_version");
    w.String(e.prompt_version);
    w.EndObject();
  }
  w.EndArray();
  w.Key("format");
  w.String(t.format);
  w.Key("seats");
  w.Int(t.seats);
  w.Key("games_per_pairing");
  w.Int(t.games_per_pairing);
  w.Key("maps");
  w.StartArray();
  for (const auto& m : t.maps) {
    w.StartObject();
    w.Key("width");
    w.Int(m.width);
    w.Key("height");
    w.Int(m.height);
    w.EndObject();
  }
  w.EndArray();
  w.Key("seed");
  w.Uint64(t.seed);
  w.Key("max_turns");
  w.Int(t.max_turns);
  w.Key("turn_timeout_ms");
  w.Int(turn_timeout_ms);
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

std::string seats_json(const std::vector<std::string>& seats) {
  std::string s = "[";
  for (const auto& name : seats) {
    if (s.size() > 1) s += ',';
    s += replies::quoted(name);
  }
  return s + "]";
}

// The player tokens of a created game's answer, in seat order.
std::vector<std::pair<std::string, std::string>> tokens_of(
    const std::string& created) {
  rapidjson::Document doc;
  doc.Parse(created.c_str(), created.size());
  std::vector<std::pair<std::string, std::string>> out;
  if (!doc.IsObject() || !doc.HasMember("players")) return out;
  for (const auto& p : doc["players"].GetArray())
    out.emplace_back(p["name"].GetString(), p["token"].GetString());
  return out;
}

void write_tournament(Writer& w, const persistence::TournamentRow& t) {
  w.Key("tournament_id");
  w.String(t.tournament_id);
  w.Key("name");
  w.String(t.name);
  w.Key("status");
  w.String(t.games_finished == t.games_total ? "finished" : "scheduled");
  w.Key("games_total");
  w.Int(t.games_total);
  w.Key("games_finished");
  w.Int(t.games_finished);
  w.Key("created_at_ms");
  w.Int64(t.created_at_ms);
  w.Key("config");
  w.RawValue(t.config_json.c_str(), t.config_json.size(),
             rapidjson::kObjectType);
}

// Entrant names in the tournament's order, from its stored config.
std::vector<std::string> entrants_of(const persistence::TournamentRow& t) {
  rapidjson::Document doc;
  doc.Parse(t.config_json.c_str(), t.config_json.size());
  std::vector<std::string> names;
  for (const auto& e : doc["entrants"].GetArray())
    names.emplace_back(e["name"].GetString());
  return names;
}

// Tokens, fallbacks and latency of each entrant, the cost from the price
// table (a model it lacks costs nothing).
std::map<std::string, results::Usage> usage_of(
    persistence::TournamentStore& store, const std::string& id,
    const config::Config& config) {
  std::map<std::string, results::Usage> out;
  for (const auto& u : store.usage(id)) {
    auto& x = out[u.player];
    x.llm_calls += u.llm_calls;
    x.fallbacks += u.fallbacks;
    x.prompt_tokens += u.prompt_tokens;
    x.completion_tokens += u.completion_tokens;
    x.thinking_tokens += u.thinking_tokens;
    if (auto price = config.llm_prices.find(u.model);
        price != config.llm_prices.end())
      x.cost +=
          (static_cast<double>(u.prompt_tokens) * price->second.input_per_mtok +
           static_cast<double>(u.completion_tokens + u.thinking_tokens) *
               price->second.output_per_mtok) /
          1e6;
  }
  for (const auto& l : store.latency(id)) {
    out[l.player].latency_ms_p50 = l.p50;
    out[l.player].latency_ms_p95 = l.p95;
  }
  return out;
}

results::Standings standings_of(persistence::TournamentStore& store,
                                const persistence::TournamentRow& t,
                                const config::Config& config) {
  std::vector<results::FinishedGame> games;
  std::map<int, int> turns;
  for (const auto& g : store.games(t.tournament_id))
    if (g.status == game::GameStatus::finished)
      turns[g.game_no] = g.completed_turns;
  for (const auto& s : store.finished_seats(t.tournament_id)) {
    if (games.empty() || games.back().game_no != s.game_no)
      games.push_back({s.game_no,
                       t.tournament_id + "-" + std::to_string(s.game_no),
                       turns[s.game_no],
                       {}});
    games.back().seats.push_back(
        {s.player, s.score, s.actions, s.rejected_actions});
  }
  return results::compute_standings(entrants_of(t), games,
                                    usage_of(store, t.tournament_id, config));
}

}  // namespace

Result Runtime::create_tournament(const CreateTournament& request) {
  const std::string id =
      request.tournament_id ? *request.tournament_id : new_game_id();
  if (!is_tournament_id(id))
    return bad_field("tournament_id",
                     "tournament_id must match [A-Za-z0-9_-]{1,40}");
  if (auto bad = check(request); !bad.ok()) return bad;
  const int turn_timeout_ms =
      request.turn_timeout_ms.value_or(config().turn_timeout_ms);
  try {
    auto taken = reads().with([&](pqxx::connection& conn) {
      return persistence::TournamentStore(conn).tournament(id).has_value();
    });
    if (taken)
      return Result::failure(ErrorCode::conflict,
                             "tournament '" + id + "' exists",
                             "tournament_exists");
  } catch (...) {
    return from_exception();
  }

  std::vector<std::string> names;
  std::map<std::string, std::string> personality;
  for (const auto& e : request.entrants) {
    names.push_back(e.name);
    personality[e.name] = personality_of(e.agent);
  }
  std::vector<results::MapSize> maps;
  for (const auto& m : request.maps) maps.push_back({m.width, m.height});
  const auto schedule = results::round_robin(
      names, request.seats, request.games_per_pairing, maps, request.seed);

  // The games first, each durable when created; then the tournament and
  // its schedule in one transaction. A failure in between leaves games no
  // tournament lists (ids "<id>-<n>"), never a schedule naming missing ones.
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("tournament_id");
  w.String(id);
  w.Key("games");
  w.StartArray();
  std::vector<persistence::TournamentGameRow> rows;
  for (const auto& g : schedule) {
    CreateGame game;
    game.game_id = id + "-" + std::to_string(g.game_no);
    game.players = g.seats;
    for (const auto& s : g.seats) game.personalities[s] = personality[s];
    game.max_turns = request.max_turns;
    game.width = g.width;
    game.height = g.height;
    game.seed = g.seed;
    game.turn_timeout_ms = turn_timeout_ms;
    auto created = create_game(game);
    if (!created.ok()) {
      created.message = "game " + std::to_string(g.game_no) +
                        " of the schedule: " + created.message;
      return created;
    }
    rows.push_back({g.game_no,
                    *game.game_id,
                    g.pairing,
                    seats_json(g.seats),
                    {},
                    0,
                    0,
                    std::nullopt});
    w.StartObject();
    w.Key("game_no");
    w.Int(g.game_no);
    w.Key("game_id");
    w.String(*game.game_id);
    w.Key("pairing");
    w.Int(g.pairing);
    w.Key("seats");
    w.RawValue(rows.back().seats_json.c_str(), rows.back().seats_json.size(),
               rapidjson::kArrayType);
    w.Key("tokens");
    w.StartObject();
    for (const auto& [player, token] : tokens_of(created.body)) {
      w.Key(player.c_str(), static_cast<rapidjson::SizeType>(player.size()));
      w.String(token);
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  persistence::TournamentRow row{id,
                                 request.name,
                                 config_json(request, turn_timeout_ms),
                                 0,
                                 static_cast<int>(rows.size()),
                                 0};
  w.Key("config");
  w.RawValue(row.config_json.c_str(), row.config_json.size(),
             rapidjson::kObjectType);
  w.EndObject();
  try {
    auto inserted = reads().with([&](pqxx::connection& conn) {
      return persistence::TournamentStore(conn).insert(row, rows);
    });
    if (!inserted)
      return Result::failure(ErrorCode::conflict,
                             "tournament '" + id + "' exists",
                             "tournament_exists");
  } catch (...) {
    return from_exception();
  }
  return Result::success_created({buf.GetString(), buf.GetSize()});
}

Result Runtime::list_tournaments(int limit, const std::string& after) {
  try {
    auto rows = reads().with([&](pqxx::connection& conn) {
      return persistence::TournamentStore(conn).tournaments(limit + 1, after);
    });
    std::string next;
    if (static_cast<int>(rows.size()) > limit) {
      rows.resize(static_cast<std::size_t>(limit));
      next = rows.back().tournament_id;
    }
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("tournaments");
    w.StartArray();
    for (const auto& t : rows) {
      w.StartObject();
      write_tournament(w, t);
      w.EndObject();
    }
    w.EndArray();
    w.Key("next");
    if (next.empty())
      w.Null();
    else
      w.String(next);
    w.EndObject();
    return Result::success({buf.GetString(), buf.GetSize()});
  } catch (...) {
    return from_exception();
  }
}

Result Runtime::tournament(const std::string& tournament_id) {
  if (!is_tournament_id(tournament_id)) return no_tournament(tournament_id);
  try {
    return reads().with([&](pqxx::connection& conn) {
      persistence::TournamentStore store(conn);
      auto t = store.tournament(tournament_id);
      if (!t) return no_tournament(tournament_id);
      auto standings =
          results::standings_json(standings_of(store, *t, config()));
      rapidjson::StringBuffer buf;
      Writer w(buf);
      w.StartObject();
      write_tournament(w, *t);
      w.Key("standings");
      w.RawValue(standings.c_str(), standings.size(), rapidjson::kObjectType);
      w.EndObject();
      return Result::success({buf.GetString(), buf.GetSize()});
    });
  } catch (...) {
    return from_exception();
  }
}

Result Runtime::tournament_games(const std::string& tournament_id) {
  if (!is_tournament_id(tournament_id)) return no_tournament(tournament_id);
  try {
    return reads().with([&](pqxx::connection& conn) {
      persistence::TournamentStore store(conn);
      if (!store.tournament(tournament_id)) return no_tournament(tournament_id);
      rapidjson::StringBuffer buf;
      Writer w(buf);
      w.StartObject();
      w.Key("games");
      w.StartArray();
      for (const auto& g : store.games(tournament_id)) {
        w.StartObject();
        w.Key("game_no");
        w.Int(g.game_no);
        w.Key("game_id");
        w.String(g.game_id);
        w.Key("pairing");
        w.Int(g.pairing);
        w.Key("seats");
        w.RawValue(g.seats_json.c_str(), g.seats_json.size(),
                   rapidjson::kArrayType);
        w.Key("status");
        w.String(std::string(game::status_name(g.status)));
        w.Key("completed_turns");
        w.Int(g.completed_turns);
        w.Key("max_turns");
        w.Int(g.max_turns);
        w.Key("winner");
        if (g.winner)
          w.String(*g.winner);
        else
          w.Null();
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      return Result::success({buf.GetString(), buf.GetSize()});
    });
  } catch (...) {
    return from_exception();
  }
}

Result Runtime::tournament_leaderboard(const std::string& tournament_id,
                                       bool csv) {
  if (!is_tournament_id(tournament_id)) return no_tournament(tournament_id);
  try {
    return reads().with([&](pqxx::connection& conn) {
      persistence::TournamentStore store(conn);
      auto t = store.tournament(tournament_id);
      if (!t) return no_tournament(tournament_id);
      auto standings = standings_of(store, *t, config());
      return Result::success(csv ? results::leaderboard_csv(standings)
                                 : results::standings_json(standings));
    });
  } catch (...) {
    return from_exception();
  }
}

}  // namespace fourex::actors
