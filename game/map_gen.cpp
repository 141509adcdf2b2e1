// Map generation: two layers of integer value noise (elevation, moisture)
// cut at percentiles into the 8 terrains; resources by hash; starts by
// farthest-point sampling over good land, then topped up with resources so
// no start is much poorer than the best one.
#include "game/map_gen.hpp"

#include <algorithm>

#include "game/rng.hpp"
#include "game/visibility.hpp"

namespace fourex::game {

namespace {

// Value noise in [0, 1024): corners hashed, bilinear integer interpolation.
int noise(std::uint64_t seed, std::uint64_t salt, int x, int y, int cell) {
  const int gx = x / cell, gy = y / cell;
  const int fx = x % cell, fy = y % cell;
  auto corner = [&](int cx, int cy) {
    return static_cast<int>(mix(seed, salt, static_cast<std::uint64_t>(cx),
                                static_cast<std::uint64_t>(cy)) %
                            1024);
  };
  const int a = corner(gx, gy), b = corner(gx + 1, gy);
  const int c = corner(gx, gy + 1), d = corner(gx + 1, gy + 1);
  const int top = a * (cell - fx) + b * fx;
  const int bottom = c * (cell - fx) + d * fx;
  return (top * (cell - fy) + bottom * fy) / (cell * cell);
}

int layered(std::uint64_t seed, std::uint64_t salt, int x, int y, int size) {
  const int big = std::max(4, size / 5);
  const int small = std::max(2, big / 2);
  return 2 * noise(seed, salt, x, y, big) + noise(seed, salt + 1, x, y, small);
}

// The value below which `percent` of `values` lie.
int percentile(std::vector<int> values, int percent) {
  if (values.empty()) return 0;
  auto k = values.size() * static_cast<std::size_t>(percent) / 100;
  if (k >= values.size()) k = values.size() - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<long>(k),
                   values.end());
  return values[k];
}

bool is_land(Terrain t) { return info(t).move_cost > 0; }

int tile_value(const Tile& t) {
  const Yield a = info(t.terrain).yield, b = info(t.resource).bonus;
  return 3 * (a.food + b.food) + 2 * (a.production + b.production) + a.science +
         b.science + a.gold + b.gold;
}

void generate_terrain(State& s) {
  const int w = s.width, h = s.height, size = std::max(w, h);
  std::vector<int> elevation(s.tiles.size()), moisture(s.tiles.size());
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      int e = layered(s.seed, 10, x, y, size);
      // Lower the rim so land tends to sit in the middle.
      const int edge = std::min(std::min(x, w - 1 - x), std::min(y, h - 1 - y));
      if (edge < 2) e -= (2 - edge) * 300;
      elevation[s.index(x, y)] = e;
      moisture[s.index(x, y)] = layered(s.seed, 20, x, y, size);
    }
  const int sea = percentile(elevation, 35);
  const int hills = percentile(elevation, 84);
  const int mountains = percentile(elevation, 94);
  std::vector<int> land_moisture;
  for (std::size_t i = 0; i < s.tiles.size(); ++i)
    if (elevation[i] >= sea) land_moisture.push_back(moisture[i]);
  const int dry = percentile(land_moisture, 12);
  const int plains = percentile(land_moisture, 45);
  const int wet = percentile(land_moisture, 75);
  for (std::size_t i = 0; i < s.tiles.size(); ++i) {
    const int e = elevation[i], m = moisture[i];
    Terrain t;
    if (e < sea)
      t = Terrain::ocean;
    else if (e >= mountains)
      t = Terrain::mountains;
    else if (e >= hills)
      t = Terrain::hills;
    else if (m < dry)
      t = Terrain::desert;
    else if (m < plains)
      t = Terrain::plains;
    else if (m < wet)
      t = Terrain::grassland;
    else
      t = Terrain::forest;
    s.tiles[i].terrain = t;
  }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      if (s.tile(x, y).terrain != Terrain::ocean) continue;
      bool near_land = false;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
          if (s.in_map(x + dx, y + dy) &&
              is_land(s.tile(x + dx, y + dy).terrain))
            near_land = true;
      if (near_land) s.tiles[s.index(x, y)].terrain = Terrain::coast;
    }
  for (std::size_t i = 0; i < s.tiles.size(); ++i) {
    const std::uint64_t r = mix(s.seed, 30, i);
    if (r % 100 >= 10) continue;
    const auto terrain_bit = 1u << static_cast<int>(s.tiles[i].terrain);
    std::vector<Resource> allowed;
    for (int k = 1; k < kResourceCount; ++k)
      if (kResources[k].terrains & terrain_bit)
        allowed.push_back(static_cast<Resource>(k));
    if (!allowed.empty())
      s.tiles[i].resource = allowed[(r / 100) % allowed.size()];
  }
}

