// One fields() per event lists its keys in canonical order; the writer and
// the strict reader both walk it, so the two cannot disagree.
#include "game/events.hpp"

#include <algorithm>
#include <concepts>

namespace fourex::game {

namespace {

constexpr std::string_view kNames[] = {
    "order",           "message_sent",      "war_declared",
    "peace_proposed",  "peace_made",        "unit_removed",
    "combat",          "city_captured",     "city_founded",
    "city_grew",       "city_starved",      "production_completed",
    "tech_researched", "player_eliminated", "game_over"};
static_assert(std::size(kNames) == std::variant_size_v<Event>);

// `E` is T or const T: the writer walks const events, the reader fills them.
template <class E, class T>
concept is = std::same_as<std::remove_const_t<E>, T>;

template <class Io, is<UnitSnapshot> E>
void fields(Io& io, E& u) {
  io.field("id", u.id);
  io.field("owner", u.owner);
  io.field("type", u.type);
  io.field("hp", u.hp);
  io.field("x", u.x);
  io.field("y", u.y);
}
template <class Io, is<CitySnapshot> E>
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
  io.outcome(e.applied);
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
  io.field("unit", e.unit);
  io.field("reason", e.reason);
}
template <class Io, is<Combat> E>
void fields(Io& io, E& e) {
  io.field("attacker", e.attacker);
  io.either("defender", "city", e.defender);
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

class Writer {
 public:
  explicit Writer(JsonWriter& w) : w_(w) {}
  void field(const char* k, int v) {
    w_.Key(k);
    w_.Int(v);
  }
  void field(const char* k, bool v) {
    w_.Key(k);
    w_.Bool(v);
  }
  void field(const char* k, std::string_view v) {
    w_.Key(k);
    str(v);
  }
  template <class T>
  requires is<T, UnitSnapshot> || is<T, CitySnapshot>
  void field(const char* k, T& v) {
    w_.Key(k);
    w_.StartObject();
    fields(*this, v);
    w_.EndObject();
  }
  void field(const char* k,
             const std::vector<std::pair<std::string, int>>& scores) {
    w_.Key(k);
    w_.StartObject();
    for (const auto& [name, score] : scores) {
      w_.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      w_.Int(score);
    }
    w_.EndObject();
  }
  void outcome(bool applied) {
    field("outcome", std::string_view(applied ? "applied" : "skipped"));
  }
  void optional(const char* k, const std::optional<int>& v) {
    if (v) field(k, *v);
  }
  void nullable(const char* k, const std::optional<std::string>& v) {
    w_.Key(k);
    if (v)
      str(*v);
    else
      w_.Null();
  }
  void either(const char* unit_key, const char* city_key,
              const std::variant<UnitSnapshot, CitySnapshot>& v) {
    if (const auto* u = std::get_if<UnitSnapshot>(&v))
      field(unit_key, *u);
    else
      field(city_key, std::get<CitySnapshot>(v));
  }

 private:
  void str(std::string_view v) {
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  JsonWriter& w_;
};

// Reads one JSON object: each key once, and no key it did not ask for.
class Reader {
 public:
  Reader(const rapidjson::Value& v, long index, std::string path)
      : v_(v), index_(index), path_(std::move(path)) {
    if (!v.IsObject()) fail("", "must be an object");
  }
  [[noreturn]] void fail(std::string_view key, const std::string& what) const {
    std::string field = path_;
    if (!key.empty()) field.append(field.empty() ? "" : ".").append(key);
    throw ParseError(
        index_, field,
        "event " + std::to_string(index_) + ": \"" + field + "\" " + what);
  }
  bool has(const char* k) const { return v_.HasMember(k); }
  const rapidjson::Value& member(const char* k) {
    auto it = v_.FindMember(k);
    if (it == v_.MemberEnd()) fail(k, "is missing");
    ++used_;
    return it->value;
  }
  void field(const char* k, int& v) {
    const auto& m = member(k);
    if (!m.IsInt()) fail(k, "must be an integer");
    v = m.GetInt();
  }
  void field(const char* k, bool& v) {
    const auto& m = member(k);
    if (!m.IsBool()) fail(k, "must be true or false");
    v = m.GetBool();
  }
  void field(const char* k, std::string& v) {
    const auto& m = member(k);
    if (!m.IsString()) fail(k, "must be a string");
    v.assign(m.GetString(), m.GetStringLength());
  }
  template <class T>
  requires is<T, UnitSnapshot> || is<T, CitySnapshot>
  void field(const char* k, T& v) {
    Reader sub(member(k), index_, path_.empty() ? k : path_ + "." + k);
    fields(sub, v);
    sub.done();
  }
  void field(const char* k, std::vector<std::pair<std::string, int>>& scores) {
    const auto& m = member(k);
    if (!m.IsObject()) fail(k, "must be an object");
    for (const auto& s : m.GetObject()) {
      if (!s.value.IsInt()) fail(k, "must map names to integers");
      scores.emplace_back(
          std::string(s.name.GetString(), s.name.GetStringLength()),
          s.value.GetInt());
    }
  }
  void outcome(bool& applied) {
    std::string o;
    field("outcome", o);
    if (o != "applied" && o != "skipped")
      fail("outcome", "must be \"applied\" or \"skipped\"");
    applied = o == "applied";
  }
  void optional(const char* k, std::optional<int>& v) {
    if (!has(k)) return;
    v.emplace();
    field(k, *v);
  }
  void nullable(const char* k, std::optional<std::string>& v) {
    if (member(k).IsNull()) return;
    --used_;  // field() below counts the key again
    v.emplace();
    field(k, *v);
  }
  void either(const char* unit_key, const char* city_key,
              std::variant<UnitSnapshot, CitySnapshot>& v) {
    if (has(unit_key))
      field(unit_key, v.emplace<UnitSnapshot>());
    else
      field(city_key, v.emplace<CitySnapshot>());
  }
  void done() const {
    if (used_ != v_.MemberCount()) fail("", "has keys of no such event");
  }

 private:
  const rapidjson::Value& v_;
  long index_;
  std::string path_;
  rapidjson::SizeType used_ = 0;
};

// The event of the kind named `type`, read from r.
template <std::size_t I = 0>
Event read_event(std::size_t kind, Reader& r) {
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
  Writer io(w);
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
    Reader r(v, index, "");
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
