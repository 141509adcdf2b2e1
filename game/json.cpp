// State <-> canonical JSON. The parser checks every invariant the rules rely
// on (ids sorted, units on land in the map, owners alive, ...), so a state
// that parses can be resolved safely.
#include "game/json.hpp"

#include <bit>
#include <limits>
#include <set>

#include "game/utf8.hpp"

namespace fourex::game {

namespace {

constexpr int kFormat = 1;
constexpr int kBig = 1'000'000'000;
constexpr char kHex[] = "0123456789abcdef";

void str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
void kint(JsonWriter& w, const char* k, int v) {
  w.Key(k);
  w.Int(v);
}
void kbool(JsonWriter& w, const char* k, bool v) {
  w.Key(k);
  w.Bool(v);
}
void kstr(JsonWriter& w, const char* k, std::string_view v) {
  w.Key(k);
  str(w, v);
}

std::string explored_hex(const std::vector<std::uint8_t>& e) {
  std::string out((e.size() + 3) / 4, '0');
  for (std::size_t c = 0; c < out.size(); ++c) {
    int v = 0;
    for (int b = 0; b < 4 && c * 4 + b < e.size(); ++b)
      if (e[c * 4 + b]) v |= 1 << b;
    out[c] = kHex[v];
  }
  return out;
}

}  // namespace

void write_state(const State& s, JsonWriter& w) {
  w.StartObject();
  kint(w, "format", kFormat);
  kint(w, "turn", s.turn);
  kint(w, "max_turns", s.max_turns);
  w.Key("seed");
  w.Uint64(s.seed);
  kint(w, "width", s.width);
  kint(w, "height", s.height);
  kbool(w, "finished", s.finished);
  w.Key("winner");
  if (s.winner)
    w.Int(*s.winner);
  else
    w.Null();
  kint(w, "next_unit_id", s.next_unit_id);
  kint(w, "next_city_id", s.next_city_id);
  std::string terrain(s.tiles.size(), ' '), resources(s.tiles.size(), ' ');
  for (std::size_t i = 0; i < s.tiles.size(); ++i) {
    terrain[i] = info(s.tiles[i].terrain).symbol;
    resources[i] = info(s.tiles[i].resource).symbol;
  }
  kstr(w, "terrain", terrain);
  kstr(w, "resources", resources);
  w.Key("players");
  w.StartArray();
  for (const auto& p : s.players) {
    w.StartObject();
    kstr(w, "name", p.name);
    kstr(w, "personality", p.personality);
    kbool(w, "alive", p.alive);
    kint(w, "gold", p.gold);
    kint(w, "science", p.science);
    w.Key("research");
    if (p.research)
      str(w, info(*p.research).name);
    else
      w.Null();
    w.Key("techs");
    w.StartArray();
    for (int t = 0; t < kTechCount; ++t)
      if (p.knows(static_cast<Tech>(t))) str(w, kTechs[t].name);
    w.EndArray();
    kint(w, "cities_founded", p.cities_founded);
    kstr(w, "explored", explored_hex(p.explored));
    w.EndObject();
  }
  w.EndArray();
  w.Key("wars");
  w.StartArray();
  const int n = static_cast<int>(s.players.size());
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b)
      if (s.at_war(a, b)) {
        w.StartArray();
        w.Int(a);
        w.Int(b);
        w.EndArray();
      }
  w.EndArray();
  w.Key("proposals");
  w.StartArray();
  for (const auto& pr : s.proposals) {
    w.StartArray();
    w.Int(pr.from);
    w.Int(pr.to);
    w.Int(pr.turn);
    w.EndArray();
  }
  w.EndArray();
  w.Key("units");
  w.StartArray();
  for (const auto& u : s.units) {
    w.StartObject();
    kint(w, "id", u.id);
    kint(w, "owner", u.owner);
    kstr(w, "type", info(u.type).name);
    kint(w, "x", u.x);
    kint(w, "y", u.y);
    kint(w, "hp", u.hp);
    kbool(w, "fortified", u.fortified);
    kbool(w, "veteran", u.veteran);
    w.EndObject();
  }
  w.EndArray();
  w.Key("cities");
  w.StartArray();
  for (const auto& c : s.cities) {
    w.StartObject();
    kint(w, "id", c.id);
    kint(w, "owner", c.owner);
    kstr(w, "name", c.name);
    kint(w, "x", c.x);
    kint(w, "y", c.y);
    kint(w, "population", c.population);
    kint(w, "food", c.food);
    kint(w, "production", c.production);
    kint(w, "hp", c.hp);
    w.Key("item");
    if (c.item.kind == Item::Kind::none)
      w.Null();
    else
      str(w, item_name(c.item));
    kbool(w, "capital", c.capital);
    w.Key("buildings");
    w.StartArray();
    for (int b = 0; b < kBuildingCount; ++b)
      if (c.has(static_cast<Building>(b))) str(w, kBuildings[b].name);
    w.EndArray();
    kint(w, "founded_turn", c.founded_turn);
    w.EndObject();
  }
  w.EndArray();
  w.Key("messages");
  w.StartArray();
  for (const auto& m : s.messages) {
    w.StartObject();
    kint(w, "turn", m.turn);
    kint(w, "from", m.from);
    w.Key("to");
    if (m.to)
      w.Int(*m.to);
    else
      w.Null();
    kstr(w, "text", m.text);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string to_json(const State& s) {
  rapidjson::StringBuffer buf;
  buf.Reserve(64 * 1024);
  JsonWriter w(buf);
  write_state(s, w);
  return std::string(buf.GetString(), buf.GetSize());
}

// ---- parsing ------------------------------------------------------------

namespace {

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

std::string idx(const std::string& base, std::size_t i) {
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

}  // namespace

State state_from_json(std::string_view json) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  if (d.HasParseError()) fail("", "is not valid JSON");
  const Obj root(d, "", 18);
  State s;
  if (root.integer("format", kFormat, kFormat) != kFormat) fail("format", "");
  s.max_turns = root.integer("max_turns", 1, 10000);
  s.turn = root.integer("turn", 1, s.max_turns + 1);
  {
    const auto& v = root.get("seed");
    if (!v.IsUint64()) fail("seed", "must be an unsigned 64-bit integer");
    s.seed = v.GetUint64();
  }
  s.width = root.integer("width", 8, 128);
  s.height = root.integer("height", 8, 128);
  s.finished = root.boolean("finished");
  s.next_unit_id = root.integer("next_unit_id", 1, kBig);
  s.next_city_id = root.integer("next_city_id", 1, kBig);
  const std::size_t area = static_cast<std::size_t>(s.width) * s.height;
  const auto terrain = root.string("terrain", area, false);
  const auto resources = root.string("resources", area, false);
  if (terrain.size() != area) fail("terrain", "must have width*height symbols");
  if (resources.size() != area)
    fail("resources", "must have width*height symbols");
  s.tiles.resize(area);
  for (std::size_t i = 0; i < area; ++i) {
    const auto t = terrain_from_symbol(terrain[i]);
    const auto r = resource_from_symbol(resources[i]);
    if (!t) fail("terrain", "has an unknown symbol at " + std::to_string(i));
    if (!r) fail("resources", "has an unknown symbol at " + std::to_string(i));
    s.tiles[i] = {*t, *r};
  }

  const auto& players = root.array("players");
  if (players.Size() < 2 || players.Size() > 16)
    fail("players", "must hold 2..16 players");
  const int n = static_cast<int>(players.Size());
  std::set<std::string> names;
  const std::size_t hex_len = (area + 3) / 4;
  for (int p = 0; p < n; ++p) {
    const std::string path = idx("players", p);
    const Obj o(players[p], path, 9);
    Player pl;
    pl.name = o.string("name", rules::kMaxNameBytes, false);
    if (pl.name == "all" || !names.insert(pl.name).second)
      fail(o.at("name"), "must be unique and not \"all\"");
    pl.personality = o.string("personality", 256, true);
    pl.alive = o.boolean("alive");
    pl.gold = o.integer("gold", 0, kBig);
    pl.science = o.integer("science", 0, kBig);
    const auto& r = o.get("research");
    if (!r.IsNull()) {
      const auto name = Obj::check_string(r, o.at("research"), 64, false);
      pl.research = tech_from_name(name);
      if (!pl.research) fail(o.at("research"), "is not a tech");
    }
    const auto& techs = o.array("techs");
    int last = -1;
    for (rapidjson::SizeType k = 0; k < techs.Size(); ++k) {
      const auto name =
          Obj::check_string(techs[k], idx(o.at("techs"), k), 64, false);
      const auto t = tech_from_name(name);
      if (!t || static_cast<int>(*t) <= last)
        fail(idx(o.at("techs"), k), "must be known techs in table order");
      last = static_cast<int>(*t);
      pl.techs |= 1u << last;
    }
    if (pl.research && pl.knows(*pl.research))
      fail(o.at("research"), "is already known");
    pl.cities_founded = o.integer("cities_founded", 0, kBig);
    const auto hex = o.string("explored", hex_len, false);
    if (hex.size() != hex_len) fail(o.at("explored"), "has the wrong length");
    pl.explored.assign(area, 0);
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
        pl.explored[c * 4 + b] = 1;
      }
    }
    s.players.push_back(std::move(pl));
  }
  {
    const auto& w = root.get("winner");
    if (!w.IsNull()) {
      if (!w.IsInt() || w.GetInt() < 0 || w.GetInt() >= n)
        fail("winner", "must be null or a player index");
      s.winner = w.GetInt();
    }
    if (s.winner && !s.finished) fail("winner", "set while not finished");
  }
  s.war.assign(static_cast<std::size_t>(n) * n, 0);
  const auto& wars = root.array("wars");
  std::pair<int, int> prev{-1, -1};
  for (rapidjson::SizeType k = 0; k < wars.Size(); ++k) {
    const auto& t = int_tuple(wars[k], idx("wars", k), 2);
    const int a = t[0].GetInt(), b = t[1].GetInt();
    if (a < 0 || b >= n || a >= b || std::pair(a, b) <= prev)
      fail(idx("wars", k), "must be sorted pairs [a, b] with a < b");
    if (!s.players[a].alive || !s.players[b].alive)
      fail(idx("wars", k), "names an eliminated player");
    prev = {a, b};
    s.set_war(a, b, true);
  }
  const auto& props = root.array("proposals");
  prev = {-1, -1};
  for (rapidjson::SizeType k = 0; k < props.Size(); ++k) {
    const auto& t = int_tuple(props[k], idx("proposals", k), 3);
    PeaceProposal pr{t[0].GetInt(), t[1].GetInt(), t[2].GetInt()};
    if (pr.from < 0 || pr.from >= n || pr.to < 0 || pr.to >= n ||
        pr.from == pr.to || std::pair(pr.from, pr.to) <= prev || pr.turn < 1 ||
        pr.turn >= s.turn || !s.players[pr.from].alive ||
        !s.players[pr.to].alive || !s.at_war(pr.from, pr.to))
      fail(idx("proposals", k), "is not a valid open proposal");
    prev = {pr.from, pr.to};
    s.proposals.push_back(pr);
  }

