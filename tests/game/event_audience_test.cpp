// events_seen_by: a player's share of a turn's events is what it was party
// to; no name gets the public events only.
#include <catch2/catch.hpp>

#include "game/game.hpp"

using namespace fourex::game;

TEST_CASE("events_seen_by keeps the events a player was party to") {
  const EventUnit alice_warrior{1, "Alice", "warrior", 40, 2, 2};
  const EventUnit bob_archer{2, "Bob", "archer", 50, 3, 2};
  const EventUnit bob_scout{3, "Bob", "scout", 0, 20, 20};
  const Events turn{
      OrderOutcome{"Alice", 0, "move_unit", true, "", ""},
      OrderOutcome{"Bob", 0, "move_unit", true, "", ""},
      MessageSent{"Bob", "Carol", 40},
      MessageSent{"Bob", "Alice", 12},
      MessageSent{"Carol", "all", 3},
      WarDeclared{{"Bob", "Carol"}},
      PeaceProposed{{"Carol", "Alice"}},
      Combat{bob_archer, alice_warrior, 10, 0},
      UnitRemoved{bob_scout, "killed"},
      CityFounded{{7, "Bobtown", "Bob"}, 20, 21},
      TechResearched{"Alice", "writing"},
      PlayerEliminated{"Carol"},
      GameOver{"max_turns", "Alice", {{"Alice", 3}, {"Bob", 2}}},
  };
  const Events alice{turn[0], turn[3],  turn[4],  turn[6],
                     turn[7], turn[10], turn[11], turn[12]};
  CHECK(events_seen_by(turn, "Alice") == alice);
  CHECK(events_seen_by(turn, "") == Events{turn[11], turn[12]});
  CHECK(events_seen_by(turn, "Dave") == Events{turn[4], turn[11], turn[12]});
}
