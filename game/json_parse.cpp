// Canonical JSON -> State. The parser checks every invariant the rules rely
// on (ids sorted, units on land in the map, owners alive, ...), so a state
// that parses can be resolved safely.
#include <set>
#include <tuple>

#include "game/json.hpp"
#include "game/utf8.hpp"

namespace fourex::game {

namespace {

// The bound of counters and stocks (ids, gold, science, food, ...): far
// above what a game reaches, far below int overflow.
constexpr int kMaxCount = 1'000'000'000;
constexpr unsigned kStateKeys = 18, kPlayerKeys = 9, kCityKeys = 13,
                   kUnitKeys = 8, kMessageKeys = 4;
constexpr std::size_t kMaxTableName = 64;  // tech, unit, item names
constexpr int kMaxPopulation = 10000;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ParseError(-1, path, "state: " + path + " " + what);
}

// Reads an object with exactly the expected keys.
class Obj {
 public:
  Obj(const rapidjson::Value& v, std::string path, unsigned keys)
      : v_(v), path_(std::move(path)) {
    if (!v.IsObject()) fail(path_, "must be an object");
    if (v.MemberCount() != keys)
      fail(path_, "must have exactly " + std::to_string(keys) + " keys");
  }
  std::string at(const char* k) const {
    return path_.empty() ? k : path_ + "." + k;
  }
  const rapidjson::Value& get(const char* k) const {
    auto it = v_.FindMember(k);
    if (it == v_.MemberEnd()) fail(at(k), "is missing");
    return it->value;
  }
  int integer(const char* k, int lo, int hi) const {
    const auto& v = get(k);
    if (!v.IsInt() || v.GetInt() < lo || v.GetInt() > hi)
      fail(at(k), "must be an integer in " + std::to_string(lo) + ".." +
                      std::to_string(hi));
    return v.GetInt();
  }
  bool boolean(const char* k) const {
    const auto& v = get(k);
    if (!v.IsBool()) fail(at(k), "must be true or false");
    return v.GetBool();
  }
  std::string string(const char* k, std::size_t max, bool allow_empty) const {
    return check_string(get(k), at(k), max, allow_empty);
  }
  static std::string check_string(const rapidjson::Value& v,
                                  const std::string& path, std::size_t max,
                                  bool allow_empty) {
    if (!v.IsString()) fail(path, "must be a string");
    std::string_view s(v.GetString(), v.GetStringLength());
    if (s.size() > max) fail(path, "is too long");
    if (!allow_empty && s.empty()) fail(path, "must not be empty");
    if (!valid_utf8(s)) fail(path, "must be UTF-8");
    return std::string(s);
  }
  const rapidjson::Value& array(const char* k) const {
    const auto& v = get(k);
    if (!v.IsArray()) fail(at(k), "must be an array");
    return v;
  }

 private:
  const rapidjson::Value& v_;
  std::string path_;
};

std::string indexed(const std::string& base, std::size_t i) {
  return base + "[" + std::to_string(i) + "]";
}

const rapidjson::Value& int_tuple(const rapidjson::Value& v,
                                  const std::string& path, unsigned n) {
  if (!v.IsArray() || v.Size() != n)
    fail(path, "must be an array of " + std::to_string(n) + " integers");
  for (const auto& e : v.GetArray())
    if (!e.IsInt()) fail(path, "must hold integers");
  return v;
}

// Names from a table, each once and in the table's order, as a bit set.
template <class Enum, class FromName>
std::uint32_t table_bits(const Obj& o, const char* k, FromName from_name,
                         const char* what) {
  const auto& names = o.array(k);
  std::uint32_t bits = 0;
  int last = -1;
  for (rapidjson::SizeType i = 0; i < names.Size(); ++i) {
    const std::string path = indexed(o.at(k), i);
    const std::optional<Enum> e =
        from_name(Obj::check_string(names[i], path, kMaxTableName, false));
    if (!e || static_cast<int>(*e) <= last) fail(path, what);
    last = static_cast<int>(*e);
    bits |= 1u << last;
  }
  return bits;
}

std::vector<std::uint8_t> explored_from_hex(const Obj& o, std::size_t area) {
  const std::size_t hex_len = (area + 3) / 4;
  const auto hex = o.string("explored", hex_len, false);
  if (hex.size() != hex_len) fail(o.at("explored"), "has the wrong length");
  std::vector<std::uint8_t> explored(area, 0);
  for (std::size_t c = 0; c < hex_len; ++c) {
    const char ch = hex[c];
    int v;
    if (ch >= '0' && ch <= '9')
      v = ch - '0';
    else if (ch >= 'a' && ch <= 'f')
      v = ch - 'a' + 10;
    else
      fail(o.at("explored"), "must be lowercase hex");
    for (int b = 0; b < 4; ++b) {
      if (!((v >> b) & 1)) continue;
      if (c * 4 + b >= area) fail(o.at("explored"), "has padding bits set");
      explored[c * 4 + b] = 1;
    }
  }
  return explored;
}

// Reads the parts in the order the invariants need them: the map before
// what stands on it, players before what they own, cities before units.
class StateReader {
 public:
  explicit StateReader(const rapidjson::Value& root)
      : root_(root, "", kStateKeys) {}

