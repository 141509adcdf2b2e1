// What the fuzz targets do with an input, in one place: the libFuzzer
// targets and the corpus regression test (corpus_test.cpp) both call it.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "game/game.hpp"

namespace fourex::fuzz {

// A promise of the engine that did not hold: a finding. Thrown, not
// aborted, so the regression test names it; under libFuzzer the uncaught
// exception aborts, which is a crash like any other.
inline void expect(bool ok, const char* promise) {
  if (!ok) throw std::logic_error(std::string("fuzz finding: ") + promise);
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
      expect(!game::validate(s, p, orders[p]), "the bot's orders validate");
    }
  }
  const auto r = game::resolve_turn(s, orders);
  const std::string json = game::to_json(r.state);
  expect(game::to_json(game::state_from_json(json)) == json,
         "the next state round-trips");
}

// The small fixed game the order inputs are played against.
inline const game::State& small_game() {
  static const game::State s = [] {
    game::GameConfig c;
    c.players = {{"A", ""}, {"B", ""}, {"C", ""}};
    c.width = c.height = 8;
    c.seed = 5;
    game::State st = game::new_game(c);
    st.set_war(0, 1, true);
    return st;
  }();
  return s;
}

// The order parser, then validate and resolve_turn on whatever parsed.
inline void orders_input(std::string_view bytes) {
  game::Orders orders;
  try {
    orders = game::parse_orders(bytes);
  } catch (const game::ParseError&) {
    return;
  }
  // What parsed writes back canonically and parses to the same orders.
  const std::string json = game::orders_to_json(orders);
  expect(game::parse_orders(json) == orders, "orders parse back equal");
  expect(game::orders_to_json(game::parse_orders(json)) == json,
         "orders write back the same bytes");
  const auto& s = small_game();
  (void)game::validate(s, 0, orders);
  play_one_turn(s, {{0, orders}});
}

// The state parser: a state that parses writes back to bytes that parse
// again identically, and plays a turn safely.
inline void state_input(std::string_view bytes) {
  game::State s;
  try {
    s = game::state_from_json(bytes);
  } catch (const game::ParseError&) {
    return;
  }
  const std::string json = game::to_json(s);
  expect(game::state_from_json(json) == s, "the state parses back equal");
  play_one_turn(s, {});
}

}  // namespace fourex::fuzz
