// Score and city yields (the tiles a city works are chosen by a fixed
// ranking, so no order of the agent is needed for them).
#include "game/score.hpp"

#include <algorithm>
#include <array>
#include <bit>

namespace fourex::game {

namespace {
Yield tile_yield(const Tile& t) {
  const Yield a = info(t.terrain).yield, b = info(t.resource).bonus;
  return {a.food + b.food, a.production + b.production, a.science + b.science,
          a.gold + b.gold};
}
}  // namespace

Yield city_yield(const State& s, const City& c) {
  constexpr int r = rules::kCityWorkRadius;
  std::array<std::pair<int, Yield>, (2 * r + 1) * (2 * r + 1)> ranked;
  int n = 0;
  for (int y = c.y - r; y <= c.y + r; ++y)
    for (int x = c.x - r; x <= c.x + r; ++x) {
      if (!s.in_map(x, y) || (x == c.x && y == c.y)) continue;
      const Yield t = tile_yield(s.tile(x, y));
      ranked[n++] = {3 * t.food + 2 * t.production + t.science + t.gold, t};
    }
  // Stable: ties keep row-major order.
  std::stable_sort(
      ranked.begin(), ranked.begin() + n,
      [](const auto& a, const auto& b) { return a.first > b.first; });
  Yield out = tile_yield(s.tile(c.x, c.y));
  out.food = std::max(out.food, rules::kCityCenterMinFood);
  out.production += rules::kCityCenterBonusProduction;
  out.science += rules::kCityCenterBonusScience;
  for (int k = 0; k < std::min(n, c.population); ++k) {
    const Yield& t = ranked[k].second;
    out.food += t.food;
    out.production += t.production;
    out.science += t.science;
    out.gold += t.gold;
  }
  out.science += c.population / 2;
  if (c.has(Building::library))
    out.science += out.science * rules::kLibraryPercent / 100;
  if (c.has(Building::market))
    out.gold += out.gold * rules::kMarketPercent / 100;
  return out;
}

PlayerSummary summarize(const State& s, PlayerId p) {
  PlayerSummary out;
  if (p < 0 || static_cast<std::size_t>(p) >= s.players.size()) return out;
  const auto& pl = s.players[p];
  out.alive = pl.alive;
  out.gold = pl.gold;
  out.techs = std::popcount(pl.techs);
  int temples = 0;
  for (const auto& c : s.cities) {
    if (c.owner != p) continue;
    ++out.cities;
    out.population += c.population;
    out.buildings += std::popcount(c.buildings);
    temples += c.has(Building::temple) ? 1 : 0;
  }
  for (const auto& u : s.units) out.units += u.owner == p ? 1 : 0;
  out.score = rules::kScorePerCity * out.cities +
              rules::kScorePerPop * out.population +
              rules::kScorePerTech * out.techs +
              rules::kScorePerBuilding * out.buildings +
              rules::kScorePerTemple * temples;
  return out;
}

int score(const State& s, PlayerId p) { return summarize(s, p).score; }

}  // namespace fourex::game
