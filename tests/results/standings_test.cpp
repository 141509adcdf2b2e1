// A tournament's schedule and standings on their own: the round robin's
// pairings, seat rotation, seeds and maps; standings' ratings, head-to-head,
// per-entrant rates and the CSV.
#include "results/standings.hpp"

#include <set>

#include <catch2/catch.hpp>

#include "results/schedule.hpp"

using namespace fourex::results;

TEST_CASE("round robin: every pairing, rotated seats, seeds and maps in turn",
          "[standings]") {
  const std::vector<std::string> four{"a", "b", "c", "d"};
  auto games = round_robin(four, 2, 2, {{8, 8}, {10, 12}}, 100);
  REQUIRE(games.size() == 12);
  CHECK(round_robin_size(4, 2, 2, 1000) == 12);
  std::set<std::set<std::string>> pairings;
  for (std::size_t i = 0; i < games.size(); ++i) {
    const auto& g = games[i];
    CHECK(g.game_no == static_cast<int>(i) + 1);
    CHECK(g.pairing == static_cast<int>(i) / 2 + 1);
    CHECK(g.seed == 100 + i);
    CHECK(g.width == (i % 2 == 0 ? 8 : 10));
    pairings.insert({g.seats.begin(), g.seats.end()});
  }
  CHECK(pairings.size() == 6);
  // The second game of a pairing swaps the seats.
  CHECK(games[0].seats == std::vector<std::string>{"a", "b"});
  CHECK(games[1].seats == std::vector<std::string>{"b", "a"});
  // Three seats of four entrants: C(4, 3) tables, each seat opening once.
  auto three = round_robin(four, 3, 3, {{16, 16}}, 1);
  REQUIRE(three.size() == 12);
  CHECK(three[0].seats == std::vector<std::string>{"a", "b", "c"});
  CHECK(three[1].seats == std::vector<std::string>{"b", "c", "a"});
  CHECK(three[2].seats == std::vector<std::string>{"c", "a", "b"});
  CHECK(round_robin_size(64, 16, 1000, 1000) == 1001);
  CHECK_THROWS_AS(round_robin(four, 5, 1, {{8, 8}}, 1), std::invalid_argument);
}

TEST_CASE("standings: ratings in game order, head-to-head, rates",
          "[standings]") {
  const std::vector<std::string> entrants{"a", "b", "c"};
  std::vector<FinishedGame> games{
      {1, "t-1", 10, {{"a", 30, 8, 2}, {"b", 10, 10, 0}}},
      {2, "t-2", 10, {{"b", 20, 5, 5}, {"c", 20, 9, 1}}},
      {3, "t-3", 5, {{"c", 5, 4, 0}, {"a", 7, 6, 0}}},
  };
  Usage llm;
  llm.llm_calls = 10;
  llm.fallbacks = 1;
  llm.prompt_tokens = 1500;
  llm.completion_tokens = 300;
  llm.latency_ms_p50 = 800;
  llm.latency_ms_p95 = 2000;
  llm.cost = 0.5;
  auto s = compute_standings(entrants, games, {{"b", llm}});
  CHECK(s.finished_games == 3);

  RatingTable table;
  table.add_game({{"a", 30}, {"b", 10}});
  table.add_game({{"b", 20}, {"c", 20}});
  table.add_game({{"c", 5}, {"a", 7}});
  REQUIRE(s.leaderboard.size() == 3);
  CHECK(s.leaderboard[0].entrant == "a");  // two wins: the best ordinal
  for (const auto& row : s.leaderboard) {
    const auto& expected = table.standings().at(row.entrant);
    CHECK(row.standing.rating.mu == expected.rating.mu);
    CHECK(row.standing.rating.sigma == expected.rating.sigma);
    CHECK(row.standing.wins == expected.wins);
  }
  const auto& b = *std::find_if(s.leaderboard.begin(), s.leaderboard.end(),
                                [](const auto& r) { return r.entrant == "b"; });
  CHECK(b.standing.games == 2);
  CHECK(b.standing.wins == 1);  // the tie with c places both first
  CHECK(b.mean_score == 15);
  CHECK(b.turns == 20);
  CHECK(b.refused_rate == Approx(5.0 / 20));
  CHECK(b.fallback_rate == Approx(0.1));
  CHECK(b.prompt_tokens_per_turn == Approx(75));
  CHECK(b.completion_tokens_per_turn == Approx(15));
  CHECK(b.latency_ms_p95 == 2000);
  CHECK(b.cost_per_game == Approx(0.25));

  const auto& ab = s.head_to_head.at({"a", "b"});
  CHECK(ab.games == 1);
  CHECK(ab.first_ahead == 1);
  const auto& bc = s.head_to_head.at({"b", "c"});
  CHECK(bc.ties == 1);
  const auto& ac = s.head_to_head.at({"a", "c"});
  CHECK(ac.first_ahead == 1);

  // Deterministic: the same games give the same JSON, byte for byte.
  CHECK(standings_json(s) ==
        standings_json(compute_standings(entrants, games, {{"b", llm}})));
  const auto csv = leaderboard_csv(s);
  CHECK(csv.rfind("rank,entrant,mu,", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);
  CHECK(csv.find("\r\n1,a,") != std::string::npos);

  CHECK_THROWS_AS(
      compute_standings(entrants, {{1, "x", 1, {{"a", 1}, {"z", 2}}}}, {}),
      std::invalid_argument);
}

TEST_CASE("an entrant without a finished game has the default rating",
          "[standings]") {
  auto s = compute_standings({"a", "b"}, {}, {});
  REQUIRE(s.leaderboard.size() == 2);
  CHECK(s.leaderboard[0].entrant == "a");
  CHECK(s.leaderboard[0].standing.rating.mu == 25);
  CHECK(s.leaderboard[0].standing.games == 0);
  CHECK(s.leaderboard[0].mean_score == 0);
}
