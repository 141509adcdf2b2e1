// Events: what happened in a turn, one struct per kind, and their canonical
// JSON (stored in game_turns, streamed to clients, read by agents).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "game/orders.hpp"

namespace fourex::game {

// Events name players by name and carry copies of what they describe, so
// they read (and serialize) without the state they came from: a unit or a
// city as the event shows it.
struct EventUnit {
  int id = 0;
  std::string owner;
  std::string type;
  int hp = 0;  // after the event, 0 when killed
  int x = 0;
  int y = 0;
  bool operator==(const EventUnit&) const = default;
};

struct EventCity {
  int id = 0;
  std::string name;
  std::string owner;
  int hp = 0;
  bool operator==(const EventCity&) const = default;
};

// Every submitted order's outcome; a skipped one says the rule it broke.
struct OrderOutcome {
  std::string player;
  int index = 0;  // in the player's list
  std::string action;
  bool applied = true;
  std::string reason;   // skipped only
  std::string message;  // skipped only
  bool operator==(const OrderOutcome&) const = default;
};

struct MessageSent {
  std::string from;
  std::string to;  // a name or "all"
  int bytes = 0;
  bool operator==(const MessageSent&) const = default;
};

// Diplomacy: `player` acted toward `target`.
struct PlayerPair {
  std::string player;
  std::string target;
  bool operator==(const PlayerPair&) const = default;
};
struct WarDeclared : PlayerPair {};
struct PeaceProposed : PlayerPair {};
struct PeaceMade : PlayerPair {};

struct UnitRemoved {
  EventUnit unit;
  std::string reason;  // "disbanded", "killed", "destroyed", "upkeep"
  bool operator==(const UnitRemoved&) const = default;
};

struct Combat {
  EventUnit attacker;
  std::variant<EventUnit, EventCity> defender;
  int damage_dealt = 0;
  int damage_taken = 0;
  bool operator==(const Combat&) const = default;
};

struct CityCaptured {
  int city_id = 0;
  std::string city;
  std::string from;
  std::string to;
  bool capital = false;
  bool operator==(const CityCaptured&) const = default;
};

// A city event of its owner `player`.
struct CityRef {
  int city_id = 0;
  std::string city;
  std::string player;
  bool operator==(const CityRef&) const = default;
};
struct CityFounded : CityRef {
  int x = 0;
  int y = 0;
  bool operator==(const CityFounded&) const = default;
};
struct CityGrew : CityRef {
  int population = 0;
  bool operator==(const CityGrew&) const = default;
};
struct CityStarved : CityRef {
  int population = 0;
  bool operator==(const CityStarved&) const = default;
};
struct ProductionCompleted : CityRef {
  std::string item;
  std::optional<int> unit_id;  // the unit built, if the item is a unit
  bool operator==(const ProductionCompleted&) const = default;
};

struct TechResearched {
  std::string player;
  std::string tech;
  bool operator==(const TechResearched&) const = default;
};

struct PlayerEliminated {
  std::string player;
  bool operator==(const PlayerEliminated&) const = default;
};

struct GameOver {
  std::string reason;  // "conquest" or "max_turns"
  std::optional<std::string> winner;
  std::vector<std::pair<std::string, int>> scores;  // player order
  bool operator==(const GameOver&) const = default;
};

using Event =
    std::variant<OrderOutcome, MessageSent, WarDeclared, PeaceProposed,
                 PeaceMade, UnitRemoved, Combat, CityCaptured, CityFounded,
                 CityGrew, CityStarved, ProductionCompleted, TechResearched,
                 PlayerEliminated, GameOver>;
using Events = std::vector<Event>;

// The "type" string of an event ("order", "combat", ...).
std::string_view event_name(const Event& e);

// Fixed key order, no whitespace: {"type": ..., fields...} per event.
void write_events(const Events& events, JsonWriter& w);
std::string events_to_json(const Events& events);

// Strict: exactly the keys events_to_json writes, in any order; throws
// ParseError (index = the event's, field = the bad key) otherwise.
// events_to_json(events_from_json(x)) == x for every x it produced.
Events events_from_json(std::string_view json);

}  // namespace fourex::game