  const auto& cities = root.array("cities");
  int last_id = 0;
  std::set<int> city_tiles;
  for (rapidjson::SizeType k = 0; k < cities.Size(); ++k) {
    const std::string path = idx("cities", k);
    const Obj o(cities[k], path, 13);
    City c;
    c.id = o.integer("id", last_id + 1, s.next_city_id - 1);
    last_id = c.id;
    c.owner = o.integer("owner", 0, n - 1);
    if (!s.players[c.owner].alive) fail(o.at("owner"), "is eliminated");
    c.name = o.string("name", rules::kMaxNameBytes, false);
    c.x = o.integer("x", 0, s.width - 1);
    c.y = o.integer("y", 0, s.height - 1);
    if (info(s.tile(c.x, c.y).terrain).move_cost == 0)
      fail(path, "stands on water");
    if (!city_tiles.insert(s.index(c.x, c.y)).second)
      fail(path, "shares its tile with another city");
    c.population = o.integer("population", 1, 10000);
    c.food = o.integer("food", 0, kBig);
    c.production = o.integer("production", 0, kBig);
    c.hp = o.integer("hp", 1, rules::kCityMaxHp);
    const auto& item = o.get("item");
    if (!item.IsNull()) {
      const auto it =
          item_from_name(Obj::check_string(item, o.at("item"), 64, false));
      if (!it) fail(o.at("item"), "is not a unit or building");
      c.item = *it;
    }
    c.capital = o.boolean("capital");
    const auto& bs = o.array("buildings");
    int lastb = -1;
    for (rapidjson::SizeType b = 0; b < bs.Size(); ++b) {
      const auto name =
          Obj::check_string(bs[b], idx(o.at("buildings"), b), 64, false);
      const auto bb = building_from_name(name);
      if (!bb || static_cast<int>(*bb) <= lastb)
        fail(idx(o.at("buildings"), b), "must be buildings in table order");
      lastb = static_cast<int>(*bb);
      c.buildings |= 1u << lastb;
    }
    if (c.item.kind == Item::Kind::building &&
        c.has(static_cast<Building>(c.item.index)))
      fail(o.at("item"), "is already built");
    c.founded_turn = o.integer("founded_turn", 1, s.turn);
    s.cities.push_back(std::move(c));
  }

