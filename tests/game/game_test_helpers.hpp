// Hand-made states for the game's rule tests: a flat grassland map and
// helpers that place units and cities directly.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "game/game.hpp"

namespace fourex::game::testing {

// Concatenation by appending: GCC 12's -Wrestrict misfires on
// "literal" + std::string at -O3.
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

// The field a strict reader (state_from_json, events_from_json...) names
// when it refuses `json`; "(parsed)" when it accepts it.
template <class Parse>
std::string error_field(Parse parse, const std::string& json) {
  try {
    parse(json);
  } catch (const ParseError& e) {
    return e.field;
  }
  return "(parsed)";
}

inline Unit& add_unit(State& s, PlayerId owner, UnitType type, int x, int y) {
  Unit u;
  u.id = s.next_unit_id++;
  u.owner = owner;
  u.type = type;
  u.x = x;
  u.y = y;
  s.units.push_back(u);
  return s.units.back();
}

// n players ("A", "B", ...) on an all-grassland map, everything explored.
// Each player owns only a settler parked on the bottom row (x = w - 1 - p),
// out of the tests' way, so that nobody is eliminated after the first turn.
inline State flat_state(int n = 2, int w = 16, int h = 16) {
  State s;
  s.width = w;
  s.height = h;
  s.seed = 7;
  s.max_turns = 100;
  s.tiles.assign(static_cast<std::size_t>(w) * h, Tile{Terrain::grassland});
  for (int p = 0; p < n; ++p) {
    Player pl;
    pl.name = std::string(1, static_cast<char>('A' + p));
    pl.explored.assign(s.tiles.size(), 1);
    s.players.push_back(pl);
  }
  s.war.assign(static_cast<std::size_t>(n) * n, 0);
  for (int p = 0; p < n; ++p)
    add_unit(s, p, UnitType::settler, w - 1 - p, h - 1);
  return s;
}

inline City& add_city(State& s, PlayerId owner, int x, int y, int pop = 1) {
  City c;
  c.id = s.next_city_id++;
  c.owner = owner;
  c.name = s.players[owner].name + "-city-" + std::to_string(c.id);
  c.x = x;
  c.y = y;
  c.population = pop;
  c.capital = true;
  for (const auto& other : s.cities)
    if (other.owner == owner) c.capital = false;
  s.players[owner].cities_founded++;
  s.cities.push_back(c);
  return s.cities.back();
}

inline void set_terrain(State& s, int x, int y, Terrain t) {
  s.tiles[s.index(x, y)].terrain = t;
}

inline TurnResult turn(const State& s,
                       const std::map<PlayerId, Orders>& orders) {
  return resolve_turn(s, orders);
}

inline rapidjson::Document events(const TurnResult& r) {
  rapidjson::Document d;
  d.Parse(events_to_json(r.events).c_str());
  return d;
}

// The outcome ("applied", "skipped") and reason of player's order `index`.
inline std::pair<std::string, std::string> outcome(const TurnResult& r,
                                                   const std::string& player,
                                                   int index) {
  auto d = events(r);
  for (const auto& e : d.GetArray()) {
    if (std::string(e["type"].GetString()) != "order") continue;
    if (player != e["player"].GetString() || e["index"].GetInt() != index)
      continue;
    std::string reason =
        e.HasMember("reason") ? e["reason"].GetString() : std::string();
    return {e["outcome"].GetString(), reason};
  }
  return {"missing", ""};
}

inline int count_events(const TurnResult& r, const std::string& type) {
  auto d = events(r);
  int n = 0;
  for (const auto& e : d.GetArray())
    if (type == e["type"].GetString()) ++n;
  return n;
}

// The first event of `type` (a Null value when there is none).
inline rapidjson::Document first_event(const TurnResult& r,
                                       const std::string& type) {
  auto d = events(r);
  rapidjson::Document out;
  for (auto& e : d.GetArray())
    if (type == e["type"].GetString()) {
      out.CopyFrom(e, out.GetAllocator());
      break;
    }
  return out;
}

// The player's view as a parsed JSON object.
inline rapidjson::Document view_of(const State& s, PlayerId p) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  write_view_fields(s, p, w);
  w.EndObject();
  rapidjson::Document d;
  d.Parse(buf.GetString(), buf.GetSize());
  return d;
}

inline std::string rule_of(const State& s, PlayerId p, const Orders& o) {
  auto v = validate(s, p, o);
  return v ? v->rule : "";
}

}  // namespace fourex::game::testing
