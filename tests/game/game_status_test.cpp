// The game status's text is one table both ways, and settled_status is the
// rule for a game whose rules state has ended.
#include "game/game_status.hpp"

#include <catch2/catch.hpp>

using namespace fourex::game;

TEST_CASE("every game status reads back from its name", "[status]") {
  for (const GameStatus s : kGameStatuses)
    CHECK(status_from_name(status_name(s)) == s);
  CHECK(status_name(GameStatus::active) == "active");
  CHECK(status_name(GameStatus::paused) == "paused");
  CHECK(status_name(GameStatus::finished) == "finished");
  CHECK(status_name(GameStatus::archived) == "deleted");
  for (const char* other : {"", "Active", "archived", "finished ", "over"})
    CHECK_FALSE(status_from_name(other));
}

TEST_CASE("a finished rules state finishes a game unless it is deleted",
          "[status]") {
  CHECK(settled_status(GameStatus::active, true) == GameStatus::finished);
  CHECK(settled_status(GameStatus::paused, true) == GameStatus::finished);
  CHECK(settled_status(GameStatus::finished, true) == GameStatus::finished);
  CHECK(settled_status(GameStatus::archived, true) == GameStatus::archived);
  for (const GameStatus s : kGameStatuses) CHECK(settled_status(s, false) == s);
}
