// One fields() per event lists its keys in canonical order; the writer and
// the strict reader both walk it, so the two cannot disagree.
#include "game/events.hpp"

#include <algorithm>

#include "game/json_io.hpp"

namespace fourex::game {

namespace {

constexpr std::string_view kNames[] = {
    "order",           "message_sent",      "war_declared",
    "peace_proposed",  "peace_made",        "unit_removed",
    "combat",          "city_captured",     "city_founded",
    "city_grew",       "city_starved",      "production_completed",
    "tech_researched", "player_eliminated", "game_over"};
static_assert(std::size(kNames) == std::variant_size_v<Event>);

using json_io::is;

template <class Io, is<EventUnit> E>
void fields(Io& io, E& u) {
  io.field("id", u.id);
  io.field("owner", u.owner);
  io.field("type", u.type);
  io.field("hp", u.hp);
  io.field("x", u.x);
  io.field("y", u.y);
}
template <class Io, is<EventCity> E>
void fields(Io& io, E& c) {
  io.field("id", c.id);
  io.field("name", c.name);
  io.field("owner", c.owner);
  io.field("hp", c.hp);
}
template <class Io, is<OrderOutcome> E>
void fields(Io& io, E& e) {
  io.field("player", e.player);
  io.field("index", e.index);
  io.field("action", e.action);
  io.word("outcome", e.applied, "applied", "skipped");
  if (!e.applied) {
    io.field("reason", e.reason);
    io.field("message", e.message);
  }
}
template <class Io, is<MessageSent> E>
void fields(Io& io, E& e) {
  io.field("from", e.from);
  io.field("to", e.to);
  io.field("bytes", e.bytes);
}
template <class Io, class E>
requires std::derived_from<std::remove_const_t<E>, PlayerPair>
void fields(Io& io, E& e) {
  io.field("player", e.player);
  io.field("target", e.target);
}
template <class Io, is<UnitRemoved> E>
void fields(Io& io, E& e) {
  io.object("unit", e.unit, [](auto& io, auto& u) { fields(io, u); });
  io.field("reason", e.reason);
}
template <class Io, is<Combat> E>
void fields(Io& io, E& e) {
  const auto nested = [](auto& io, auto& x) { fields(io, x); };
  io.object("attacker", e.attacker, nested);
  io.either("defender", "city", e.defender, nested);
  io.field("damage_dealt", e.damage_dealt);
  io.field("damage_taken", e.damage_taken);
}
template <class Io, is<CityCaptured> E>
void fields(Io& io, E& e) {
  io.field("city_id", e.city_id);
  io.field("city", e.city);
  io.field("from", e.from);
  io.field("to", e.to);
  io.field("capital", e.capital);
}
template <class Io, class E>
void city_ref(Io& io, E& e) {
  io.field("city_id", e.city_id);
  io.field("city", e.city);
  io.field("player", e.player);
}
template <class Io, is<CityFounded> E>
void fields(Io& io, E& e) {
  city_ref(io, e);
  io.field("x", e.x);
  io.field("y", e.y);
}
template <class Io, class E>
requires is<E, CityGrew> || is<E, CityStarved>
void fields(Io& io, E& e) {
  city_ref(io, e);
  io.field("population", e.population);
}
template <class Io, is<ProductionCompleted> E>
void fields(Io& io, E& e) {
  city_ref(io, e);
  io.field("item", e.item);
  io.optional("unit_id", e.unit_id);
}
template <class Io, is<TechResearched> E>
void fields(Io& io, E& e) {
  io.field("player", e.player);
  io.field("tech", e.tech);
}
template <class Io, is<PlayerEliminated> E>
void fields(Io& io, E& e) {
  io.field("player", e.player);
}
template <class Io, is<GameOver> E>
void fields(Io& io, E& e) {
  io.field("reason", e.reason);
  io.nullable("winner", e.winner);
  io.field("scores", e.scores);
}

// The event of the kind named `type`, read from r.
template <std::size_t I = 0>
Event read_event(std::size_t kind, json_io::JsonIn& r) {
  if constexpr (I + 1 < std::variant_size_v<Event>) {
    if (kind != I) return read_event<I + 1>(kind, r);
  }
  std::variant_alternative_t<I, Event> e;
  fields(r, e);
  return e;
}

}  // namespace

std::string_view event_name(const Event& e) { return kNames[e.index()]; }

void write_events(const Events& events, JsonWriter& w) {
  json_io::JsonOut io(w);
  w.StartArray();
  for (const auto& e : events) {
    w.StartObject();
    io.field("type", event_name(e));
    std::visit([&](const auto& x) { fields(io, x); }, e);
    w.EndObject();
  }
  w.EndArray();
}

std::string events_to_json(const Events& events) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write_events(events, w);
  return std::string(buf.GetString(), buf.GetSize());
}

Events events_from_json(std::string_view json) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  if (d.HasParseError()) throw ParseError(-1, "", "events: invalid JSON");
  if (!d.IsArray()) throw ParseError(-1, "", "events must be a JSON array");
  Events out;
  long index = 0;
  for (const auto& v : d.GetArray()) {
    json_io::JsonIn r(v, "event " + std::to_string(index), index, "");
    std::string type;
    r.field("type", type);
    const auto* it = std::find(std::begin(kNames), std::end(kNames), type);
    if (it == std::end(kNames)) r.fail("type", "is not a known event");
    out.push_back(read_event(static_cast<std::size_t>(it - kNames), r));
    r.done();
    ++index;
  }
  return out;
}

}  // namespace fourex::game
