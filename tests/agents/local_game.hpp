// Plays bots against each other in-process, without HTTP: the view JSON is
// built the way actors/replies.cpp builds the server's answer, and the
// bots' orders go through the same parser as a submission.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "agents/bot.hpp"
#include "agents/view.hpp"
#include "game/game.hpp"

namespace fourex::testing {

inline std::string local_view_json(const game::State& s, game::PlayerId p) {
  rapidjson::StringBuffer buf;
  game::JsonWriter w(buf);
  w.StartObject();
  w.Key("game_id");
  w.String("local");
  w.Key("status");
  w.String(s.finished ? "finished" : "active");
  w.Key("completed_turns");
  w.Int(game::completed_turns(s));
  w.Key("max_turns");
  w.Int(s.max_turns);
  w.Key("submitted");
  w.Bool(false);
  w.Key("winner");
  if (s.winner)
    w.String(s.players[*s.winner].name);
  else
    w.Null();
  game::write_view_fields(s, p, w);
  w.EndObject();
  return buf.GetString();
}

struct LocalResult {
  game::State state;
  std::vector<int> scores;
  int winner = -1;  // the game's winner, else the higher score
  // Per player: how many orders of each type ("attack", ...) it sent.
  std::vector<std::map<std::string, int>> sent;
};

// Plays one game to the end with one bot per player.
inline LocalResult play_local(std::vector<agents::Personality> bots,
                              std::uint64_t seed, int max_turns, int size) {
  game::GameConfig config;
  for (std::size_t i = 0; i < bots.size(); ++i) {
    std::string name = "p";
    name += std::to_string(i);
    config.players.push_back(
        {name, std::string(agents::personality_name(bots[i]))});
  }
  config.width = config.height = size;
  config.seed = seed;
  config.max_turns = max_turns;
  game::State s = game::new_game(config);
  LocalResult r;
  r.sent.resize(bots.size());
  std::vector<agents::Bot> players;
  for (std::size_t i = 0; i < bots.size(); ++i)
    players.emplace_back(bots[i], seed * 31 + i);
  while (!s.finished) {
    std::map<game::PlayerId, game::Orders> orders;
    for (std::size_t i = 0; i < bots.size(); ++i) {
      const auto p = static_cast<game::PlayerId>(i);
      if (!s.players[i].alive) continue;
      auto view = agents::parse_view(local_view_json(s, p));
      auto text = players[i].decide(view);
      orders[p] = game::parse_orders(text);
      for (const auto& o : orders[p])
        ++r.sent[i][std::string(game::action_name(o))];
      if (auto bad = game::validate(s, p, orders[p]))
        throw std::runtime_error(
            std::string(agents::personality_name(bots[i])) +
            " sent an invalid submission (" + bad->rule + "): " + text);
    }
    s = game::resolve_turn(s, orders).state;
  }
  for (std::size_t i = 0; i < bots.size(); ++i)
    r.scores.push_back(game::score(s, static_cast<game::PlayerId>(i)));
  r.winner = s.winner ? *s.winner : -1;
  r.state = std::move(s);
  return r;
}

}  // namespace fourex::testing
