// Property tests: 1,000+ random games (2..8 players, maps 8..64) played by
// the random bot from suggested_actions until they end by the rules (max_turns
// is 60..79). Every turn the invariants hold, every suggested action passes
// validate, every action type gets played, and a replay of each game
// yields the same hashes.
#include <array>
#include <set>

#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using fourex::game::testing::cat;

namespace {

constexpr int kMinTurns = 60;
constexpr std::size_t kActionTypes = std::variant_size_v<Action>;

struct Game {
  State start;
  std::vector<std::map<PlayerId, Orders>> orders;  // per turn
  std::vector<std::string> hashes;                 // after each turn
  std::array<int, kActionTypes> played{};          // orders per action type
};

// The "type" of every action, in variant order.
template <std::size_t... I>
auto action_names(std::index_sequence<I...>) {
  return std::array{
      action_name(Order(std::variant_alternative_t<I, Action>{}))...};
}
auto action_names() {
  return action_names(std::make_index_sequence<kActionTypes>());
}

GameConfig config_for(int players, int size, std::uint64_t seed) {
  GameConfig c;
  for (int p = 0; p < players; ++p)
    c.players.push_back({cat("p", std::to_string(p)), "random"});
  c.width = size;
  c.height = size - static_cast<int>(seed % 3);  // not always square
  if (c.height < 8) c.height = 8;
  c.seed = seed;
  c.max_turns = kMinTurns + static_cast<int>(seed % 20);
  return c;
}

// Every suggested action lies in some accepted subset: greedy subsets that use
// each unit and city once and at most one set_research, until all are used.
void check_suggested_actions(const State& s, PlayerId p) {
  const Orders legal = suggested_actions(s, p);
  std::vector<bool> done(legal.size(), false);
  for (std::size_t left = legal.size(); left > 0;) {
    Orders subset;
    std::set<int> units, cities;
    bool research = false;
    for (std::size_t i = 0; i < legal.size(); ++i) {
      if (done[i]) continue;
      const int u = order_unit(legal[i]), c = order_city(legal[i]);
      const bool r = std::holds_alternative<SetResearch>(legal[i].action);
      if ((u >= 0 && units.count(u)) || (c >= 0 && cities.count(c)) ||
          (r && research))
        continue;
      if (u >= 0) units.insert(u);
      if (c >= 0) cities.insert(c);
      research = research || r;
      subset.push_back(legal[i]);
      done[i] = true;
      --left;
    }
    const auto v = validate(s, p, subset);
    if (v) {
      INFO("turn " << s.turn << " player " << p << ": "
                   << orders_to_json({subset[v->index]}) << " -> " << v->rule
                   << " (" << v->message << ")");
      FAIL_CHECK("a suggested action failed validate");
      return;
    }
  }
}

// The first broken invariant, "" if none (one REQUIRE per turn keeps the
// million checks cheap).
std::string broken_invariant(const State& s) {
  const int n = static_cast<int>(s.players.size());
  std::map<int, PlayerId> tile_owner;
  int last_id = 0;
  for (const auto& u : s.units) {
    const std::string id = cat("unit ", std::to_string(u.id));
    if (u.id <= last_id) return id + " out of id order";
    last_id = u.id;
    if (!s.in_map(u.x, u.y)) return id + " off the map";
    if (info(s.tile(u.x, u.y).terrain).move_cost == 0) return id + " on water";
    if (u.hp <= 0 || u.hp > rules::kUnitMaxHp) return id + " hp out of range";
    if (!s.players[u.owner].alive) return id + " owned by the eliminated";
    const auto [it, fresh] = tile_owner.emplace(s.index(u.x, u.y), u.owner);
    if (!fresh && it->second != u.owner) return id + " shares a foreign tile";
    const City* c = s.city_at(u.x, u.y);
    if (c && c->owner != u.owner) return id + " in a foreign city";
  }
  last_id = 0;
  for (const auto& c : s.cities) {
    const std::string id = cat("city ", std::to_string(c.id));
    if (c.id <= last_id) return id + " out of id order";
    last_id = c.id;
    if (!s.in_map(c.x, c.y)) return id + " off the map";
    if (!s.players[c.owner].alive) return id + " owned by the eliminated";
    if (c.population < 1 || c.food < 0 || c.production < 0 || c.hp < 1)
      return id + " has a negative stock";
  }
  for (int p = 0; p < n; ++p) {
    const auto& pl = s.players[p];
    const std::string id = cat("player ", std::to_string(p));
    if (pl.gold < 0 || pl.science < 0) return id + " has a negative stock";
    if (pl.alive) continue;
    for (int q = 0; q < n; ++q)
      if (s.at_war(p, q)) return id + " eliminated but at war";
    for (const auto& pr : s.proposals)
      if (pr.from == p || pr.to == p) return id + " eliminated, proposing";
    if (!suggested_actions(s, p).empty()) return id + " eliminated, may act";
  }
  const std::string json = to_json(s);
  const State back = state_from_json(json);
  if (to_json(back) != json) return "the JSON round trip changed the bytes";
  if (state_hash(back) != sha256_hex(json)) return "the hash changed";
  return "";
}

Game play(const GameConfig& config) {
  Game g;
  g.start = new_game(config);
  REQUIRE(broken_invariant(g.start) == "");
  Rng rng(config.seed, 0x9807);
  State s = g.start;
  while (!s.finished) {
    std::map<PlayerId, Orders> orders;
    for (int p = 0; p < static_cast<int>(s.players.size()); ++p) {
      if (!s.players[p].alive) continue;
      check_suggested_actions(s, p);
      orders[p] = random_orders(s, p, rng);
      const auto v = validate(s, p, orders[p]);
      if (v) {
        INFO(orders_to_json(orders[p]) << " #" << v->index << ": " << v->rule);
        FAIL("the bot's orders failed validate");
      }
      for (const auto& o : orders[p]) ++g.played[o.action.index()];
    }
    auto r = resolve_turn(s, orders);
    const std::string events = events_to_json(r.events);
    REQUIRE(events_from_json(events) == r.events);
    REQUIRE(events_to_json(events_from_json(events)) == events);
    s = std::move(r.state);
    REQUIRE(broken_invariant(s) == "");
    g.orders.push_back(std::move(orders));
    g.hashes.push_back(state_hash(s));
  }
  // The game ended by the rules: conquest, or max_turns (at least 60).
  const auto alive = std::count_if(s.players.begin(), s.players.end(),
                                   [](const Player& pl) { return pl.alive; });
  if (alive > 1) REQUIRE(completed_turns(s) == config.max_turns);
  return g;
}

void replay_matches(const Game& g) {
  State s = g.start;
  for (std::size_t t = 0; t < g.orders.size(); ++t) {
    s = resolve_turn(s, g.orders[t]).state;
    REQUIRE(state_hash(s) == g.hashes[t]);
  }
}

// Games [first, first + count): players 2..8, sizes from `sizes` in turn.
// Each is replayed; together they play every action type.
void run_games(int first, int count, std::initializer_list<int> sizes) {
  const std::vector<int> size_list(sizes);
  std::array<int, kActionTypes> played{};
  for (int k = first; k < first + count; ++k) {
    const int players = 2 + k % 7;
    const int size = size_list[static_cast<std::size_t>(k) % size_list.size()];
    const auto seed = 1000 + static_cast<std::uint64_t>(k);
    INFO("game " << k << ": " << players << " players, " << size << "x" << size
                 << ", seed " << seed);
    const Game g = play(config_for(players, size, seed));
    replay_matches(g);
    for (std::size_t a = 0; a < kActionTypes; ++a) played[a] += g.played[a];
  }
  for (std::size_t a = 0; a < kActionTypes; ++a) {
    INFO(action_names()[a] << " played " << played[a]);
    CHECK(played[a] > 0);
  }
}

}  // namespace

