// The tables themselves; docs/rules.md is checked against them by a test.
#include "game/rules_tables.hpp"

namespace fourex::game {

namespace {
constexpr std::uint32_t bit(Terrain t) { return 1u << static_cast<int>(t); }
}  // namespace

// name, symbol, {food, production, science, gold}, move cost, defense %
const std::array<TerrainInfo, kTerrainCount> kTerrains = {{
    {"ocean", 'O', {1, 0, 0, 1}, 0, 0},
    {"coast", 'C', {2, 0, 0, 1}, 0, 0},
    {"grassland", 'G', {2, 0, 0, 0}, 1, 0},
    {"plains", 'P', {1, 1, 0, 0}, 1, 0},
    {"forest", 'F', {1, 2, 0, 0}, 2, 25},
    {"hills", 'H', {0, 2, 0, 0}, 2, 50},
    {"mountains", 'M', {0, 1, 1, 0}, 3, 75},
    {"desert", 'D', {0, 1, 0, 1}, 1, 0},
}};

const std::array<ResourceInfo, kResourceCount> kResources = {{
    {"none", '.', {0, 0, 0, 0}, 0},
    {"wheat",
     'w',
     {2, 0, 0, 0},
     bit(Terrain::grassland) | bit(Terrain::plains)},
    {"fish", 'f', {2, 0, 0, 0}, bit(Terrain::coast) | bit(Terrain::ocean)},
    {"horses",
     'h',
     {0, 1, 0, 1},
     bit(Terrain::grassland) | bit(Terrain::plains)},
    {"iron", 'i', {0, 2, 0, 0}, bit(Terrain::hills) | bit(Terrain::mountains)},
    {"gold_ore",
     'g',
     {0, 0, 1, 3},
     bit(Terrain::hills) | bit(Terrain::desert) | bit(Terrain::mountains)},
    {"deer", 'd', {2, 0, 0, 0}, bit(Terrain::forest)},
}};

// name, cost, moves, strength, ranged, range, vision, tech, civilian,
// city attack %
const std::array<UnitInfo, kUnitTypeCount> kUnits = {{
    {"settler", 40, 2, 0, 0, 0, 2, std::nullopt, true, 0},
    {"scout", 12, 3, 3, 0, 1, 3, std::nullopt, false, 0},
    {"warrior", 15, 2, 8, 0, 1, 2, std::nullopt, false, 0},
    {"archer", 25, 2, 5, 8, 2, 2, Tech::archery, false, 0},
    {"horseman", 30, 4, 12, 0, 1, 2, Tech::horseback_riding, false, 0},
    {"spearman", 25, 2, 11, 0, 1, 2, Tech::bronze_working, false, 0},
    {"swordsman", 40, 2, 15, 0, 1, 2, Tech::iron_working, false, 0},
    {"catapult", 45, 1, 5, 14, 2, 2, Tech::mathematics, false, 100},
}};

const std::array<BuildingInfo, kBuildingCount> kBuildings = {{
    {"granary", 40, Tech::pottery, "keeps 50% of the food stock on growth"},
    {"library", 60, Tech::writing, "+50% science in the city"},
    {"barracks", 40, Tech::construction,
     "military units built here are veterans (+20% strength)"},
    {"walls", 50, Tech::masonry,
     "+100% city strength, +50% for units defending inside"},
    {"market", 60, Tech::currency, "+50% gold in the city"},
    {"temple", 50, Tech::mysticism, "+3 score (culture)"},
}};

const std::array<TechInfo, kTechCount> kTechs = {{
    {"pottery", 25, {std::nullopt, std::nullopt}},
    {"archery", 25, {std::nullopt, std::nullopt}},
    {"bronze_working", 30, {std::nullopt, std::nullopt}},
    {"masonry", 30, {std::nullopt, std::nullopt}},
    {"horseback_riding", 35, {std::nullopt, std::nullopt}},
    {"mysticism", 35, {std::nullopt, std::nullopt}},
    {"writing", 50, {Tech::pottery, std::nullopt}},
    {"iron_working", 60, {Tech::bronze_working, std::nullopt}},
    {"currency", 60, {Tech::bronze_working, std::nullopt}},
    {"mathematics", 80, {Tech::writing, Tech::masonry}},
    {"construction", 80, {Tech::masonry, Tech::currency}},
    {"philosophy", 100, {Tech::writing, Tech::mysticism}},
}};

std::optional<Terrain> terrain_from_symbol(char c) {
  for (int i = 0; i < kTerrainCount; ++i)
    if (kTerrains[i].symbol == c) return static_cast<Terrain>(i);
  return std::nullopt;
}

std::optional<Resource> resource_from_symbol(char c) {
  for (int i = 0; i < kResourceCount; ++i)
    if (kResources[i].symbol == c) return static_cast<Resource>(i);
  return std::nullopt;
}

std::optional<UnitType> unit_type_from_name(std::string_view name) {
  for (int i = 0; i < kUnitTypeCount; ++i)
    if (kUnits[i].name == name) return static_cast<UnitType>(i);
  return std::nullopt;
}

std::optional<Building> building_from_name(std::string_view name) {
  for (int i = 0; i < kBuildingCount; ++i)
    if (kBuildings[i].name == name) return static_cast<Building>(i);
  return std::nullopt;
}

std::optional<Tech> tech_from_name(std::string_view name) {
  for (int i = 0; i < kTechCount; ++i)
    if (kTechs[i].name == name) return static_cast<Tech>(i);
  return std::nullopt;
}

}  // namespace fourex::game
