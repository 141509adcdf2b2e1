// Orders: one struct per action of the rules, their JSON parser and their
// canonical JSON writer.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fourex::game {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

struct Coord {
  int x = 0;
  int y = 0;
  bool operator==(const Coord&) const = default;
};

struct MoveUnit {
  int unit_id = 0;
  Coord to;
  bool operator==(const MoveUnit&) const = default;
};
struct Attack {
  int unit_id = 0;
  Coord target;
  bool operator==(const Attack&) const = default;
};
struct FoundCity {
  int unit_id = 0;
  std::optional<std::string> name;
  bool operator==(const FoundCity&) const = default;
};
struct SetProduction {
  int city_id = 0;
  std::string item;
  bool operator==(const SetProduction&) const = default;
};
struct SetResearch {
  std::string tech;
  bool operator==(const SetResearch&) const = default;
};
struct Fortify {
  int unit_id = 0;
  bool operator==(const Fortify&) const = default;
};
struct Disband {
  int unit_id = 0;
  bool operator==(const Disband&) const = default;
};
struct DeclareWar {
  std::string player;
  bool operator==(const DeclareWar&) const = default;
};
struct ProposePeace {
  std::string player;
  bool operator==(const ProposePeace&) const = default;
};
struct AcceptPeace {
  std::string player;
  bool operator==(const AcceptPeace&) const = default;
};
struct SendMessage {
  std::string to;
  std::string text;
  bool operator==(const SendMessage&) const = default;
};  // to: a name or "all"

using Action = std::variant<MoveUnit, Attack, FoundCity, SetProduction,
                            SetResearch, Fortify, Disband, DeclareWar,
                            ProposePeace, AcceptPeace, SendMessage>;

struct Order {
  Action action;
  Order() = default;
  template <class A,
            class = std::enable_if_t<!std::is_same_v<std::decay_t<A>, Order>>>
  Order(A&& a) : action(std::forward<A>(a)) {}  // NOLINT: implicit on purpose
  bool operator==(const Order&) const = default;
};
using Orders = std::vector<Order>;

// The "type" string of an order ("move_unit", ...).
std::string_view action_name(const Order& order);

// A malformed order list: index is the action's index (-1 for the list
// itself), field the offending key ("" when the JSON itself is broken).
class ParseError : public std::runtime_error {
 public:
  ParseError(long index_, std::string field_, const std::string& message)
      : std::runtime_error(message), index(index_), field(std::move(field_)) {}
  long index;
  std::string field;
};

Orders parse_orders(const rapidjson::Value& json_array);
Orders parse_orders(std::string_view json_text);
void write_order(const Order& order, JsonWriter& w);
void write_orders(const Orders& orders, JsonWriter& w);
std::string orders_to_json(const Orders& orders);

}  // namespace fourex::game
