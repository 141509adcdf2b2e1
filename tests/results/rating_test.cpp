// The rating library on its own: known values, ties, determinism, the
// Wilson interval. tests/ratings/cross_check.mjs compares it with npm
// openskill over many games.
#include "results/rating.hpp"

#include <catch2/catch.hpp>

using fourex::results::rate_game;
using fourex::results::Rating;
using fourex::results::RatingTable;
using fourex::results::wilson_interval;

TEST_CASE("a two-player game moves the winner up and the loser down",
          "[rating]") {
  auto after = rate_game({Rating{}, Rating{}}, {30, 10});
  // openskill 4.1.1: rate([[rating()],[rating()]]) with the defaults.
  CHECK(after[0].mu == Approx(27.63523138347365).epsilon(1e-12));
  CHECK(after[0].sigma == Approx(8.065506316323548).epsilon(1e-12));
  CHECK(after[1].mu == Approx(22.36476861652635).epsilon(1e-12));
  CHECK(after[1].sigma == Approx(8.065506316323548).epsilon(1e-12));
  CHECK(after[0].ordinal() == Approx(after[0].mu - 3 * after[0].sigma));
  CHECK(after[0].low() < after[0].mu);
  CHECK(after[0].high() > after[0].mu);
}

TEST_CASE("seats do not matter, ties share a place", "[rating]") {
  Rating strong{30, 5}, weak{20, 7};
  auto a = rate_game({strong, weak, Rating{}}, {5, 5, 9});
  auto b = rate_game({Rating{}, weak, strong}, {9, 5, 5});
  CHECK(a[0].mu == b[2].mu);
  CHECK(a[1].sigma == b[1].sigma);
  CHECK(a[2].mu == b[0].mu);
  CHECK(a[2].mu > 25);
  // Equal players who tie stay level with each other.
  auto tie = rate_game({Rating{}, Rating{}}, {3, 3});
  CHECK(tie[0].mu == tie[1].mu);
  CHECK(tie[0].sigma < Rating{}.sigma);
}

TEST_CASE("the same results in the same order give the same ratings",
          "[rating]") {
  auto run = [] {
    RatingTable table;
    table.add_game({{"a", 10}, {"b", 20}, {"c", 20}});
    table.add_game({{"c", 0}, {"a", 5}});
    table.add_game({{"b", 7}, {"d", 7}, {"a", 1}, {"c", 9}});
    return table.standings();
  };
  auto first = run(), second = run();
  REQUIRE(first.size() == 4);
  for (const auto& [name, s] : first) {
    CHECK(s.rating.mu == second.at(name).rating.mu);
    CHECK(s.rating.sigma == second.at(name).rating.sigma);
  }
  CHECK(first.at("a").games == 3);
  CHECK(first.at("c").wins == 2);  // tied first, then alone
  CHECK(first.at("b").wins == 1);
  CHECK(first.at("d").wins == 0);
}

TEST_CASE("bad games are refused without changing the table", "[rating]") {
  RatingTable table;
  CHECK_THROWS_AS(table.add_game({{"a", 1}}), std::invalid_argument);
  CHECK_THROWS_AS(table.add_game({{"a", 1}, {"a", 2}}), std::invalid_argument);
  CHECK(table.standings().empty());
  CHECK_THROWS_AS(rate_game({Rating{}}, {1, 2}), std::invalid_argument);
}

TEST_CASE("win rates carry a Wilson score interval", "[rating]") {
  auto half = wilson_interval(5, 10);
  CHECK(half.rate == 0.5);
  CHECK(half.low == Approx(0.2366).margin(1e-4));
  CHECK(half.high == Approx(0.7634).margin(1e-4));
  auto none = wilson_interval(0, 10);
  CHECK(none.low == 0);
  CHECK(none.high == Approx(0.2775).margin(1e-4));
  auto all = wilson_interval(10, 10);
  CHECK(all.low == Approx(0.7225).margin(1e-4));
  CHECK(all.high == 1);
  auto empty = wilson_interval(0, 0);
  CHECK(empty.low == 0);
  CHECK(empty.high == 1);
}
