// Reachability is a tiny shortest-path search on the (2 * moves + 1)^2
// window around the unit.
#include "game/board.hpp"

#include <array>

namespace fourex::game {

Board::Board(const State& s)
    : s_(&s),
      owner_(s.tiles.size(), -1),
      count_(s.tiles.size(), 0),
      city_(s.tiles.size(), 0) {
  for (const auto& u : s.units) add_unit(u);
  for (const auto& c : s.cities) city_[s.index(c.x, c.y)] = c.id;
}

void Board::add_unit(const Unit& u) {
  const int i = s_->index(u.x, u.y);
  owner_[i] = static_cast<std::int16_t>(u.owner);
  ++count_[i];
}

void Board::remove_unit(const Unit& u) {
  const int i = s_->index(u.x, u.y);
  if (--count_[i] <= 0) {
    count_[i] = 0;
    owner_[i] = -1;
  }
}

bool Board::can_enter(int x, int y, PlayerId owner) const {
  if (!s_->in_map(x, y)) return false;
  const int i = s_->index(x, y);
  if (info(s_->tiles[i].terrain).move_cost == 0) return false;
  if (owner_[i] >= 0 && owner_[i] != owner) return false;
  if (city_[i] != 0) {
    const City* c = s_->find_city(city_[i]);
    if (c && c->owner != owner) return false;
  }
  return true;
}

std::vector<Step> reachable(const State& s, const Board& b, const Unit& u) {
  const int moves = info(u.type).moves;
  const int r = moves;
  const int side = 2 * r + 1;
  constexpr int kMaxSide = 2 * 8 + 1;
  constexpr int kUnreached = 1 << 20;
  std::array<int, kMaxSide * kMaxSide> dist;
  dist.fill(kUnreached);
  auto cell = [&](int x, int y) {
    return (y - u.y + r) * side + (x - u.x + r);
  };
  dist[cell(u.x, u.y)] = 0;
  // Dial's algorithm: every step costs at least 1, so when distance d comes
  // up, every cell at d is final. Cells at `moves` or more go no further.
  for (int d = 0; d < moves; ++d)
    for (int k = 0; k < side * side; ++k) {
      if (dist[k] != d) continue;
      const int bx = u.x - r + k % side, by = u.y - r + k / side;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = bx + dx, ny = by + dy;
          if ((dx == 0 && dy == 0) || distance(nx, ny, u.x, u.y) > r) continue;
          if (!b.can_enter(nx, ny, u.owner)) continue;
          int nd = d + info(s.tile(nx, ny).terrain).move_cost;
          if (nd > moves) {
            if (d != 0) continue;
            nd = moves;  // first step: always allowed, ends the move
          }
          const int n = cell(nx, ny);
          if (nd < dist[n]) dist[n] = nd;
        }
    }
  std::vector<Step> out;
  for (int k = 0; k < side * side; ++k) {
    if (dist[k] > moves) continue;
    const int x = u.x - r + k % side, y = u.y - r + k / side;
    if (x == u.x && y == u.y) continue;
    out.push_back({x, y, dist[k]});
  }
  return out;
}

}  // namespace fourex::game
