// Each personality bot beats the random baseline in at least 70% of 1v1
// games over 20 seeds, and each plays its own recognisable game, counted
// over seeds; played in-process from the server's view JSON.
#include <map>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/agents/local_game.hpp"

using fourex::agents::Personality;

namespace {

constexpr int kSeeds = 20;
constexpr int kMaxTurns = 60;
constexpr int kMapSize = 20;
constexpr int kStyleSeeds = 8;

// Wins of `bot` over random, sides alternated so start order cannot help.
int wins_over_random(Personality bot) {
  int wins = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const bool first = seed % 2 == 1;
    std::vector<Personality> players{bot, Personality::random};
    if (!first) std::swap(players[0], players[1]);
    auto r = fourex::testing::play_local(
        players, static_cast<std::uint64_t>(seed), kMaxTurns, kMapSize);
    const int me = first ? 0 : 1;
    const int winner =
        r.winner >= 0 ? r.winner : (r.scores[0] >= r.scores[1] ? 0 : 1);
    if (winner == me) ++wins;
  }
  return wins;
}

// What a personality did in one seat, summed over games against random.
struct Style {
  int cities = 0, libraries = 0, markets = 0, walls = 0, temples = 0;
  int explored_by_15 = 0;  // tiles it had seen by turn 15
  int wars = 0;            // declare_war and attack orders sent
  int declared = 0;        // declare_war orders sent
  int messages = 0;        // send_message orders sent
};

Style style_of(Personality p) {
  using namespace fourex::game;
  Style s;
  for (int seed = 1; seed <= kStyleSeeds; ++seed) {
    auto r = fourex::testing::play_local({p, Personality::random},
                                         static_cast<std::uint64_t>(seed),
                                         kMaxTurns, kMapSize);
    s.cities += summarize(r.state, 0).cities;
    for (const auto& c : r.state.cities)
      if (c.owner == 0) {
        s.libraries += c.has(Building::library);
        s.markets += c.has(Building::market);
        s.walls += c.has(Building::walls);
        s.temples += c.has(Building::temple);
      }
    s.wars += r.sent[0]["declare_war"] + r.sent[0]["attack"];
    s.declared += r.sent[0]["declare_war"];
    s.messages += r.sent[0]["send_message"];
    // Exploring shows early: by turn 60 every style has seen most of the map.
    auto early = fourex::testing::play_local({p, Personality::random},
                                             static_cast<std::uint64_t>(seed),
                                             15, kMapSize);
    for (auto seen : early.state.players[0].explored) s.explored_by_15 += seen;
  }
  return s;
}

}  // namespace

TEST_CASE("every personality bot beats random in at least 70% of 1v1 games",
          "[bots]") {
  for (auto p : fourex::agents::all_personalities()) {
    if (p == Personality::random) continue;
    const int wins = wins_over_random(p);
    INFO(fourex::agents::personality_name(p)
         << " won " << wins << " of " << kSeeds);
    CHECK(wins * 10 >= kSeeds * 7);
  }
}

TEST_CASE("bots only send submissions the rules accept", "[bots]") {
  // play_local validates every submission; four different styles at once.
  auto r = fourex::testing::play_local(
      {Personality::aggressive, Personality::diplomatic, Personality::explorer,
       Personality::random},
      7, 40, 24);
  CHECK(r.state.finished);
}

TEST_CASE("personalities play recognisably different games", "[bots]") {
  std::map<Personality, Style> styles;
  for (auto p : fourex::agents::all_personalities())
    if (p != Personality::random) styles[p] = style_of(p);
  // Each style's signature, on which it beats every other personality
  // (balanced, in between by design, has none).
  const std::vector<std::pair<Personality, int Style::*>> signatures{
      {Personality::aggressive, &Style::wars},
      {Personality::defensive, &Style::walls},
      {Personality::explorer, &Style::explored_by_15},
      {Personality::economic, &Style::markets},
      {Personality::expansionist, &Style::cities},
      {Personality::scientific, &Style::libraries},
      {Personality::diplomatic, &Style::messages}};
  for (const auto& [p, measure] : signatures)
    for (const auto& [other, style] : styles) {
      if (other == p) continue;
      INFO(fourex::agents::personality_name(p)
           << " " << styles[p].*measure << " vs "
           << fourex::agents::personality_name(other) << " " << style.*measure);
      CHECK(styles[p].*measure > style.*measure);
    }
  // The peaceful styles never start a war (they may fight back when the
  // random bot declares one on them).
  for (auto p : {Personality::defensive, Personality::explorer,
                 Personality::economic, Personality::expansionist,
                 Personality::scientific, Personality::diplomatic}) {
    INFO(fourex::agents::personality_name(p));
    CHECK(styles[p].declared == 0);
  }
}
