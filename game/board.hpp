// Who stands where: a per-tile index of unit owners and cities, and the
// tiles a unit can reach this turn.
#pragma once

#include <cstdint>
#include <vector>

#include "game/state.hpp"

namespace fourex::game {

class Board {
 public:
  explicit Board(const State& s);

  // -1 when no unit stands there (a tile holds one player's units at most).
  int unit_owner(int x, int y) const { return owner_[s_->index(x, y)]; }
  int unit_count(int x, int y) const { return count_[s_->index(x, y)]; }
  // City id on the tile, or 0.
  int city_id(int x, int y) const { return city_[s_->index(x, y)]; }

  void add_unit(const Unit& u);
  void remove_unit(const Unit& u);
  void set_city(int x, int y, int id) { city_[s_->index(x, y)] = id; }
  void rebind(const State& s) { s_ = &s; }

  // A unit of `owner` may stand on (x, y): passable, no foreign unit, no
  // foreign city.
  bool can_enter(int x, int y, PlayerId owner) const;

 private:
  const State* s_;
  std::vector<std::int16_t> owner_;
  std::vector<std::int16_t> count_;
  std::vector<int> city_;
};

struct Step {
  int x = 0;
  int y = 0;
  int cost = 0;  // movement points spent to get there
};

// Tiles the unit can reach this turn (not its own tile), in row-major order.
// Entering a tile costs its terrain's move cost; the first step is always
// allowed even when it costs more than the unit's moves.
std::vector<Step> reachable(const State& s, const Board& b, const Unit& u);

}  // namespace fourex::game
