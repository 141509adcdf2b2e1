// State -> canonical JSON: fixed key order, integers only, no whitespace.
// The reader is json_parse.cpp.
#include "game/json.hpp"

namespace fourex::game {

namespace {

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
void kint_or_null(JsonWriter& w, const char* k, const std::optional<int>& v) {
  w.Key(k);
  if (v)
    w.Int(*v);
  else
    w.Null();
}
void kstr_or_null(JsonWriter& w, const char* k,
                  const std::optional<std::string_view>& v) {
  w.Key(k);
  if (v)
    str(w, *v);
  else
    w.Null();
}
// An array under k of f(w, e) for each element.
template <class V, class F>
void karray(JsonWriter& w, const char* k, const V& v, F&& f) {
  w.Key(k);
  w.StartArray();
  for (const auto& e : v) f(w, e);
  w.EndArray();
}

// The names of the table's entries whose bit is set, in table order.
template <class Table>
void knames_of_bits(JsonWriter& w, const char* k, const Table& table,
                    std::uint32_t bits) {
  w.Key(k);
  w.StartArray();
  for (std::size_t i = 0; i < table.size(); ++i)
    if ((bits >> i) & 1u) str(w, table[i].name);
  w.EndArray();
}

// Four tiles per hex digit, the first tile in the lowest bit.
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

void write_header(const State& s, JsonWriter& w) {
  kint(w, "format", kStateFormat);
  kint(w, "turn", s.turn);
  kint(w, "max_turns", s.max_turns);
  w.Key("seed");
  w.Uint64(s.seed);
  kint(w, "width", s.width);
  kint(w, "height", s.height);
  kbool(w, "finished", s.finished);
  kint_or_null(w, "winner", s.winner);
  kint(w, "next_unit_id", s.next_unit_id);
  kint(w, "next_city_id", s.next_city_id);
}

// One symbol per tile, row-major, for terrain and for resources.
void write_map(const State& s, JsonWriter& w) {
  std::string terrain(s.tiles.size(), ' '), resources(s.tiles.size(), ' ');
  for (std::size_t i = 0; i < s.tiles.size(); ++i) {
    terrain[i] = info(s.tiles[i].terrain).symbol;
    resources[i] = info(s.tiles[i].resource).symbol;
  }
  kstr(w, "terrain", terrain);
  kstr(w, "resources", resources);
}

void write_player(JsonWriter& w, const Player& p) {
  w.StartObject();
  kstr(w, "name", p.name);
  kstr(w, "personality", p.personality);
  kbool(w, "alive", p.alive);
  kint(w, "gold", p.gold);
  kint(w, "science", p.science);
  kstr_or_null(
      w, "research",
      p.research ? std::optional(info(*p.research).name) : std::nullopt);
  knames_of_bits(w, "techs", kTechs, p.techs);
  kint(w, "cities_founded", p.cities_founded);
  kstr(w, "explored", explored_hex(p.explored));
  w.EndObject();
}

// Wars as sorted pairs [a, b] with a < b; proposals as [from, to, turn].
void write_diplomacy(const State& s, JsonWriter& w) {
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
  karray(w, "proposals", s.proposals,
         [](JsonWriter& w, const PeaceProposal& pr) {
           w.StartArray();
           w.Int(pr.from);
           w.Int(pr.to);
           w.Int(pr.turn);
           w.EndArray();
         });
}

void write_unit(JsonWriter& w, const Unit& u) {
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

void write_city(JsonWriter& w, const City& c) {
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
  kstr_or_null(w, "item",
               c.item.kind == Item::Kind::none
                   ? std::nullopt
                   : std::optional(item_name(c.item)));
  kbool(w, "capital", c.capital);
  knames_of_bits(w, "buildings", kBuildings, c.buildings);
  kint(w, "founded_turn", c.founded_turn);
  w.EndObject();
}

void write_message(JsonWriter& w, const Message& m) {
  w.StartObject();
  kint(w, "turn", m.turn);
  kint(w, "from", m.from);
  kint_or_null(w, "to", m.to);
  kstr(w, "text", m.text);
  w.EndObject();
}

}  // namespace

void write_state(const State& s, JsonWriter& w) {
  w.StartObject();
  write_header(s, w);
  write_map(s, w);
  karray(w, "players", s.players, write_player);
  write_diplomacy(s, w);
  karray(w, "units", s.units, write_unit);
  karray(w, "cities", s.cities, write_city);
  karray(w, "messages", s.messages, write_message);
  w.EndObject();
}

std::string to_json(const State& s) {
  rapidjson::StringBuffer buf;
  buf.Reserve(64 * 1024);
  JsonWriter w(buf);
  write_state(s, w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace fourex::game