// 6 x 160 small games, 40 medium, 8 large: 1,008 games.
TEST_CASE("random games on small maps keep the invariants (1)", "[property]") {
  run_games(0, 160, {8, 10, 12});
}
TEST_CASE("random games on small maps keep the invariants (2)", "[property]") {
  run_games(160, 160, {8, 12, 16});
}
TEST_CASE("random games on small maps keep the invariants (3)", "[property]") {
  run_games(320, 160, {9, 11, 13});
}
TEST_CASE("random games on small maps keep the invariants (4)", "[property]") {
  run_games(480, 160, {8, 14, 16});
}
TEST_CASE("random games on small maps keep the invariants (5)", "[property]") {
  run_games(640, 160, {10, 12, 16});
}
TEST_CASE("random games on small maps keep the invariants (6)", "[property]") {
  run_games(800, 160, {8, 11, 15});
}
TEST_CASE("random games on medium maps keep the invariants", "[property]") {
  run_games(960, 40, {20, 24, 32});
}
TEST_CASE("random games on large maps keep the invariants", "[property]") {
  run_games(1000, 8, {48, 64});
}

TEST_CASE("replaying the same orders gives the same hash sequence",
          "[property]") {
  for (int k = 0; k < 10; ++k) {
    const Game g = play(config_for(2 + k % 7, 16, 77 + k));
    replay_matches(g);
    // And a second run from scratch chooses the same orders.
    const Game again = play(config_for(2 + k % 7, 16, 77 + k));
    CHECK(again.hashes == g.hashes);
  }
}
