#include "game/analysis.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <queue>

#include "game/rules_tables.hpp"

namespace fourex::game {

namespace {

bool in_map(const View& v, int x, int y) {
  return x >= 0 && y >= 0 && x < v.map.width && y < v.map.height;
}

// The view's map character of a tile: uppercase visible now, lowercase
// remembered, '?' unexplored.
char symbol_at(const View& v, int x, int y) {
  return v.map.rows[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)];
}

std::optional<Terrain> known_terrain(const View& v, int x, int y) {
  const char c = symbol_at(v, x, y);
  if (c == '?') return std::nullopt;
  return terrain_from_symbol(
      static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
}

// Row-major index of (x, y) on a map `w` tiles wide.
std::size_t tile_index(int x, int y, int w) {
  return static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
         static_cast<std::size_t>(x);
}

bool within(int x, int y, int cx, int cy, int r) {
  return distance(x, y, cx, cy) <= r;
}

}  // namespace

Territory territory(const View& v, int x, int y, int radius) {
  Territory t{x, y, radius, 0, 0, 0, {}, {}, {}, {}};
  std::map<std::string, int> counts;
  for (int ty = std::max(0, y - radius);
       ty <= std::min(v.map.height - 1, y + radius); ++ty)
    for (int tx = std::max(0, x - radius);
         tx <= std::min(v.map.width - 1, x + radius); ++tx) {
      const char c = symbol_at(v, tx, ty);
      if (c == '?') {
        ++t.unexplored;
        continue;
      }
      ++(std::isupper(static_cast<unsigned char>(c)) ? t.visible
                                                     : t.remembered);
      if (auto terrain = known_terrain(v, tx, ty))
        ++counts[std::string(info(*terrain).name)];
    }
  for (const auto& [name, n] : counts) t.terrain.push_back({name, n});
  for (const auto& r : v.map.resources)
    if (within(r.x, r.y, x, y, radius)) t.resources.push_back(r);
  for (const auto& c : v.cities)
    if (within(c.x, c.y, x, y, radius)) t.cities.push_back(c);
  for (const auto& u : v.units)
    if (within(u.x, u.y, x, y, radius)) t.units.push_back(u);
  return t;
}

std::vector<Threat> threats(const View& v, int within_tiles) {
  std::map<std::string, std::string> relation;
  for (const auto& p : v.players) relation[p.name] = p.relation;
  std::vector<Threat> out;
  for (const auto& foe : v.units) {
    if (foe.owner == v.you.name) continue;
    std::optional<Threat> best;
    auto consider = [&](const char* kind, int id, int x, int y) {
      const int d = distance(foe.x, foe.y, x, y);
      if (d <= within_tiles && (!best || d < best->distance))
        best = Threat{foe, relation[foe.owner], kind, id, d};
    };
    for (const auto& c : v.cities)
      if (c.owner == v.you.name) consider("city", c.id, c.x, c.y);
    for (const auto& u : v.units)
      if (u.owner == v.you.name) consider("unit", u.id, u.x, u.y);
    if (best) out.push_back(std::move(*best));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.distance < b.distance;
  });
  return out;
}

std::vector<ResourceSite> unclaimed_resources(const View& v, int x, int y,
                                              int limit) {
  std::vector<ResourceSite> out;
  for (const auto& r : v.map.resources) {
    const bool claimed =
        std::any_of(v.cities.begin(), v.cities.end(), [&](const auto& c) {
          return within(r.x, r.y, c.x, c.y, rules::kCityWorkRadius);
        });
    if (!claimed) out.push_back({r, distance(r.x, r.y, x, y)});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.distance < b.distance;
  });
  if (out.size() > static_cast<std::size_t>(std::max(0, limit)))
    out.resize(static_cast<std::size_t>(std::max(0, limit)));
  return out;
}

Path find_path(const View& v, int from_x, int from_y, int to_x, int to_y) {
  Path path;
  if (!in_map(v, from_x, from_y) || !in_map(v, to_x, to_y)) {
    path.reason = "a tile is outside the map";
    return path;
  }
  const int w = v.map.width;
  const auto n =
      static_cast<std::size_t>(w) * static_cast<std::size_t>(v.map.height);
  // Entering cost per tile; 0 = cannot enter.
  std::vector<int> cost(n, 0);
  for (int y = 0; y < v.map.height; ++y)
    for (int x = 0; x < w; ++x)
      if (auto t = known_terrain(v, x, y))
        cost[tile_index(x, y, w)] = info(*t).move_cost;
  for (const auto& u : v.units)
    if (u.owner != v.you.name) cost[tile_index(u.x, u.y, w)] = 0;
  for (const auto& c : v.cities)
    if (c.owner != v.you.name) cost[tile_index(c.x, c.y, w)] = 0;
  const auto start = tile_index(from_x, from_y, w);
  const auto goal = tile_index(to_x, to_y, w);
  if (cost[goal] == 0) {
    path.reason =
        "the goal is not known passable land, or something foreign stands "
        "there";
    return path;
  }
  constexpr int kUnreached = -1;
  std::vector<int> best(n, kUnreached);
  std::vector<std::size_t> came(n, n);
  using Entry = std::pair<int, std::size_t>;  // cost, tile (ties: row-major)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
  best[start] = 0;
  open.push({0, start});
  while (!open.empty()) {
    auto [d, k] = open.top();
    open.pop();
    if (d != best[k]) continue;
    if (k == goal) break;
    const int kx = static_cast<int>(k) % w, ky = static_cast<int>(k) / w;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int nx = kx + dx, ny = ky + dy;
        if ((dx == 0 && dy == 0) || !in_map(v, nx, ny)) continue;
        const auto m = tile_index(nx, ny, w);
        if (cost[m] == 0) continue;
        const int nd = d + cost[m];
        if (best[m] == kUnreached || nd < best[m]) {
          best[m] = nd;
          came[m] = k;
          open.push({nd, m});
        }
      }
  }
  if (best[goal] == kUnreached) {
    path.reason = "no path over explored land";
    return path;
  }
  path.found = true;
  path.cost = best[goal];
  for (auto k = goal; k != n; k = came[k])
    path.tiles.emplace_back(static_cast<int>(k) % w, static_cast<int>(k) / w);
  std::reverse(path.tiles.begin(), path.tiles.end());
  return path;
}

}  // namespace fourex::game
