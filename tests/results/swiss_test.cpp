// Swiss rounds on their own: ranking by rating with ties in the
// tournament's order, no repeated meeting while one can be avoided (also
// when the greedy choice would leave one), byes, multiplayer tables,
// numbering, and determinism.
#include "results/swiss.hpp"

#include <set>

#include <catch2/catch.hpp>

using namespace fourex::results;
using Tables = std::vector<std::vector<std::string>>;

namespace {

SwissRound round_of(std::vector<std::string> entrants, int seats = 2) {
  SwissRound r;
  r.entrants = std::move(entrants);
  r.seats = seats;
  r.maps = {{8, 8}};
  r.seed = 10;
  return r;
}

// A rating whose ordinal is `ordinal`.
Rating rated(double ordinal) { return {ordinal + 3.0, 1.0}; }

// One table per pairing, seats as the first game of the table has them.
Tables tables_of(const std::vector<ScheduledGame>& games) {
  Tables out;
  int pairing = 0;
  for (const auto& g : games)
    if (g.pairing != pairing) {
      pairing = g.pairing;
      out.push_back(g.seats);
    }
  return out;
}

std::set<std::set<std::string>> as_sets(const Tables& tables) {
  std::set<std::set<std::string>> out;
  for (const auto& t : tables) out.insert({t.begin(), t.end()});
  return out;
}

}  // namespace

TEST_CASE("swiss: the first round pairs in the tournament's order", "[swiss]") {
  auto r = round_of({"a", "b", "c", "d"});
  r.games_per_pairing = 2;
  const auto games = swiss_round(r);
  REQUIRE(games.size() == 4);
  CHECK(swiss_round_games(4, 2, 2) == 4);
  CHECK(tables_of(games) == Tables{{"a", "b"}, {"c", "d"}});
  // The second game of a table swaps the seats; seeds and numbers go on.
  CHECK(games[1].seats == std::vector<std::string>{"b", "a"});
  for (std::size_t i = 0; i < games.size(); ++i) {
    CHECK(games[i].game_no == static_cast<int>(i) + 1);
    CHECK(games[i].seed == 10 + i);
    CHECK(games[i].round == 1);
  }
}

TEST_CASE("swiss: later rounds group by rating and avoid repeats", "[swiss]") {
  auto r = round_of({"a", "b", "c", "d"});
  r.round = 2;
  r.first_game_no = 3;
  r.first_pairing = 3;
  r.earlier = {{{"a", "b"}, {"c", "d"}}};
  // a and c won: they meet; the losers meet.
  r.ratings = {
      {"a", rated(5)}, {"c", rated(4)}, {"b", rated(-1)}, {"d", rated(-2)}};
  auto games = swiss_round(r);
  REQUIRE(games.size() == 2);
  CHECK(games[0].game_no == 3);
  CHECK(games[0].pairing == 3);
  CHECK(games[0].seed == 12);
  CHECK(games[0].round == 2);
  // Round 2 rotates the seats once: the lower ranked opens.
  CHECK(tables_of(games) == Tables{{"c", "a"}, {"d", "b"}});

  // Equal ratings rank in the tournament's order; the top pair met in
  // round 1, so the leader meets the third.
  r.ratings.clear();
  CHECK(as_sets(tables_of(swiss_round(r))) ==
        as_sets({{"a", "c"}, {"b", "d"}}));
  // Deterministic: the same input, the same round.
  CHECK(tables_of(swiss_round(r)) == tables_of(swiss_round(r)));
}

TEST_CASE("swiss: backtracking avoids a repeat the greedy choice forces",
          "[swiss]") {
  // Ranked a b c d e f. a met b; c met f and e... Greedy: a-c, b-d, e-f
  // (met) -> the search must find a round without repeats instead.
  auto r = round_of({"a", "b", "c", "d", "e", "f"});
  r.round = 3;
  r.earlier = {{{"a", "b"}, {"c", "d"}, {"e", "f"}},
               {{"a", "d"}, {"b", "e"}, {"c", "f"}}};
  const auto tables = tables_of(swiss_round(r));
  REQUIRE(tables.size() == 3);
  const std::set<std::set<std::string>> met{{"a", "b"}, {"c", "d"}, {"e", "f"},
                                            {"a", "d"}, {"b", "e"}, {"c", "f"}};
  for (const auto& t : as_sets(tables)) CHECK(met.count(t) == 0);
  CHECK(as_sets(tables) == as_sets({{"a", "c"}, {"b", "f"}, {"d", "e"}}));

  // Everyone met everyone: the fewest repeats, still a full round.
  auto all_met = round_of({"a", "b", "c"}, 3);
  all_met.round = 2;
  all_met.earlier = {{{"a", "b", "c"}}};
  CHECK(as_sets(tables_of(swiss_round(all_met))) == as_sets({{"a", "b", "c"}}));
}

TEST_CASE("swiss: byes and multiplayer tables", "[swiss]") {
  // 5 entrants in pairs: the lowest ranked sits out, then the next one up
  // who has not had a bye yet.
  auto r = round_of({"a", "b", "c", "d", "e"});
  auto first = tables_of(swiss_round(r));
  CHECK(first == Tables{{"a", "b"}, {"c", "d"}});
  r.round = 2;
  r.earlier = {first};
  auto second = tables_of(swiss_round(r));
  REQUIRE(second.size() == 2);
  std::set<std::string> seated;
  for (const auto& t : second) seated.insert(t.begin(), t.end());
  CHECK(seated.count("e") == 1);
  CHECK(seated.count("d") == 0);

  // 7 entrants at tables of 3: two of 3 and a bye; 8: 3, 3 and 2.
  CHECK(swiss_round_games(7, 3, 1) == 2);
  CHECK(swiss_round_games(8, 3, 2) == 6);
  auto three = round_of({"a", "b", "c", "d", "e", "f", "g", "h"}, 3);
  three.ratings = {{"h", rated(9)}};
  auto tables = tables_of(swiss_round(three));
  CHECK(tables == Tables{{"h", "a", "b"}, {"c", "d", "e"}, {"f", "g"}});

  CHECK_THROWS_AS(swiss_round(round_of({"a"}, 2)), std::invalid_argument);
  auto unknown = round_of({"a", "b"});
  unknown.earlier = {{{"a", "z"}}};
  CHECK_THROWS_AS(swiss_round(unknown), std::invalid_argument);
}
