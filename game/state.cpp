// Lookups on State and the checks of a GameConfig.
#include "game/state.hpp"

#include <algorithm>
#include <set>

#include "game/utf8.hpp"

namespace fourex::game {

namespace {
template <class V>
auto find_by_id(V& v, int id) -> decltype(&v[0]) {
  auto it = std::lower_bound(v.begin(), v.end(), id,
                             [](const auto& e, int i) { return e.id < i; });
  if (it == v.end() || it->id != id) return nullptr;
  return &*it;
}
}  // namespace

const Unit* State::find_unit(int id) const { return find_by_id(units, id); }
Unit* State::find_unit(int id) { return find_by_id(units, id); }
const City* State::find_city(int id) const { return find_by_id(cities, id); }
City* State::find_city(int id) { return find_by_id(cities, id); }

bool State::has_proposal(PlayerId from, PlayerId to) const {
  return std::any_of(
      proposals.begin(), proposals.end(),
      [&](const PeaceProposal& pr) { return pr.from == from && pr.to == to; });
}

const City* State::city_at(int x, int y) const {
  for (const auto& c : cities)
    if (c.x == x && c.y == y) return &c;
  return nullptr;
}

std::string_view item_name(Item item) {
  switch (item.kind) {
    case Item::Kind::unit:
      return kUnits[item.index].name;
    case Item::Kind::building:
      return kBuildings[item.index].name;
    default:
      return "";
  }
}

std::optional<Item> item_from_name(std::string_view name) {
  if (auto u = unit_type_from_name(name)) return Item::unit(*u);
  if (auto b = building_from_name(name)) return Item::building(*b);
  return std::nullopt;
}

int item_cost(Item item) {
  switch (item.kind) {
    case Item::Kind::unit:
      return kUnits[item.index].cost;
    case Item::Kind::building:
      return kBuildings[item.index].cost;
    default:
      return 0;
  }
}

int completed_turns(const State& s) { return s.turn - 1; }

std::optional<PlayerId> find_player(const State& s, std::string_view name) {
  for (std::size_t i = 0; i < s.players.size(); ++i)
    if (s.players[i].name == name) return static_cast<PlayerId>(i);
  return std::nullopt;
}

bool is_player_name(std::string_view name) {
  if (name.empty() || name.size() > rules::kMaxNameBytes || !valid_utf8(name))
    return false;
  return std::none_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
}

namespace {

std::string range_text(int lo, int hi) {
  return std::to_string(lo) + ".." + std::to_string(hi);
}

void check_player(const PlayerSetup& p, std::size_t i,
                  std::set<std::string>& names) {
  const std::string at = "players[" + std::to_string(i) + "].";
  if (!is_player_name(p.name))
    throw ConfigError(at + "name", "must be 1 to " +
                                       std::to_string(rules::kMaxNameBytes) +
                                       " bytes of UTF-8 without control "
                                       "characters");
  if (p.name == "all") throw ConfigError(at + "name", "\"all\" is reserved");
  if (!names.insert(p.name).second)
    throw ConfigError(at + "name", "duplicate name \"" + p.name + "\"");
  if (p.personality.size() > limits::kMaxPersonalityBytes)
    throw ConfigError(at + "personality",
                      "must be at most " +
                          std::to_string(limits::kMaxPersonalityBytes) +
                          " bytes");
  if (!valid_utf8(p.personality))
    throw ConfigError(at + "personality", "must be UTF-8");
}

void check_range(const char* field, int v, int lo, int hi) {
  if (v < lo || v > hi)
    throw ConfigError(field, "must be " + range_text(lo, hi));
}

}  // namespace

void check_config(const GameConfig& config) {
  const auto n = config.players.size();
  if (n < static_cast<std::size_t>(limits::kMinPlayers) ||
      n > static_cast<std::size_t>(limits::kMaxPlayers))
    throw ConfigError(
        "players", "must hold " + std::to_string(limits::kMinPlayers) + " to " +
                       std::to_string(limits::kMaxPlayers) + " players");
  std::set<std::string> names;
  for (std::size_t i = 0; i < n; ++i) check_player(config.players[i], i, names);
  check_range("width", config.width, limits::kMinMapSide, limits::kMaxMapSide);
  check_range("height", config.height, limits::kMinMapSide,
              limits::kMaxMapSide);
  check_range("max_turns", config.max_turns, 1, limits::kMaxTurns);
}

}  // namespace fourex::game
