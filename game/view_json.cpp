// The view's canonical JSON: one fields() per part lists its keys in order;
// the writer and the strict reader both walk it (json_io.hpp).
#include <rapidjson/document.h>

#include "game/json_io.hpp"
#include "game/view.hpp"

namespace fourex::game {

namespace {

using json_io::is;

template <class Io, is<ViewResearch> E>
void fields(Io& io, E& r) {
  io.field("tech", r.tech);
  io.field("progress", r.progress);
  io.field("cost", r.cost);
}
template <class Io, is<ViewSelf> E>
void fields(Io& io, E& y) {
  io.field("name", y.name);
  io.field("id", y.id);
  io.field("alive", y.alive);
  io.field("gold", y.gold);
  io.field("science_per_turn", y.science_per_turn);
  io.field("gold_per_turn_before_upkeep", y.gold_per_turn_before_upkeep);
  io.nullable_object("research", y.research,
                     [](auto& io, auto& r) { fields(io, r); });
  io.field("science_stock", y.science_stock);
  io.field("techs", y.techs);
  io.field("available_techs", y.available_techs);
  io.field("score", y.score);
}
template <class Io, is<ViewPlayer> E>
void fields(Io& io, E& p) {
  io.field("name", p.name);
  io.field("alive", p.alive);
  io.field("score", p.score);
  io.field("cities", p.cities);
  io.field("techs", p.techs);
  io.field("relation", p.relation);
  io.field("proposed_peace_to_you", p.proposed_peace_to_you);
  io.field("you_proposed_peace", p.you_proposed_peace);
}
template <class Io, is<ViewResource> E>
void fields(Io& io, E& r) {
  io.field("x", r.x);
  io.field("y", r.y);
  io.field("type", r.type);
}
template <class Io, is<ViewMap> E>
void fields(Io& io, E& m) {
  io.field("width", m.width);
  io.field("height", m.height);
  io.field("rows", m.rows);
  io.objects("resources", m.resources,
             [](auto& io, auto& r) { fields(io, r); });
  io.field("legend", m.legend);
}
template <class Io, is<ViewUnit> E>
void fields(Io& io, E& u) {
  io.field("id", u.id);
  io.field("owner", u.owner);
  io.field("type", u.type);
  io.field("x", u.x);
  io.field("y", u.y);
  io.field("hp", u.hp);
  io.field("fortified", u.fortified);
  io.field("veteran", u.veteran);
  io.field("moves", u.moves);
  io.field("strength", u.strength);
  io.field("ranged_strength", u.ranged_strength);
  io.field("range", u.range);
}
template <class Io, is<Yield> E>
void fields(Io& io, E& y) {
  io.field("food", y.food);
  io.field("production", y.production);
  io.field("science", y.science);
  io.field("gold", y.gold);
}
template <class Io, is<ViewCityStocks> E>
void fields(Io& io, E& c) {
  io.field("food", c.food);
  io.field("food_to_grow", c.food_to_grow);
  io.field("production", c.production);
  io.nullable("item", c.item);
  io.field("item_cost", c.item_cost);
  io.object("yield", c.yield, [](auto& io, auto& y) { fields(io, y); });
}
template <class Io, is<ViewCity> E>
void fields(Io& io, E& c) {
  io.field("id", c.id);
  io.field("owner", c.owner);
  io.field("name", c.name);
  io.field("x", c.x);
  io.field("y", c.y);
  io.field("population", c.population);
  io.field("hp", c.hp);
  io.field("capital", c.capital);
  io.field("buildings", c.buildings);
  io.optional_fields("food", c.stocks,
                     [](auto& io, auto& s) { fields(io, s); });
}
template <class Io, is<ViewMessage> E>
void fields(Io& io, E& m) {
  io.field("turn", m.turn);
  io.field("from", m.from);
  io.field("to", m.to);
  io.field("text", m.text);
}
template <class Io, is<View> E>
void fields(Io& io, E& v) {
  const auto nested = [](auto& io, auto& x) { fields(io, x); };
  io.field("turn", v.turn);
  io.object("you", v.you, nested);
  io.objects("players", v.players, nested);
  io.object("map", v.map, nested);
  io.objects("units", v.units, nested);
  io.objects("cities", v.cities, nested);
  io.objects("messages", v.messages, nested);
  io.renamed("suggested_actions", "legal_actions", v.suggested_actions);
}

template <class Part>
void write_object(const Part& part, JsonWriter& w) {
  json_io::JsonOut io(w);
  w.StartObject();
  fields(io, part);
  w.EndObject();
}

}  // namespace

void write_view_fields(const View& v, JsonWriter& w) {
  json_io::JsonOut io(w);
  fields(io, v);
}

void write_view_part(const ViewUnit& unit, JsonWriter& w) {
  write_object(unit, w);
}
void write_view_part(const ViewCity& city, JsonWriter& w) {
  write_object(city, w);
}
void write_view_part(const ViewResource& resource, JsonWriter& w) {
  write_object(resource, w);
}

std::string view_to_json(const View& v) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  write_view_fields(v, w);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

View view_from_json(std::string_view json) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  if (d.HasParseError()) throw ParseError(-1, "", "view: invalid JSON");
  json_io::JsonIn in(d, "view", -1, "");
  View v;
  fields(in, v);
  in.done();
  return v;
}

}  // namespace fourex::game
