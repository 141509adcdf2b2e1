// Analyses of one player's view for agents (the MCP tools): territory around
// a tile, threats near the player's cities and units, the nearest unclaimed
// resources, paths between tiles. Each reads a View and nothing else, so no
// answer can hold what the player's fog of war hides.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "game/view.hpp"

namespace fourex::game {

struct TerrainCount {
  std::string terrain;
  int tiles = 0;
  bool operator==(const TerrainCount&) const = default;
};

// The square of `radius` (Chebyshev) around (x, y), clipped to the map.
struct Territory {
  int x = 0, y = 0, radius = 0;
  int visible = 0, remembered = 0, unexplored = 0;  // tiles
  std::vector<TerrainCount> terrain;                // known tiles, by name
  std::vector<ViewResource> resources;
  std::vector<ViewCity> cities;  // as the view shows them
  std::vector<ViewUnit> units;
  bool operator==(const Territory&) const = default;
};
Territory territory(const View& v, int x, int y, int radius);

// A foreign unit within reach of something of the player's.
struct Threat {
  ViewUnit unit;
  std::string relation;      // the owner's: "war" or "peace"
  std::string nearest_kind;  // "city" or "unit"
  int nearest_id = 0;
  int distance = 0;  // Chebyshev, to the nearest city or unit of the player's
  bool operator==(const Threat&) const = default;
};
// Every foreign unit seen now within `within` tiles of one of the player's
// cities or units, nearest first.
std::vector<Threat> threats(const View& v, int within);

struct ResourceSite {
  ViewResource resource;
  int distance = 0;  // from the asked tile
  bool operator==(const ResourceSite&) const = default;
};
// Resources on explored tiles that no city the player knows of can work
// (farther than the work radius from each), nearest to (x, y) first.
std::vector<ResourceSite> unclaimed_resources(const View& v, int x, int y,
                                              int limit);

struct Path {
  bool found = false;
  int cost = 0;  // movement points: the sum of the entered tiles' move costs
  std::vector<std::pair<int, int>> tiles;  // from the start to the goal
  std::string reason;                      // why not, when !found
  bool operator==(const Path&) const = default;
};
// The cheapest land path over explored tiles (8 neighbours; entering a tile
// costs its terrain's move cost), around foreign units and cities the
// player sees; unexplored tiles are not crossed.
Path find_path(const View& v, int from_x, int from_y, int to_x, int to_y);

}  // namespace fourex::game
