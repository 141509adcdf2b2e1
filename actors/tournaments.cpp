// Tournaments: the schedule made (results/schedule: a round robin at once;
// results/swiss: a Swiss tournament's round by round, each from the stored
// results of the rounds before it), its games created through create_game,
// the schedule stored in one transaction per creation or round, and
// standings recomputed from the stored games on each read
// (results/standings), so that they are live and never disagree with them.
#include <algorithm>
#include <map>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "actors/failures.hpp"
#include "actors/json_writer.hpp"
#include "actors/replies.hpp"
#include "actors/runtime.hpp"
#include "actors/tokens.hpp"
#include "game/personalities.hpp"
#include "persistence/connection_pool.hpp"
#include "persistence/database.hpp"
#include "persistence/tournament_store.hpp"
#include "results/schedule.hpp"
#include "results/standings.hpp"
#include "results/swiss.hpp"

namespace fourex::actors {

bool is_tournament_id(const std::string& id) {
  return id.size() <= kMaxTournamentIdBytes && is_game_id(id);
}

namespace {

using json::Writer;

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

// A Swiss tournament's rounds: as asked, or ceil(log2(entrants)).
int rounds_of(const CreateTournament& t) {
  if (t.rounds) return *t.rounds;
  int rounds = 1;
  while ((std::size_t{1} << rounds) < t.entrants.size()) ++rounds;
  return rounds;
}

bool is_swiss(const CreateTournament& t) { return t.format == "swiss"; }

// How many games the schedule holds (a Swiss one once every round is made).
long long schedule_size(const CreateTournament& t) {
  const int n = static_cast<int>(t.entrants.size());
  if (!is_swiss(t))
    return results::round_robin_size(n, t.seats, t.games_per_pairing,
                                     kMaxTournamentGames);
  return static_cast<long long>(rounds_of(t)) *
         results::swiss_round_games(n, t.seats, t.games_per_pairing);
}

Result check(const CreateTournament& t) {
  if (t.format != "round_robin" && !is_swiss(t))
    return bad_field("format", "format must be round_robin or swiss");
  if (t.rounds && !is_swiss(t))
    return bad_field("rounds", "rounds is for format swiss");
  if (t.rounds && (*t.rounds < 1 || *t.rounds > kMaxSwissRounds))
    return bad_field("rounds", "rounds must be from 1 to " +
                                   std::to_string(kMaxSwissRounds));
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
    if (e.agent.size() > kMaxEntrantAgentBytes ||
        personality_of(e.agent).empty())
      return bad_field(field + ".agent",
                       "agent must be bot:<personality>, "
                       "llm[:<model>][@<personality>] or "
                       "external[@<personality>]");
    if (e.prompt_version.size() > kMaxPromptVersionBytes)
      return bad_field(field + ".prompt_version",
                       "prompt_version is at most " +
                           std::to_string(kMaxPromptVersionBytes) + " bytes");
  }
  const int n = static_cast<int>(t.entrants.size());
  if (t.seats < 2 || t.seats > std::min(n, kMaxTournamentSeats))
    return bad_field("seats", "seats must be from 2 to the entrants (" +
                                  std::to_string(kMaxTournamentSeats) +
                                  " at most)");
  if (t.maps.empty()) return bad_field("maps", "maps must not be empty");
  if (schedule_size(t) > kMaxTournamentGames)
    return bad_field(is_swiss(t) ? "rounds" : "games_per_pairing",
                     "the schedule would hold more than " +
                         std::to_string(kMaxTournamentGames) + " games");
  if (t.name.size() > kMaxTournamentNameBytes)
    return bad_field("name", "name is at most " +
                                 std::to_string(kMaxTournamentNameBytes) +
                                 " bytes");
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
  if (is_swiss(t)) {
    w.Key("rounds");
    w.Int(rounds_of(t));
  }
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

std::vector<std::string> seats_of(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  std::vector<std::string> names;
  for (const auto& n : doc.GetArray()) names.emplace_back(n.GetString());
  return names;
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

// A Swiss game's seat token: derived from the organizer token, so that a
// round asked for again (its answer lost, or the server killed while it
// made the round) answers the same tokens; only the organizer can.
std::string seat_token(const std::string& organizer_token,
                       const std::string& game_id, const std::string& player) {
  return hmac_sha256_hex(organizer_token,
                         "fourex-seat-v1\n" + game_id + "\n" + player);
}

// The stored config read back as the request that made it (it is that
// request, canonical).
CreateTournament request_of(const persistence::TournamentRow& t) {
  rapidjson::Document doc;
  doc.Parse(t.config_json.c_str(), t.config_json.size());
  CreateTournament r;
  r.tournament_id = t.tournament_id;
  r.name = t.name;
  for (const auto& e : doc["entrants"].GetArray())
    r.entrants.push_back({e["name"].GetString(), e["agent"].GetString(),
                          e["prompt_version"].GetString()});
  r.format = doc["format"].GetString();
  if (doc.HasMember("rounds")) r.rounds = doc["rounds"].GetInt();
  r.seats = doc["seats"].GetInt();
  r.games_per_pairing = doc["games_per_pairing"].GetInt();
  r.maps.clear();
  for (const auto& m : doc["maps"].GetArray())
    r.maps.push_back({m["width"].GetInt(), m["height"].GetInt()});
  r.seed = doc["seed"].GetUint64();
  r.max_turns = doc["max_turns"].GetInt();
  r.turn_timeout_ms = doc["turn_timeout_ms"].GetInt();
  return r;
}

std::vector<std::string> names_of(const CreateTournament& t) {
  std::vector<std::string> names;
  for (const auto& e : t.entrants) names.push_back(e.name);
  return names;
}

std::vector<results::MapSize> maps_of(const CreateTournament& t) {
  std::vector<results::MapSize> maps;
  for (const auto& m : t.maps)
    maps.push_back({.width = m.width, .height = m.height});
  return maps;
}

void write_tournament(Writer& w, const persistence::TournamentRow& t) {
  const auto request = request_of(t);
  const int rounds = is_swiss(request) ? rounds_of(request) : 1;
  w.Key("tournament_id");
  w.String(t.tournament_id);
  w.Key("name");
  w.String(t.name);
  w.Key("status");
  w.String(t.games_finished == t.games_total && t.rounds_scheduled >= rounds
               ? "finished"
               : "scheduled");
  w.Key("games_total");
  w.Int(t.games_total);
  w.Key("games_finished");
  w.Int(t.games_finished);
  w.Key("rounds_scheduled");
  w.Int(t.rounds_scheduled);
  w.Key("created_at_ms");
  w.Int64(t.created_at_ms);
  w.Key("config");
  w.RawValue(t.config_json.c_str(), t.config_json.size(),
             rapidjson::kObjectType);
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

// The standings; without private figures (refused orders, LLM usage: not
// public facts) when `private_figures` is false.
results::Standings standings_of(persistence::TournamentStore& store,
                                const persistence::TournamentRow& t,
                                const config::Config& config,
                                bool private_figures) {
  std::vector<results::FinishedGame> games;
  std::map<int, int> turns;
  for (const auto& g : store.games(t.tournament_id))
    if (g.status == game::GameStatus::finished)
      turns[g.game_no] = g.completed_turns;
  for (const auto& s : store.finished_seats(t.tournament_id)) {
    if (games.empty() || games.back().game_no != s.game_no)
      games.push_back(
          {.game_no = s.game_no,
           .game_id = t.tournament_id + "-" + std::to_string(s.game_no),
           .completed_turns = turns[s.game_no]});
    games.back().seats.push_back({.entrant = s.player,
                                  .score = s.score,
                                  .actions = s.actions,
                                  .rejected = s.rejected_actions});
  }
  auto standings = results::compute_standings(
      names_of(request_of(t)), games,
      private_figures ? usage_of(store, t.tournament_id, config)
                      : std::map<std::string, results::Usage>{});
  standings.private_figures = private_figures;
  return standings;
}

// Swiss round `round`, paired from the results of the rounds before it
// (all finished): `earlier` is the whole schedule so far.
std::vector<results::ScheduledGame> swiss_round(
    const CreateTournament& t, int round,
    const std::vector<persistence::TournamentGameRow>& earlier,
    const results::Standings& standings) {
  results::SwissRound r;
  r.round = round;
  r.entrants = names_of(t);
  for (const auto& row : standings.leaderboard)
    r.ratings[row.entrant] = row.standing.rating;
  std::map<int, std::map<int, std::vector<std::string>>> tables;
  for (const auto& g : earlier)
    tables[g.round][g.pairing] = seats_of(g.seats_json);
  for (const auto& [n, by_pairing] : tables) {
    r.earlier.emplace_back();
    for (const auto& [pairing, seats] : by_pairing)
      r.earlier.back().push_back(seats);
    r.first_pairing = std::max(r.first_pairing, by_pairing.rbegin()->first + 1);
  }
  r.seats = t.seats;
  r.games_per_pairing = t.games_per_pairing;
  r.maps = maps_of(t);
  r.seed = t.seed;
  r.first_game_no = static_cast<int>(earlier.size()) + 1;
  return results::swiss_round(r);
}

// A scheduled game's own fields (number, id, round, pairing, seats), which
// every answer listing games starts with.
void write_schedule_fields(Writer& w, const persistence::TournamentGameRow& g) {
  json::key_int(w, "game_no", g.game_no);
  json::key_string(w, "game_id", g.game_id);
  json::key_int(w, "round", g.round);
  json::key_int(w, "pairing", g.pairing);
  w.Key("seats");
  w.RawValue(g.seats_json.c_str(), g.seats_json.size(), rapidjson::kArrayType);
}

// One game of a creation's or a round's answer, with its seats' tokens.
void write_game(
    Writer& w, const persistence::TournamentGameRow& g,
    const std::vector<std::pair<std::string, std::string>>& tokens) {
  w.StartObject();
  write_schedule_fields(w, g);
  w.Key("tokens");
  w.StartObject();
  for (const auto& [player, token] : tokens) {
    w.Key(player.c_str(), static_cast<rapidjson::SizeType>(player.size()));
    w.String(token);
  }
  w.EndObject();
  w.EndObject();
}

// Creates the games of `schedule` (seat tokens derived from
// `organizer_token` when it is not empty, a Swiss round's; random
// otherwise) and writes them to `w` as an array of games with their
// tokens. A Swiss game that exists with the derived tokens was made by an
// earlier try of the same round, and counts as made. `rows`: the schedule
// rows to store.
Result create_tournament_games(
    Runtime& runtime, const CreateTournament& t,
    const std::string& tournament_id,
    const std::vector<results::ScheduledGame>& schedule,
    const std::string& organizer_token,
    std::vector<persistence::TournamentGameRow>& rows, Writer& w) {
  std::map<std::string, std::string> personality;
  for (const auto& e : t.entrants)
    personality[e.name] = personality_of(e.agent);
  w.StartArray();
  for (const auto& g : schedule) {
    CreateGame game;
    game.origin = CreateGame::Origin::tournament;
    game.game_id = tournament_id + "-" + std::to_string(g.game_no);
    game.players = g.seats;
    for (const auto& s : g.seats) game.personalities[s] = personality[s];
    game.max_turns = t.max_turns;
    game.width = g.width;
    game.height = g.height;
    game.seed = g.seed;
    game.turn_timeout_ms = t.turn_timeout_ms;
    std::vector<std::pair<std::string, std::string>> tokens;
    if (!organizer_token.empty())
      for (const auto& s : g.seats) {
        game.tokens.push_back(seat_token(organizer_token, *game.game_id, s));
        tokens.emplace_back(s, game.tokens.back());
      }
    auto created = runtime.create_game(game);
    const bool made_before =
        !created.ok() && created.code == "game_exists" &&
        !organizer_token.empty() &&
        std::all_of(game.tokens.begin(), game.tokens.end(),
                    [&](const std::string& token) {
                      return runtime.game_of_token(token) == game.game_id;
                    });
    if (!created.ok() && !made_before) {
      created.message = "game " + std::to_string(g.game_no) +
                        " of the schedule: " + created.message;
      return created;
    }
    if (organizer_token.empty()) tokens = tokens_of(created.body);
    rows.push_back({.game_no = g.game_no,
                    .game_id = *game.game_id,
                    .pairing = g.pairing,
                    .seats_json = seats_json(g.seats),
                    .round = g.round});
    write_game(w, rows.back(), tokens);
  }
  w.EndArray();
  return Result::success("{}");
}

// Whether `caller` reads the standings' private figures: the admin always,
// anyone when finished games' history is public (PUBLIC_HISTORY).
bool reads_private_figures(const Runtime& runtime, const config::Config& config,
                           const Caller& caller) {
  return config.public_history ||
         (!caller.token.empty() &&
          constant_time_equal(caller.token, runtime.admin_token()));
}

}  // namespace

Result Runtime::create_tournament(const CreateTournament& request) {
  const std::string id =
      request.tournament_id ? *request.tournament_id : new_game_id();
  if (!is_tournament_id(id))
    return bad_field("tournament_id",
                     "tournament_id must match " + kTournamentIdPattern);
  if (auto bad = check(request); !bad.ok()) return bad;
  auto t = request;
  t.turn_timeout_ms =
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

  // A Swiss tournament makes its first round now (in the entrants' order:
  // nobody has a rating yet), the others when the rounds before them end.
  const std::string organizer_token = is_swiss(t) ? new_token() : "";
  const auto schedule = is_swiss(t) ? swiss_round(t, 1, {}, {})
                                    : results::round_robin(names_of(t), t.seats,
                                                           t.games_per_pairing,
                                                           maps_of(t), t.seed);

  // The games first, each durable when created; then the tournament and
  // its schedule in one transaction. A failure in between leaves games no
  // tournament lists (ids "<id>-<n>"), never a schedule naming missing ones.
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("tournament_id");
  w.String(id);
  if (!organizer_token.empty()) {
    w.Key("organizer_token");
    w.String(organizer_token);
  }
  w.Key("games");
  std::vector<persistence::TournamentGameRow> rows;
  if (auto made = create_tournament_games(*this, t, id, schedule,
                                          organizer_token, rows, w);
      !made.ok())
    return made;
  persistence::TournamentRow row;
  row.tournament_id = id;
  row.name = t.name;
  row.config_json = config_json(t, *t.turn_timeout_ms);
  if (!organizer_token.empty())
    row.organizer_token_hash = hash_token(organizer_token);
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

Result Runtime::tournament_round(const std::string& tournament_id,
                                 const Caller& caller, int round) {
  if (!is_tournament_id(tournament_id)) return no_tournament(tournament_id);
  if (caller.token.empty())
    return Result::failure(ErrorCode::unauthorized,
                           "send Authorization: Bearer <organizer token>",
                           "unauthorized");
  // Read what the round is made of; its games are created without holding
  // a read connection.
  std::optional<persistence::TournamentRow> row;
  std::vector<persistence::TournamentGameRow> games;
  results::Standings standings;
  try {
    reads().with([&](pqxx::connection& conn) {
      persistence::TournamentStore store(conn);
      row = store.tournament(tournament_id);
      if (!row) return;
      games = store.games(tournament_id);
      if (round == row->rounds_scheduled + 1)
        standings = standings_of(store, *row, config(), false);
    });
  } catch (...) {
    return from_exception();
  }
  if (!row) return no_tournament(tournament_id);
  if (row->organizer_token_hash.empty())
    return Result::failure(ErrorCode::conflict,
                           "tournament '" + tournament_id +
                               "' is not swiss: its creation made every game",
                           "not_swiss");
  if (!constant_time_equal(hash_token(caller.token),
                           row->organizer_token_hash)) {
    // As everywhere: a token of this server's is 403, another is 401 (from
    // memory: a made-up token costs no database look-up here).
    if (knows_token(caller.token))
      return Result::failure(ErrorCode::forbidden,
                             "this needs the tournament's organizer token",
                             "forbidden");
    return Result::failure(ErrorCode::unauthorized, "unknown token",
                           "unauthorized");
  }
  const auto t = request_of(*row);
  if (round < 1 || round > rounds_of(t))
    return bad_field("round",
                     "round must be from 1 to " + std::to_string(rounds_of(t)));

  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("tournament_id");
  w.String(tournament_id);
  w.Key("round");
  w.Int(round);
  w.Key("games");
  if (round <= row->rounds_scheduled) {
    // Asked again: the same games, and the same derived tokens.
    w.StartArray();
    for (const auto& g : games) {
      if (g.round != round) continue;
      std::vector<std::pair<std::string, std::string>> tokens;
      for (const auto& s : seats_of(g.seats_json))
        tokens.emplace_back(s, seat_token(caller.token, g.game_id, s));
      write_game(w, g, tokens);
    }
    w.EndArray();
    w.EndObject();
    return Result::success({buf.GetString(), buf.GetSize()});
  }
  if (round > row->rounds_scheduled + 1)
    return Result::failure(
        ErrorCode::conflict,
        "round " + std::to_string(row->rounds_scheduled + 1) + " comes first",
        "round_not_ready");
  const auto unfinished = std::count_if(
      games.begin(), games.end(),
      [](const auto& g) { return g.status != game::GameStatus::finished; });
  if (unfinished > 0)
    return Result::failure(
        ErrorCode::conflict,
        std::to_string(unfinished) + " games of round " +
            std::to_string(row->rounds_scheduled) + " are not finished",
        "round_not_finished",
        replies::details({{"unfinished", std::to_string(unfinished)}}));

  // The games, each durable when created; then the round's schedule rows
  // in one transaction (a retry after a failure in between finds the games
  // made, with the same tokens, and writes the rows).
  std::vector<persistence::TournamentGameRow> rows;
  if (auto made = create_tournament_games(
          *this, t, tournament_id, swiss_round(t, round, games, standings),
          caller.token, rows, w);
      !made.ok())
    return made;
  w.EndObject();
  try {
    reads().with([&](pqxx::connection& conn) {
      persistence::TournamentStore(conn).add_round(tournament_id, rows);
    });
  } catch (...) {
    return from_exception();
  }
  return Result::success_created({buf.GetString(), buf.GetSize()});
}

Result Runtime::free_of_tournaments(const std::string& game_id) {
  const auto dash = game_id.rfind('-');
  if (dash == std::string::npos || dash + 1 == game_id.size() ||
      game_id.find_first_not_of("0123456789", dash + 1) != std::string::npos)
    return Result::success("{}");
  const auto tournament_id = game_id.substr(0, dash);
  if (!is_tournament_id(tournament_id)) return Result::success("{}");
  try {
    const bool taken = reads().with([&](pqxx::connection& conn) {
      return persistence::TournamentStore(conn)
          .tournament(tournament_id)
          .has_value();
    });
    if (!taken) return Result::success("{}");
  } catch (...) {
    return from_exception();
  }
  return Result::failure(ErrorCode::conflict,
                         "game id '" + game_id +
                             "' is reserved for the games of tournament '" +
                             tournament_id + "'",
                         "game_id_reserved");
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

Result Runtime::tournament(const std::string& tournament_id,
                           const Caller& caller) {
  if (!is_tournament_id(tournament_id)) return no_tournament(tournament_id);
  try {
    return reads().with([&](pqxx::connection& conn) {
      persistence::TournamentStore store(conn);
      auto t = store.tournament(tournament_id);
      if (!t) return no_tournament(tournament_id);
      auto standings = results::standings_json(standings_of(
          store, *t, config(), reads_private_figures(*this, config(), caller)));
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
        write_schedule_fields(w, g);
        json::key_string(w, "status", game::status_name(g.status));
        json::key_int(w, "completed_turns", g.completed_turns);
        json::key_int(w, "max_turns", g.max_turns);
        json::key_optional(w, "winner", g.winner);
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
                                       const Caller& caller, bool csv) {
  if (!is_tournament_id(tournament_id)) return no_tournament(tournament_id);
  try {
    return reads().with([&](pqxx::connection& conn) {
      persistence::TournamentStore store(conn);
      auto t = store.tournament(tournament_id);
      if (!t) return no_tournament(tournament_id);
      auto standings = standings_of(
          store, *t, config(), reads_private_figures(*this, config(), caller));
      return Result::success(csv ? results::leaderboard_csv(standings)
                                 : results::standings_json(standings));
    });
  } catch (...) {
    return from_exception();
  }
}

}  // namespace fourex::actors
