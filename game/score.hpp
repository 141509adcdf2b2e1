// Score and per-player summaries (info pages, end of game).
#pragma once

#include "game/state.hpp"

namespace fourex::game {

struct PlayerSummary {
  int cities = 0;
  int units = 0;
  int techs = 0;
  int score = 0;
  bool alive = false;
  int population = 0;
  int buildings = 0;
  int gold = 0;
};

// 10 per city, 3 per population, 5 per tech, 2 per building, +3 per temple.
int score(const State& s, PlayerId p);
PlayerSummary summarize(const State& s, PlayerId p);

// Yields of a city this turn: its center plus its best `population` tiles.
Yield city_yield(const State& s, const City& c);

}  // namespace fourex::game