  State read() {
    read_header();
    read_map();
    read_players();
    read_winner();
    read_wars();
    read_proposals();
    read_by_id("cities", kCityKeys, s_.cities, &StateReader::read_city);
    unit_owner_.assign(area(), -1);
    read_by_id("units", kUnitKeys, s_.units, &StateReader::read_unit);
    read_messages();
    for (int p = 0; p < players(); ++p) {
      if (s_.players[p].alive) continue;
      for (const auto& u : s_.units)
        if (u.owner == p) fail("units", "an eliminated player owns a unit");
    }
    return std::move(s_);
  }

 private:
  int players() const { return static_cast<int>(s_.players.size()); }
  std::size_t area() const { return s_.tiles.size(); }

  void read_header() {
    if (root_.integer("format", kStateFormat, kStateFormat) != kStateFormat)
      fail("format", "");
    s_.max_turns = root_.integer("max_turns", 1, limits::kMaxTurns);
    s_.turn = root_.integer("turn", 1, s_.max_turns + 1);
    const auto& seed = root_.get("seed");
    if (!seed.IsUint64()) fail("seed", "must be an unsigned 64-bit integer");
    s_.seed = seed.GetUint64();
    s_.width = root_.integer("width", limits::kMinMapSide, limits::kMaxMapSide);
    s_.height =
        root_.integer("height", limits::kMinMapSide, limits::kMaxMapSide);
    s_.finished = root_.boolean("finished");
    s_.next_unit_id = root_.integer("next_unit_id", 1, kMaxCount);
    s_.next_city_id = root_.integer("next_city_id", 1, kMaxCount);
  }

  void read_map() {
    const std::size_t area = static_cast<std::size_t>(s_.width) * s_.height;
    const auto terrain = root_.string("terrain", area, false);
    const auto resources = root_.string("resources", area, false);
    if (terrain.size() != area)
      fail("terrain", "must have width*height symbols");
    if (resources.size() != area)
      fail("resources", "must have width*height symbols");
    s_.tiles.resize(area);
    for (std::size_t i = 0; i < area; ++i) {
      const auto t = terrain_from_symbol(terrain[i]);
      const auto r = resource_from_symbol(resources[i]);
      if (!t) fail("terrain", "has an unknown symbol at " + std::to_string(i));
      if (!r)
        fail("resources", "has an unknown symbol at " + std::to_string(i));
      s_.tiles[i] = {*t, *r};
    }
  }

  void read_players() {
    const auto& players = root_.array("players");
    if (players.Size() < static_cast<unsigned>(limits::kMinPlayers) ||
        players.Size() > static_cast<unsigned>(limits::kMaxPlayers))
      fail("players", "must hold " + std::to_string(limits::kMinPlayers) +
                          ".." + std::to_string(limits::kMaxPlayers) +
                          " players");
    std::set<std::string> names;
    for (rapidjson::SizeType p = 0; p < players.Size(); ++p)
      s_.players.push_back(read_player(
          Obj(players[p], indexed("players", p), kPlayerKeys), names));
  }

