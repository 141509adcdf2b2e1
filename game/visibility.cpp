// Vision is a square (Chebyshev radius) around each unit and city.
#include "game/visibility.hpp"

namespace fourex::game {

namespace {
void mark(const State& s, std::vector<std::uint8_t>& out, int cx, int cy,
          int r) {
  const int x0 = std::max(0, cx - r), x1 = std::min(s.width - 1, cx + r);
  const int y0 = std::max(0, cy - r), y1 = std::min(s.height - 1, cy + r);
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) out[s.index(x, y)] = 1;
}
}  // namespace

std::vector<std::uint8_t> visible_tiles(const State& s, PlayerId p) {
  std::vector<std::uint8_t> out(s.tiles.size(), 0);
  for (const auto& u : s.units)
    if (u.owner == p) mark(s, out, u.x, u.y, info(u.type).vision);
  for (const auto& c : s.cities)
    if (c.owner == p) mark(s, out, c.x, c.y, rules::kCityVision);
  return out;
}

void update_explored(State& s) {
  for (const auto& u : s.units) {
    auto& pl = s.players[u.owner];
    if (pl.alive) mark(s, pl.explored, u.x, u.y, info(u.type).vision);
  }
  for (const auto& c : s.cities) {
    auto& pl = s.players[c.owner];
    if (pl.alive) mark(s, pl.explored, c.x, c.y, rules::kCityVision);
  }
}

}  // namespace fourex::game
