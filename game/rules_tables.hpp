// The one place that defines the game's tables: terrain, resources, units,
// buildings, techs and the numeric constants of the rules.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fourex::game {

struct Yield {
  int food = 0;
  int production = 0;
  int science = 0;
  int gold = 0;
  bool operator==(const Yield&) const = default;
};

enum class Terrain : std::uint8_t {
  ocean,
  coast,
  grassland,
  plains,
  forest,
  hills,
  mountains,
  desert
};
inline constexpr int kTerrainCount = 8;

struct TerrainInfo {
  std::string_view name;
  char symbol;  // map rows in views and in the state's "terrain"
  Yield yield;
  int move_cost;        // 0: impassable for units (water)
  int defense_percent;  // bonus to a unit defending on it
};

enum class Resource : std::uint8_t {
  none,
  wheat,
  fish,
  horses,
  iron,
  gold_ore,
  deer
};
inline constexpr int kResourceCount = 7;  // including none

struct ResourceInfo {
  std::string_view name;
  char symbol;  // '.' for none
  Yield bonus;
  std::uint32_t terrains;  // bit per Terrain where it may appear
};

enum class UnitType : std::uint8_t {
  settler,
  scout,
  warrior,
  archer,
  horseman,
  spearman,
  swordsman,
  catapult
};
inline constexpr int kUnitTypeCount = 8;

enum class Tech : std::uint8_t {
  pottery,
  archery,
  bronze_working,
  masonry,
  horseback_riding,
  mysticism,
  writing,
  iron_working,
  currency,
  mathematics,
  construction,
  philosophy
};
inline constexpr int kTechCount = 12;

enum class Building : std::uint8_t {
  granary,
  library,
  barracks,
  walls,
  market,
  temple
};
inline constexpr int kBuildingCount = 6;

struct UnitInfo {
  std::string_view name;
  int cost;             // production
  int moves;            // movement points per turn
  int strength;         // melee attack and defense
  int ranged_strength;  // 0: melee only
  int range;            // 1: adjacent (melee); 2: ranged
  int vision;
  std::optional<Tech> tech;
  bool civilian;            // cannot attack or defend
  int city_attack_percent;  // bonus when attacking a city
};

struct BuildingInfo {
  std::string_view name;
  int cost;
  std::optional<Tech> tech;
  std::string_view effect;
};

struct TechInfo {
  std::string_view name;
  int cost;  // science
  std::array<std::optional<Tech>, 2> prerequisites;
};

extern const std::array<TerrainInfo, kTerrainCount> kTerrains;
extern const std::array<ResourceInfo, kResourceCount> kResources;
extern const std::array<UnitInfo, kUnitTypeCount> kUnits;
extern const std::array<BuildingInfo, kBuildingCount> kBuildings;
extern const std::array<TechInfo, kTechCount> kTechs;

inline const TerrainInfo& info(Terrain t) {
  return kTerrains[static_cast<int>(t)];
}
inline const ResourceInfo& info(Resource r) {
  return kResources[static_cast<int>(r)];
}
inline const UnitInfo& info(UnitType u) { return kUnits[static_cast<int>(u)]; }
inline const BuildingInfo& info(Building b) {
  return kBuildings[static_cast<int>(b)];
}
inline const TechInfo& info(Tech t) { return kTechs[static_cast<int>(t)]; }

std::optional<Terrain> terrain_from_symbol(char c);
std::optional<Resource> resource_from_symbol(char c);
std::optional<UnitType> unit_type_from_name(std::string_view name);
std::optional<Building> building_from_name(std::string_view name);
std::optional<Tech> tech_from_name(std::string_view name);

// Numeric rules, all integers (percentages where a ratio is needed).
namespace rules {
inline constexpr int kCityMinDistance = 4;  // Chebyshev; closer is refused
inline constexpr int kCityWorkRadius = 2;   // tiles a city may work
inline constexpr int kCityVision = 3;
inline constexpr int kCityMaxHp = 100;
inline constexpr int kCityHeal = 10;         // per turn
inline constexpr int kCityBaseStrength = 8;  // + 2 per population
inline constexpr int kCityStrengthPerPop = 2;
inline constexpr int kWallsPercent = 100;     // city strength bonus
inline constexpr int kWallsUnitPercent = 50;  // units defending inside walls
inline constexpr int kCityCenterMinFood = 2;
inline constexpr int kCityCenterBonusProduction = 1;
inline constexpr int kCityCenterBonusScience = 1;
inline constexpr int kFoodPerPop = 2;
inline constexpr int kGrowthBase = 15;  // food to grow: 15 + 8 * pop
inline constexpr int kGrowthPerPop = 8;
inline constexpr int kGranaryKeepPercent = 50;
inline constexpr int kLibraryPercent = 50;
inline constexpr int kPhilosophyPercent = 25;
inline constexpr int kMarketPercent = 50;
inline constexpr int kCapturedCityHp = 25;
inline constexpr int kIdleProductionCap = 100;
inline constexpr int kUnitMaxHp = 100;
inline constexpr int kUnitHeal = 10;  // per turn without acting
inline constexpr int kUnitHealInCity = 20;
inline constexpr int kFortifyPercent = 25;
inline constexpr int kVeteranPercent = 20;      // units built with barracks
inline constexpr int kCombatBaseDamage = 35;    // at equal strength
inline constexpr int kCombatRandomDamage = 11;  // + [0, 10]
inline constexpr int kFreeUnitsPerCity = 2;     // beyond: 1 gold per unit/turn
inline constexpr int kFreeUnitsBase = 1;
inline constexpr int kStartGold = 10;
inline constexpr int kMaxMessagesPerTurn = 5;
inline constexpr int kMaxMessageBytes = 2000;
inline constexpr int kMaxNameBytes = 64;
inline constexpr int kPeaceProposalTurns = 3;  // a proposal stays open
inline constexpr int kMaxOrders = 1000;        // per submission
// Score.
inline constexpr int kScorePerCity = 10;
inline constexpr int kScorePerPop = 3;
inline constexpr int kScorePerTech = 5;
inline constexpr int kScorePerBuilding = 2;
inline constexpr int kScorePerTemple = 3;  // on top of kScorePerBuilding
}  // namespace rules

}  // namespace fourex::game