  const auto& units = root.array("units");
  last_id = 0;
  std::vector<int> tile_owner(area, -1);
  for (rapidjson::SizeType k = 0; k < units.Size(); ++k) {
    const std::string path = idx("units", k);
    const Obj o(units[k], path, 8);
    Unit u;
    u.id = o.integer("id", last_id + 1, s.next_unit_id - 1);
    last_id = u.id;
    u.owner = o.integer("owner", 0, n - 1);
    if (!s.players[u.owner].alive) fail(o.at("owner"), "is eliminated");
    const auto type = unit_type_from_name(o.string("type", 64, false));
    if (!type) fail(o.at("type"), "is not a unit type");
    u.type = *type;
    u.x = o.integer("x", 0, s.width - 1);
    u.y = o.integer("y", 0, s.height - 1);
    const int t = s.index(u.x, u.y);
    if (info(s.tiles[t].terrain).move_cost == 0) fail(path, "stands on water");
    if (tile_owner[t] >= 0 && tile_owner[t] != u.owner)
      fail(path, "shares its tile with another player's unit");
    tile_owner[t] = u.owner;
    const City* c = s.city_at(u.x, u.y);
    if (c && c->owner != u.owner) fail(path, "stands in a foreign city");
    u.hp = o.integer("hp", 1, rules::kUnitMaxHp);
    u.fortified = o.boolean("fortified");
    u.veteran = o.boolean("veteran");
    s.units.push_back(u);
  }
  const auto& msgs = root.array("messages");
  if (msgs.Size() > 16u * rules::kMaxMessagesPerTurn)
    fail("messages", "too many");
  for (rapidjson::SizeType k = 0; k < msgs.Size(); ++k) {
    const Obj o(msgs[k], idx("messages", k), 4);
    Message m;
    m.turn = o.integer("turn", 1, s.turn);
    m.from = o.integer("from", 0, n - 1);
    const auto& to = o.get("to");
    if (!to.IsNull()) {
      if (!to.IsInt() || to.GetInt() < 0 || to.GetInt() >= n)
        fail(o.at("to"), "must be null or a player index");
      m.to = to.GetInt();
    }
    m.text = o.string("text", rules::kMaxMessageBytes, true);
    s.messages.push_back(std::move(m));
  }
  for (int p = 0; p < n; ++p) {
    if (s.players[p].alive) continue;
    for (const auto& u : s.units)
      if (u.owner == p) fail("units", "an eliminated player owns a unit");
  }
  return s;
}

}  // namespace fourex::game