  Player read_player(const Obj& o, std::set<std::string>& names) const {
    Player pl;
    pl.name = o.string("name", rules::kMaxNameBytes, false);
    if (pl.name == "all" || !names.insert(pl.name).second)
      fail(o.at("name"), "must be unique and not \"all\"");
    pl.personality =
        o.string("personality", limits::kMaxPersonalityBytes, true);
    pl.alive = o.boolean("alive");
    pl.gold = o.integer("gold", 0, kMaxCount);
    pl.science = o.integer("science", 0, kMaxCount);
    const auto& r = o.get("research");
    if (!r.IsNull()) {
      pl.research = tech_from_name(
          Obj::check_string(r, o.at("research"), kMaxTableName, false));
      if (!pl.research) fail(o.at("research"), "is not a tech");
    }
    pl.techs = table_bits<Tech>(o, "techs", tech_from_name,
                                "must be known techs in table order");
    if (pl.research && pl.knows(*pl.research))
      fail(o.at("research"), "is already known");
    pl.cities_founded = o.integer("cities_founded", 0, kMaxCount);
    pl.explored = explored_from_hex(o, area());
    return pl;
  }

  void read_winner() {
    const auto& w = root_.get("winner");
    if (!w.IsNull()) {
      if (!w.IsInt() || w.GetInt() < 0 || w.GetInt() >= players())
        fail("winner", "must be null or a player index");
      s_.winner = w.GetInt();
    }
    if (s_.winner && !s_.finished) fail("winner", "set while not finished");
  }

  void read_wars() {
    const int n = players();
    s_.war.assign(static_cast<std::size_t>(n) * n, 0);
    const auto& wars = root_.array("wars");
    std::pair<int, int> prev{-1, -1};
    for (rapidjson::SizeType k = 0; k < wars.Size(); ++k) {
      const auto& t = int_tuple(wars[k], indexed("wars", k), 2);
      const int a = t[0].GetInt(), b = t[1].GetInt();
      if (a < 0 || b >= n || a >= b || std::pair(a, b) <= prev)
        fail(indexed("wars", k), "must be sorted pairs [a, b] with a < b");
      if (!s_.players[a].alive || !s_.players[b].alive)
        fail(indexed("wars", k), "names an eliminated player");
      prev = {a, b};
      s_.set_war(a, b, true);
    }
  }

  void read_proposals() {
    const int n = players();
    const auto& props = root_.array("proposals");
    std::pair<int, int> prev{-1, -1};
    for (rapidjson::SizeType k = 0; k < props.Size(); ++k) {
      const auto& t = int_tuple(props[k], indexed("proposals", k), 3);
      PeaceProposal pr{t[0].GetInt(), t[1].GetInt(), t[2].GetInt()};
      if (pr.from < 0 || pr.from >= n || pr.to < 0 || pr.to >= n ||
          pr.from == pr.to || std::pair(pr.from, pr.to) <= prev ||
          pr.turn < 1 || pr.turn >= s_.turn || !s_.players[pr.from].alive ||
          !s_.players[pr.to].alive || !s_.at_war(pr.from, pr.to))
        fail(indexed("proposals", k), "is not a valid open proposal");
      prev = {pr.from, pr.to};
      s_.proposals.push_back(pr);
    }
  }

  // An owner that is still in the game.
  int alive_owner(const Obj& o) const {
    const int owner = o.integer("owner", 0, players() - 1);
    if (!s_.players[owner].alive) fail(o.at("owner"), "is eliminated");
    return owner;
  }

  // "x" and "y" of a tile in the map that is not water.
  std::pair<int, int> land_tile(const Obj& o, const std::string& path) const {
    const int x = o.integer("x", 0, s_.width - 1);
    const int y = o.integer("y", 0, s_.height - 1);
    if (info(s_.tile(x, y).terrain).move_cost == 0)
      fail(path, "stands on water");
    return {x, y};
  }

