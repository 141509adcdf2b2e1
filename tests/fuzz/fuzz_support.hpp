// What both fuzz targets do with what they parsed: play one turn of it.
#pragma once

#include <cstdlib>
#include <map>

#include "game/game.hpp"

namespace fourex::fuzz {

// Aborts (a finding) when a property the engine promises does not hold.
inline void expect(bool ok) {
  if (!ok) std::abort();
}

// Every player's view and bot orders, then one resolved turn whose state
// must serialize and parse back to the same bytes.
inline void play_one_turn(const game::State& s,
                          std::map<game::PlayerId, game::Orders> orders) {
  game::Rng rng(s.seed, 1);
  for (int p = 0; p < static_cast<int>(s.players.size()); ++p) {
    if (!s.players[p].alive) continue;
    rapidjson::StringBuffer buf;
    game::JsonWriter w(buf);
    w.StartObject();
    game::write_view_fields(s, p, w);
    w.EndObject();
    if (!orders.count(p)) {
      orders[p] = game::random_orders(s, p, rng);
      expect(!game::validate(s, p, orders[p]));
    }
  }
  const auto r = game::resolve_turn(s, orders);
  const std::string json = game::to_json(r.state);
  expect(game::to_json(game::state_from_json(json)) == json);
}

}  // namespace fourex::fuzz