std::vector<int> choose_starts(State& s, int count) {
  std::vector<int> candidates;
  for (std::size_t i = 0; i < s.tiles.size(); ++i) {
    const auto t = s.tiles[i].terrain;
    if (t == Terrain::grassland || t == Terrain::plains)
      candidates.push_back(static_cast<int>(i));
  }
  if (static_cast<int>(candidates.size()) < count * 2) {
    candidates.clear();
    for (std::size_t i = 0; i < s.tiles.size(); ++i)
      if (is_land(s.tiles[i].terrain))
        candidates.push_back(static_cast<int>(i));
  }
  if (static_cast<int>(candidates.size()) < count) {
    candidates.clear();
    for (std::size_t i = 0; i < s.tiles.size(); ++i)
      candidates.push_back(static_cast<int>(i));
  }
  std::vector<int> value(candidates.size());
  for (std::size_t k = 0; k < candidates.size(); ++k)
    value[k] = start_value(s, candidates[k] % s.width, candidates[k] / s.width);
  // Keep the better half as candidates (at least `count`).
  std::vector<std::size_t> order(candidates.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(
      order.begin(), order.end(),
      [&](std::size_t a, std::size_t b) { return value[a] > value[b]; });
  order.resize(std::max<std::size_t>(count, order.size() / 2));
  std::vector<int> starts;
  std::vector<int> min_dist(order.size(), 1 << 20);
  const std::uint64_t first =
      mix(s.seed, 40) % std::min<std::size_t>(order.size(), 8);
  std::size_t pick = first;
  for (int n = 0; n < count; ++n) {
    const int t = candidates[order[pick]];
    starts.push_back(t);
    for (std::size_t k = 0; k < order.size(); ++k) {
      const int c = candidates[order[k]];
      min_dist[k] = std::min(min_dist[k], distance(c % s.width, c / s.width,
                                                   t % s.width, t / s.width));
    }
    pick = 0;
    for (std::size_t k = 1; k < order.size(); ++k)
      if (min_dist[k] > min_dist[pick]) pick = k;  // ties: better value
  }
  for (int t : starts) {
    auto& tile = s.tiles[t];
    if (!is_land(tile.terrain) || tile.terrain == Terrain::mountains ||
        tile.terrain == Terrain::hills)
      tile.terrain = Terrain::plains;
    tile.resource = Resource::none;
  }
  // Fairness: top up poorer starts with wheat/deer near them.
  int best = 0;
  for (int t : starts)
    best = std::max(best, start_value(s, t % s.width, t / s.width));
  for (std::size_t n = 0; n < starts.size(); ++n) {
    const int cx = starts[n] % s.width, cy = starts[n] / s.width;
    for (int added = 0, k = 0; added < 4 && k < 25; ++k) {
      if (start_value(s, cx, cy) * 100 >= best * 90) break;
      const int x = cx - 2 + static_cast<int>(mix(s.seed, 50, n, k) % 5);
      const int y = cy - 2 + static_cast<int>(mix(s.seed, 51, n, k) % 5);
      if (!s.in_map(x, y) || (x == cx && y == cy)) continue;
      auto& tile = s.tiles[s.index(x, y)];
      if (tile.resource != Resource::none) continue;
      if (tile.terrain == Terrain::grassland || tile.terrain == Terrain::plains)
        tile.resource = Resource::wheat;
      else if (tile.terrain == Terrain::forest)
        tile.resource = Resource::deer;
      else if (!is_land(tile.terrain))
        tile.resource = Resource::fish;
      else
        continue;
      ++added;
    }
  }
  return starts;
}

}  // namespace

int start_value(const State& s, int cx, int cy) {
  int v = 0;
  for (int y = cy - 2; y <= cy + 2; ++y)
    for (int x = cx - 2; x <= cx + 2; ++x)
      if (s.in_map(x, y)) v += tile_value(s.tile(x, y));
  return v;
}

State new_game(const GameConfig& config) {
  check_config(config);
  State s;
  s.max_turns = config.max_turns;
  s.seed = config.seed;
  s.width = config.width;
  s.height = config.height;
  s.tiles.resize(static_cast<std::size_t>(s.width) * s.height);
  generate_terrain(s);
  const int n = static_cast<int>(config.players.size());
  for (const auto& setup : config.players) {
    Player p;
    p.name = setup.name;
    p.personality = setup.personality;
    p.explored.assign(s.tiles.size(), 0);
    s.players.push_back(std::move(p));
  }
  s.war.assign(static_cast<std::size_t>(n) * n, 0);
  const auto starts = choose_starts(s, n);
  for (int p = 0; p < n; ++p) {
    const int x = starts[p] % s.width, y = starts[p] / s.width;
    for (UnitType t : {UnitType::settler, UnitType::warrior, UnitType::scout}) {
      Unit u;
      u.id = s.next_unit_id++;
      u.owner = p;
      u.type = t;
      u.x = x;
      u.y = y;
      s.units.push_back(u);
    }
  }
  update_explored(s);
  return s;
}

}  // namespace fourex::game
