// A player's view of the game (fog of war) and the actions suggested to it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "game/orders.hpp"
#include "game/state.hpp"

namespace fourex::game {

// The view names players by name; "you" is the viewer.
struct ViewResearch {
  std::string tech;
  int progress = 0;
  int cost = 0;
  bool operator==(const ViewResearch&) const = default;
};

struct ViewSelf {
  std::string name;
  int id = 0;
  bool alive = true;
  int gold = 0;
  int science_per_turn = 0;
  int gold_per_turn_before_upkeep = 0;
  std::optional<ViewResearch> research;
  int science_stock = 0;
  std::vector<std::string> techs;
  std::vector<std::string> available_techs;
  int score = 0;
  bool operator==(const ViewSelf&) const = default;
};

struct ViewPlayer {
  std::string name;
  bool alive = true;
  int score = 0;
  int cities = 0;
  int techs = 0;
  std::string relation;  // "self", "war" or "peace"
  bool proposed_peace_to_you = false;
  bool you_proposed_peace = false;
  bool operator==(const ViewPlayer&) const = default;
};

struct ViewResource {
  int x = 0;
  int y = 0;
  std::string type;
  bool operator==(const ViewResource&) const = default;
};

struct ViewMap {
  int width = 0;
  int height = 0;
  // One string per row: uppercase = visible now, lowercase = explored
  // before (terrain remembered), '?' = never seen.
  std::vector<std::string> rows;
  std::vector<ViewResource> resources;                      // on explored tiles
  std::vector<std::pair<std::string, std::string>> legend;  // symbol: meaning
  bool operator==(const ViewMap&) const = default;
};

struct ViewUnit {
  int id = 0;
  std::string owner;
  std::string type;
  int x = 0;
  int y = 0;
  int hp = 0;
  bool fortified = false;
  bool veteran = false;
  int moves = 0;
  int strength = 0;
  int ranged_strength = 0;
  int range = 0;
  bool operator==(const ViewUnit&) const = default;
};

// What only the owner of a city sees.
struct ViewCityStocks {
  int food = 0;
  int food_to_grow = 0;
  int production = 0;
  std::optional<std::string> item;
  int item_cost = 0;
  Yield yield;
  bool operator==(const ViewCityStocks&) const = default;
};

struct ViewCity {
  int id = 0;
  std::string owner;
  std::string name;
  int x = 0;
  int y = 0;
  int population = 0;
  int hp = 0;
  bool capital = false;
  std::vector<std::string> buildings;
  std::optional<ViewCityStocks> stocks;  // own cities only
  bool operator==(const ViewCity&) const = default;
};

struct ViewMessage {
  int turn = 0;
  std::string from;
  std::string to;  // the viewer's name or "all"
  std::string text;
  bool operator==(const ViewMessage&) const = default;
};

struct View {
  int turn = 0;
  ViewSelf you;
  std::vector<ViewPlayer> players;
  ViewMap map;
  std::vector<ViewUnit> units;  // own, and foreign ones seen now
  std::vector<ViewCity> cities;
  std::vector<ViewMessage> messages;  // sent to the viewer last turn
  Orders suggested_actions;           // suggested_actions(s, p)
  bool operator==(const View&) const = default;
};

View make_view(const State& s, PlayerId p);

// Writes the view's keys into an object the caller has opened (the server
// adds its own): "turn", "you", "players", "map", "units", "cities",
// "messages", "suggested_actions" and "legal_actions", the same list under
// its old name (kept for clients written before the rename).
void write_view_fields(const View& v, JsonWriter& w);
void write_view_fields(const State& s, PlayerId p, JsonWriter& w);
// One unit, city or resource as an object with the view's keys (the
// analyses of a view answer with them).
void write_view_part(const ViewUnit& unit, JsonWriter& w);
void write_view_part(const ViewCity& city, JsonWriter& w);
void write_view_part(const ViewResource& resource, JsonWriter& w);

// The view alone as a JSON object, and its strict reader (exactly those
// keys; ParseError with the key's path otherwise):
// view_to_json(view_from_json(x)) == x for every x view_to_json produced.
// Either name of the suggestions is enough for the reader; both must agree.
std::string view_to_json(const View& v);
View view_from_json(std::string_view json);

}  // namespace fourex::game
