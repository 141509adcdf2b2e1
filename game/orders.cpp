// Parsing is strict about what it reads (types, ranges, UTF-8, sizes) and
// ignores keys it does not know, so agents may annotate their actions.
#include "game/orders.hpp"

#include <iterator>
#include <limits>

#include <rapidjson/error/en.h>

#include "game/overloaded.hpp"
#include "game/rules_tables.hpp"
#include "game/utf8.hpp"

namespace fourex::game {

namespace {

constexpr std::string_view kNames[] = {
    "move_unit",     "attack",       "found_city",  "set_production",
    "set_research",  "fortify",      "disband",     "declare_war",
    "propose_peace", "accept_peace", "send_message"};
static_assert(std::size(kNames) == std::variant_size_v<Action>);

struct Reader {
  const rapidjson::Value& obj;
  long index;

  [[noreturn]] void fail(const std::string& field,
                         const std::string& what) const {
    throw ParseError(
        index, field,
        "action " + std::to_string(index) + ": \"" + field + "\" " + what);
  }
  const rapidjson::Value& member(const char* key) const {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) fail(key, "is missing");
    return it->value;
  }
  int id(const char* key) const {
    const auto& v = member(key);
    if (!v.IsInt64()) fail(key, "must be an integer");
    const auto i = v.GetInt64();
    if (i < 0 || i > std::numeric_limits<int>::max())
      fail(key, "must be an id in 0.." +
                    std::to_string(std::numeric_limits<int>::max()));
    return static_cast<int>(i);
  }
  Coord coord(const char* key) const {
    const auto& v = member(key);
    if (!v.IsArray() || v.Size() != 2) fail(key, "must be [x, y]");
    for (const auto& c : v.GetArray())
      if (!c.IsInt()) fail(key, "must hold two integers in int range");
    return {v[0].GetInt(), v[1].GetInt()};
  }
  std::string str(const char* key, std::size_t max_bytes,
                  bool allow_empty = false) const {
    const auto& v = member(key);
    return check_str(key, v, max_bytes, allow_empty);
  }
  std::string check_str(const char* key, const rapidjson::Value& v,
                        std::size_t max_bytes, bool allow_empty) const {
    if (!v.IsString()) fail(key, "must be a string");
    std::string_view s(v.GetString(), v.GetStringLength());
    if (s.size() > max_bytes)
      fail(key, "must be at most " + std::to_string(max_bytes) + " bytes");
    if (!allow_empty && s.empty()) fail(key, "must not be empty");
    if (!valid_utf8(s)) fail(key, "must be valid UTF-8");
    return std::string(s);
  }
};

Order parse_one(const rapidjson::Value& v, long index) {
  if (!v.IsObject())
    throw ParseError(index, "",
                     "action " + std::to_string(index) + " must be an object");
  Reader r{v, index};
  const std::string type = r.str("type", 64);
  const auto name_bytes = static_cast<std::size_t>(rules::kMaxNameBytes);
  if (type == "move_unit") return MoveUnit{r.id("unit_id"), r.coord("to")};
  if (type == "attack") return Attack{r.id("unit_id"), r.coord("target")};
  if (type == "found_city") {
    FoundCity f{r.id("unit_id"), std::nullopt};
    auto it = v.FindMember("name");
    if (it != v.MemberEnd() && !it->value.IsNull())
      f.name = r.check_str("name", it->value, name_bytes, false);
    return f;
  }
  if (type == "set_production")
    return SetProduction{r.id("city_id"), r.str("item", name_bytes)};
  if (type == "set_research") return SetResearch{r.str("tech", name_bytes)};
  if (type == "fortify") return Fortify{r.id("unit_id")};
  if (type == "disband") return Disband{r.id("unit_id")};
  if (type == "declare_war") return DeclareWar{r.str("player", name_bytes)};
  if (type == "propose_peace") return ProposePeace{r.str("player", name_bytes)};
  if (type == "accept_peace") return AcceptPeace{r.str("player", name_bytes)};
  if (type == "send_message")
    return SendMessage{
        r.str("to", name_bytes),
        r.str("text", static_cast<std::size_t>(rules::kMaxMessageBytes), true)};
  r.fail("type", "is not a known action: \"" + type + "\"");
}

void write_coord(JsonWriter& w, const char* key, Coord c) {
  w.Key(key);
  w.StartArray();
  w.Int(c.x);
  w.Int(c.y);
  w.EndArray();
}

void write_str(JsonWriter& w, const char* key, const std::string& s) {
  w.Key(key);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace

std::string_view action_name(const Order& order) {
  return kNames[order.action.index()];
}

Orders parse_orders(const rapidjson::Value& json_array) {
  if (!json_array.IsArray())
    throw ParseError(-1, "actions", "actions must be a JSON array");
  if (json_array.Size() > static_cast<unsigned>(rules::kMaxOrders))
    throw ParseError(
        -1, "actions",
        "at most " + std::to_string(rules::kMaxOrders) + " actions per turn");
  Orders out;
  out.reserve(json_array.Size());
  long i = 0;
  for (const auto& v : json_array.GetArray()) out.push_back(parse_one(v, i++));
  return out;
}

Orders parse_orders(std::string_view json_text) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(json_text.data(),
                                                 json_text.size());
  if (d.HasParseError())
    throw ParseError(-1, "",
                     std::string("invalid JSON: ") +
                         rapidjson::GetParseError_En(d.GetParseError()) +
                         " at offset " + std::to_string(d.GetErrorOffset()));
  return parse_orders(static_cast<const rapidjson::Value&>(d));
}

void write_order(const Order& order, JsonWriter& w) {
  w.StartObject();
  w.Key("type");
  const auto name = action_name(order);
  w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  const auto unit_id = [&](int id) {
    w.Key("unit_id");
    w.Int(id);
  };
  const auto player = [&](const std::string& name) {
    write_str(w, "player", name);
  };
  std::visit(
      overloaded{[&](const MoveUnit& a) {
                   unit_id(a.unit_id);
                   write_coord(w, "to", a.to);
                 },
                 [&](const Attack& a) {
                   unit_id(a.unit_id);
                   write_coord(w, "target", a.target);
                 },
                 [&](const FoundCity& a) {
                   unit_id(a.unit_id);
                   if (a.name) write_str(w, "name", *a.name);
                 },
                 [&](const SetProduction& a) {
                   w.Key("city_id");
                   w.Int(a.city_id);
                   write_str(w, "item", a.item);
                 },
                 [&](const SetResearch& a) { write_str(w, "tech", a.tech); },
                 [&](const Fortify& a) { unit_id(a.unit_id); },
                 [&](const Disband& a) { unit_id(a.unit_id); },
                 [&](const DeclareWar& a) { player(a.player); },
                 [&](const ProposePeace& a) { player(a.player); },
                 [&](const AcceptPeace& a) { player(a.player); },
                 [&](const SendMessage& a) {
                   write_str(w, "to", a.to);
                   write_str(w, "text", a.text);
                 }},
      order.action);
  w.EndObject();
}

void write_orders(const Orders& orders, JsonWriter& w) {
  w.StartArray();
  for (const auto& o : orders) write_order(o, w);
  w.EndArray();
}

std::string orders_to_json(const Orders& orders) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write_orders(orders, w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace fourex::game
