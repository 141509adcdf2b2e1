// The rules state of one game: map, players, units, cities, diplomacy.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "game/rules_tables.hpp"

namespace fourex::game {

using PlayerId = int;  // index into State::players, 0-based, config order

struct PlayerSetup {
  std::string name;
  std::string personality;
};

// What check_config accepts; a state that parses keeps to them too.
namespace limits {
inline constexpr int kMinPlayers = 2;
inline constexpr int kMaxPlayers = 16;
inline constexpr int kMinMapSide = 8;  // width and height
inline constexpr int kMaxMapSide = 128;
inline constexpr int kMaxTurns = 10000;  // the largest max_turns
inline constexpr std::size_t kMaxPersonalityBytes = 256;
}  // namespace limits

struct GameConfig {
  std::vector<PlayerSetup> players;
  int width = 32;
  int height = 32;
  std::uint64_t seed = 1;
  int max_turns = 100;
};

// A bad GameConfig; field() names it ("players", "players[2].name", ...).
class ConfigError : public std::invalid_argument {
 public:
  ConfigError(std::string field, const std::string& message)
      : std::invalid_argument(field + ": " + message),
        field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

struct Tile {
  Terrain terrain = Terrain::ocean;
  Resource resource = Resource::none;
  bool operator==(const Tile&) const = default;
};

struct Unit {
  int id = 0;
  PlayerId owner = 0;
  UnitType type = UnitType::warrior;
  int x = 0;
  int y = 0;
  int hp = rules::kUnitMaxHp;
  bool fortified = false;
  bool veteran = false;
  bool operator==(const Unit&) const = default;
};

// What a city is building: nothing, a unit type or a building.
struct Item {
  enum class Kind : std::uint8_t { none, unit, building };
  Kind kind = Kind::none;
  int index = 0;
  static Item unit(UnitType u) { return {Kind::unit, static_cast<int>(u)}; }
  static Item building(Building b) {
    return {Kind::building, static_cast<int>(b)};
  }
  bool operator==(const Item&) const = default;
};
std::string_view item_name(Item item);  // "" for none
std::optional<Item> item_from_name(std::string_view name);
int item_cost(Item item);

struct City {
  int id = 0;
  PlayerId owner = 0;
  std::string name;
  int x = 0;
  int y = 0;
  int population = 1;
  int food = 0;        // stock toward growth
  int production = 0;  // stock toward the item
  int hp = rules::kCityMaxHp;
  Item item;
  bool capital = false;
  std::uint32_t buildings = 0;  // bit per Building
  int founded_turn = 1;
  bool has(Building b) const { return (buildings >> static_cast<int>(b)) & 1u; }
  bool operator==(const City&) const = default;
};

struct Player {
  std::string name;
  std::string personality;
  bool alive = true;
  int gold = rules::kStartGold;
  int science = 0;  // stock toward the current research
  std::optional<Tech> research;
  std::uint32_t techs = 0;             // bit per Tech
  int cities_founded = 0;              // for default city names
  std::vector<std::uint8_t> explored;  // 0/1 per tile
  bool knows(Tech t) const { return (techs >> static_cast<int>(t)) & 1u; }
  bool operator==(const Player&) const = default;
};

struct PeaceProposal {
  PlayerId from = 0;
  PlayerId to = 0;
  int turn = 0;  // turn it was made in
  bool operator==(const PeaceProposal&) const = default;
};

struct Message {
  int turn = 0;  // turn it was sent in; shown in the next turn's views
  PlayerId from = 0;
  std::optional<PlayerId> to;  // nullopt: everyone
  std::string text;
  bool operator==(const Message&) const = default;
};

struct State {
  int turn = 1;  // the turn now taking orders
  int max_turns = 100;
  std::uint64_t seed = 1;
  int width = 0;
  int height = 0;
  bool finished = false;
  std::optional<PlayerId> winner;
  int next_unit_id = 1;
  int next_city_id = 1;
  std::vector<Tile> tiles;  // row-major, index y * width + x
  std::vector<Player> players;
  std::vector<std::uint8_t> war;         // players^2, symmetric, 1 = at war
  std::vector<PeaceProposal> proposals;  // sorted by (from, to)
  std::vector<Unit> units;               // sorted by id
  std::vector<City> cities;              // sorted by id
  std::vector<Message> messages;         // sent last turn, in send order

  bool operator==(const State&) const = default;

  bool in_map(int x, int y) const {
    return x >= 0 && y >= 0 && x < width && y < height;
  }
  int index(int x, int y) const { return y * width + x; }
  const Tile& tile(int x, int y) const { return tiles[index(x, y)]; }
  bool at_war(PlayerId a, PlayerId b) const {
    return war[static_cast<std::size_t>(a) * players.size() + b] != 0;
  }
  void set_war(PlayerId a, PlayerId b, bool on) {
    const std::size_t n = players.size();
    war[a * n + b] = war[b * n + a] = on ? 1 : 0;
  }
  // An open peace proposal from `from` to `to`.
  bool has_proposal(PlayerId from, PlayerId to) const;
  const Unit* find_unit(int id) const;
  Unit* find_unit(int id);
  const City* find_city(int id) const;
  City* find_city(int id);
  const City* city_at(int x, int y) const;
};

int completed_turns(const State& s);
std::optional<PlayerId> find_player(const State& s, std::string_view name);
// A player name: 1 to kMaxNameBytes bytes of UTF-8 without control
// characters (U+0000 to U+001F, U+007F).
bool is_player_name(std::string_view name);
void check_config(const GameConfig& config);  // throws ConfigError

inline int distance(int x1, int y1, int x2, int y2) {  // Chebyshev
  return std::max(std::abs(x1 - x2), std::abs(y1 - y2));
}

}  // namespace fourex::game
