#include "results/verify.hpp"

#include <algorithm>
#include <map>

#include <rapidjson/document.h>

#include "game/hash.hpp"
#include "game/map_gen.hpp"
#include "game/replay.hpp"
#include "game/score.hpp"
#include "results/swiss.hpp"

namespace fourex::results {
namespace {

GameVerification mismatch(GameVerification v, int turn, std::string message) {
  v.mismatch_turn = turn;
  v.message = std::move(message);
  return v;
}

std::optional<std::string> winner_name(const game::State& state) {
  if (!state.winner) return std::nullopt;
  return state.players[static_cast<std::size_t>(*state.winner)].name;
}

// The first way the tournament's schedule and the bundle's games differ.
std::optional<std::string> schedule_mismatch(const Bundle& bundle) {
  const auto& t = *bundle.tournament;
  std::map<std::string, const BundleGame*> games;
  for (const auto& g : bundle.games) games[g.game_id] = &g;
  if (games.size() != t.schedule.size() ||
      bundle.games.size() != t.schedule.size())
    return "the tournament schedules " + std::to_string(t.schedule.size()) +
           " games, the bundle holds " + std::to_string(bundle.games.size());
  for (std::size_t i = 0; i < t.schedule.size(); ++i) {
    const auto& s = t.schedule[i];
    if (s.game_no != static_cast<int>(i) + 1)
      return "the schedule is not numbered 1, 2, ...";
    auto it = games.find(s.game_id);
    if (it == games.end()) return "game " + s.game_id + " is not in the bundle";
    std::vector<std::string> players;
    for (const auto& p : it->second->settings.config.players)
      players.push_back(p.name);
    if (players != s.seats)
      return "game " + s.game_id + " does not seat its scheduled entrants";
  }
  return std::nullopt;
}

std::vector<std::string> entrants_of(const BundleTournament& t) {
  rapidjson::Document doc;
  doc.Parse(t.config_json.c_str(), t.config_json.size());
  std::vector<std::string> names;
  if (!doc.IsObject() || !doc.HasMember("entrants") ||
      !doc["entrants"].IsArray())
    return names;
  for (const auto& e : doc["entrants"].GetArray())
    if (e.IsObject() && e.HasMember("name") && e["name"].IsString())
      names.emplace_back(e["name"].GetString(), e["name"].GetStringLength());
  return names;
}

// A Swiss tournament's rounds re-paired from the replayed results: each
// round must be the one results/swiss makes from the rounds before it,
// which must all be finished. The first round that is not, or nothing.
std::optional<std::string> swiss_mismatch(
    const Bundle& bundle, const std::vector<GameVerification>& replayed) {
  const auto& t = *bundle.tournament;
  rapidjson::Document doc;
  doc.Parse(t.config_json.c_str(), t.config_json.size());
  if (!doc.IsObject() || !doc.HasMember("format") ||
      !doc["format"].IsString() ||
      std::string(doc["format"].GetString()) != "swiss")
    return std::nullopt;
  SwissRound round;
  round.entrants = entrants_of(t);
  try {
    round.seats = doc["seats"].GetInt();
    round.games_per_pairing = doc["games_per_pairing"].GetInt();
    round.seed = doc["seed"].GetUint64();
    for (const auto& m : doc["maps"].GetArray())
      round.maps.push_back({m["width"].GetInt(), m["height"].GetInt()});
  } catch (...) {
    return "the Swiss settings are not readable";
  }
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < bundle.games.size(); ++i)
    index[bundle.games[i].game_id] = i;
  RatingTable ratings;
  std::size_t next = 0;  // the schedule's first game of the round
  while (next < t.schedule.size()) {
    for (const auto& [name, standing] : ratings.standings())
      round.ratings[name] = standing.rating;
    std::vector<ScheduledGame> expected;
    try {
      expected = swiss_round(round);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    const auto where = "round " + std::to_string(round.round);
    if (next + expected.size() > t.schedule.size())
      return where + " is not whole";
    std::vector<std::vector<std::string>> tables;
    bool finished = true;
    for (const auto& g : expected) {
      const auto& s = t.schedule[next++];
      const auto k = index.at(s.game_id);
      if (s.seats != g.seats || bundle.games[k].settings.config.seed != g.seed)
        return where +
               " is not the Swiss pairing of the results before it"
               " (game " +
               s.game_id + ")";
      if (g.pairing - round.first_pairing == static_cast<int>(tables.size()))
        tables.push_back(g.seats);
      if (bundle.games[k].status == game::GameStatus::finished)
        ratings.add_game(replayed[k].final_scores);
      else
        finished = false;
    }
    if (!finished && next < t.schedule.size())
      return where + " has unfinished games, and a round follows";
    round.earlier.push_back(std::move(tables));
    round.first_game_no += static_cast<int>(expected.size());
    round.first_pairing += static_cast<int>(round.earlier.back().size());
    ++round.round;
  }
  return std::nullopt;
}

}  // namespace

bool BundleVerification::verified() const {
  return !rules_mismatch && !tournament_mismatch &&
         std::all_of(games.begin(), games.end(),
                     [](const GameVerification& g) { return g.verified(); });
}

GameVerification verify_game(const BundleGame& bundled) {
  GameVerification v;
  v.game_id = bundled.game_id;
  game::State state;
  try {
    game::check_config(bundled.settings.config);
    state = game::new_game(bundled.settings.config);
  } catch (const game::ConfigError& e) {
    return mismatch(v, 0, std::string("settings: ") + e.what());
  }
  for (const auto& logged : bundled.turns) {
    const int t = logged.turn;
    if (state.finished || t != state.turn)
      return mismatch(v, t,
                      "turn " + std::to_string(t) + " follows turn " +
                          std::to_string(game::completed_turns(state)) +
                          (state.finished ? " that ended the game" : ""));
    std::map<game::PlayerId, game::Orders> orders;
    for (const auto& [name, list] : logged.orders) {
      auto player = game::find_player(state, name);
      if (!player)
        return mismatch(v, t,
                        "turn " + std::to_string(t) + " has orders of '" +
                            name + "', not a player");
      orders[*player] = list;
    }
    auto replayed = game::replay_turn(state, orders);
    if (replayed.state_hash != logged.state_hash)
      return mismatch(v, t, game::hash_mismatch_message(t));
    ++v.turns_checked;
  }
  // The record of the game's end must be what the turns lead to (a
  // archived game keeps its status whatever the replay says).
  if (game::completed_turns(state) != bundled.completed_turns ||
      game::state_hash(state) != bundled.state_hash)
    return mismatch(v, 0,
                    "the game records " +
                        std::to_string(bundled.completed_turns) +
                        " completed turns and a final state hash that its "
                        "turns do not lead to");
  const bool says_finished = bundled.status == game::GameStatus::finished;
  if ((bundled.status != game::GameStatus::archived &&
       says_finished != state.finished) ||
      winner_name(state) != bundled.winner)
    return mismatch(v, 0, "the recorded status or winner is not the replay's");
  for (std::size_t i = 0; i < state.players.size(); ++i)
    v.final_scores.emplace_back(
        state.players[i].name,
        game::score(state, static_cast<game::PlayerId>(i)));
  return v;
}

BundleVerification verify_bundle(const Bundle& bundle) {
  BundleVerification out;
  if (bundle.rules_version != game::kRulesVersion) {
    out.rules_mismatch = "made with rules version " +
                         std::to_string(bundle.rules_version) +
                         ", this fourex plays rules version " +
                         std::to_string(game::kRulesVersion);
    return out;
  }
  for (const auto& g : bundle.games) out.games.push_back(verify_game(g));
  if (!bundle.tournament) return out;
  out.tournament_mismatch = schedule_mismatch(bundle);
  if (!out.verified()) return out;
  out.tournament_mismatch = swiss_mismatch(bundle, out.games);
  if (!out.verified()) return out;
  // Standings as the server makes them: finished games in schedule order.
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < bundle.games.size(); ++i)
    index[bundle.games[i].game_id] = i;
  std::vector<FinishedGame> finished;
  for (const auto& s : bundle.tournament->schedule) {
    const auto k = index.at(s.game_id);
    const auto& g = bundle.games[k];
    if (g.status != game::GameStatus::finished) continue;
    FinishedGame f{s.game_no, g.game_id, g.completed_turns, {}};
    for (const auto& [name, score] : out.games[k].final_scores)
      f.seats.push_back({name, score, 0, 0});
    finished.push_back(std::move(f));
  }
  try {
    out.standings =
        compute_standings(entrants_of(*bundle.tournament), finished, {});
  } catch (const std::invalid_argument& e) {
    out.tournament_mismatch = e.what();
  }
  return out;
}

}  // namespace fourex::results
