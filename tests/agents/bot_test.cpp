// Each personality bot beats the random baseline in at least 70% of 1v1
// games over 20 seeds, played in-process from the server's view JSON.
#include <catch2/catch.hpp>

#include "tests/agents/local_game.hpp"

using fourex::agents::Personality;

namespace {

constexpr int kSeeds = 20;
constexpr int kMaxTurns = 60;
constexpr int kMapSize = 20;

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
  auto expansionist = fourex::testing::play_local(
      {Personality::expansionist, Personality::random}, 3, 60, 24);
  auto defensive = fourex::testing::play_local(
      {Personality::defensive, Personality::random}, 3, 60, 24);
  auto cities = [](const fourex::game::State& s) {
    return fourex::game::summarize(s, 0).cities;
  };
  CHECK(cities(expansionist.state) > cities(defensive.state));
}