  // The objects under `key`, each with `keys` keys, sorted by id; read(o,
  // path, last id) reads one.
  template <class T>
  void read_by_id(const char* key, unsigned keys, std::vector<T>& out,
                  T (StateReader::*read)(const Obj&, const std::string&, int)) {
    const auto& array = root_.array(key);
    int last_id = 0;
    for (rapidjson::SizeType k = 0; k < array.Size(); ++k) {
      const std::string path = indexed(key, k);
      out.push_back((this->*read)(Obj(array[k], path, keys), path, last_id));
      last_id = out.back().id;
    }
  }

  City read_city(const Obj& o, const std::string& path, int last_id) {
    City c;
    c.id = o.integer("id", last_id + 1, s_.next_city_id - 1);
    c.owner = alive_owner(o);
    c.name = o.string("name", rules::kMaxNameBytes, false);
    std::tie(c.x, c.y) = land_tile(o, path);
    if (!city_tiles_.insert(s_.index(c.x, c.y)).second)
      fail(path, "shares its tile with another city");
    c.population = o.integer("population", 1, kMaxPopulation);
    c.food = o.integer("food", 0, kMaxCount);
    c.production = o.integer("production", 0, kMaxCount);
    c.hp = o.integer("hp", 1, rules::kCityMaxHp);
    const auto& item = o.get("item");
    if (!item.IsNull()) {
      const auto it = item_from_name(
          Obj::check_string(item, o.at("item"), kMaxTableName, false));
      if (!it) fail(o.at("item"), "is not a unit or building");
      c.item = *it;
    }
    c.capital = o.boolean("capital");
    c.buildings = table_bits<Building>(o, "buildings", building_from_name,
                                       "must be buildings in table order");
    if (c.item.kind == Item::Kind::building &&
        c.has(static_cast<Building>(c.item.index)))
      fail(o.at("item"), "is already built");
    c.founded_turn = o.integer("founded_turn", 1, s_.turn);
    return c;
  }

  Unit read_unit(const Obj& o, const std::string& path, int last_id) {
    Unit u;
    u.id = o.integer("id", last_id + 1, s_.next_unit_id - 1);
    u.owner = alive_owner(o);
    const auto type =
        unit_type_from_name(o.string("type", kMaxTableName, false));
    if (!type) fail(o.at("type"), "is not a unit type");
    u.type = *type;
    std::tie(u.x, u.y) = land_tile(o, path);
    const int t = s_.index(u.x, u.y);
    if (unit_owner_[t] >= 0 && unit_owner_[t] != u.owner)
      fail(path, "shares its tile with another player's unit");
    unit_owner_[t] = u.owner;
    const City* c = s_.city_at(u.x, u.y);
    if (c && c->owner != u.owner) fail(path, "stands in a foreign city");
    u.hp = o.integer("hp", 1, rules::kUnitMaxHp);
    u.fortified = o.boolean("fortified");
    u.veteran = o.boolean("veteran");
    return u;
  }

  void read_messages() {
    const auto& msgs = root_.array("messages");
    if (msgs.Size() >
        static_cast<unsigned>(limits::kMaxPlayers * rules::kMaxMessagesPerTurn))
      fail("messages", "too many");
    for (rapidjson::SizeType k = 0; k < msgs.Size(); ++k) {
      const Obj o(msgs[k], indexed("messages", k), kMessageKeys);
      Message m;
      m.turn = o.integer("turn", 1, s_.turn);
      m.from = o.integer("from", 0, players() - 1);
      const auto& to = o.get("to");
      if (!to.IsNull()) {
        if (!to.IsInt() || to.GetInt() < 0 || to.GetInt() >= players())
          fail(o.at("to"), "must be null or a player index");
        m.to = to.GetInt();
      }
      m.text = o.string("text", rules::kMaxMessageBytes, true);
      s_.messages.push_back(std::move(m));
    }
  }

  const Obj root_;
  State s_;
  std::set<int> city_tiles_;     // tile indexes
  std::vector<int> unit_owner_;  // per tile, -1: no unit
};

}  // namespace

State state_from_json(std::string_view json) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  if (d.HasParseError()) fail("", "is not valid JSON");
  return StateReader(d).read();
}

}  // namespace fourex::game
