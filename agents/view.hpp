// The player's view (the JSON of GET /state) as plain structs, so bots and
// the prompt renderer read fields instead of walking JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "game/game_status.hpp"

namespace fourex::agents {

// One entry of the view's suggested_actions.
struct SuggestedAction {
  std::string type;
  int unit_id = -1;    // -1: the action moves no unit
  int city_id = -1;    // -1: the action touches no city
  int x = -1, y = -1;  // move_unit "to", attack "target"
  std::string item;    // set_production
  std::string tech;    // set_research
  std::string player;  // diplomacy
  std::string json;    // the object exactly as the server sent it
};

struct ViewUnit {
  int id = 0;
  std::string owner, type;
  int x = 0, y = 0, hp = 0, moves = 0, strength = 0, range = 1;
  bool fortified = false;
};

struct ViewCity {
  int id = 0;
  std::string owner, name;
  int x = 0, y = 0, population = 0, hp = 0;
  bool capital = false;
  std::vector<std::string> buildings;
  std::string item;  // own cities only; "" when idle
  int production = 0, item_cost = 0;
};

struct ViewPlayer {
  std::string name, relation;  // relation: self, war or peace
  bool alive = true, proposed_peace_to_you = false;
  bool you_proposed_peace = false;
  int score = 0, cities = 0, techs = 0;
};

struct ViewMessage {
  int turn = 0;
  std::string from, to, text;
};

struct View {
  std::string game_id, you;
  // A status this client does not know (a newer server's) reads as paused:
  // wait and look again.
  game::GameStatus status = game::GameStatus::active;
  int turn = 0, completed_turns = 0, max_turns = 0;
  bool submitted = false;
  std::optional<std::string> winner;
  int gold = 0, score = 0, science_per_turn = 0;
  std::string research;  // "" when none
  std::vector<std::string> techs, available_techs;
  std::vector<ViewPlayer> players;
  int width = 0, height = 0;
  std::vector<std::string> rows;  // map rows as the server sends them
  std::vector<ViewUnit> units;
  std::vector<ViewCity> cities;
  std::vector<ViewMessage> messages;
  std::vector<SuggestedAction> suggested;  // suggested_actions

  bool finished() const { return status == game::GameStatus::finished; }
  bool mine(const ViewUnit& u) const { return u.owner == you; }
  bool mine(const ViewCity& c) const { return c.owner == you; }
  // Map symbol at (x, y); '?' outside the map.
  char tile(int x, int y) const;
  bool at_war() const;
};

// Throws std::runtime_error when `json` is not a view object.
View parse_view(const rapidjson::Value& json);
View parse_view(const std::string& json_text);

}  // namespace fourex::agents
