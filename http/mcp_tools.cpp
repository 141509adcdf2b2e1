#include "http/mcp_tools.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "actors/json_writer.hpp"
#include "game/analysis.hpp"
#include "game/view.hpp"
#include "http/errors.hpp"
#include "http/mcp_jsonrpc.hpp"
#include "http/mcp_schema.hpp"

namespace fourex::http::mcp {

namespace {

using actors::json::key_int;
using actors::json::key_raw;
using actors::json::key_string;
using actors::json::object;
using actors::json::Writer;

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError()) throw std::runtime_error("unreadable answer");
  return doc;
}

// A tool's answer: structured content (the JSON text too, as the spec asks
// for older clients), or a failure the model can read and act on.
struct Answer {
  std::string json;
  bool is_error = false;
};

Answer failed(const actors::Result& r) {
  const std::string code = r.code.empty() ? code_name(r.error) : r.code;
  return {object([&](Writer& w) {
            w.Key("error");
            w.StartObject();
            key_string(w, "code", code);
            key_string(w, "message", r.message);
            key_raw(w, "details", r.body.empty() ? "{}" : r.body);
            w.EndObject();
          }),
          true};
}

Answer refused(const std::string& message) {
  return failed(actors::Result::failure(actors::ErrorCode::bad_request, message,
                                        "bad_request"));
}

std::string tool_result(const Answer& a) {
  return object([&](Writer& w) {
    w.Key("content");
    w.StartArray();
    w.StartObject();
    key_string(w, "type", "text");
    key_string(w, "text", a.json);
    w.EndObject();
    w.EndArray();
    if (a.is_error) {
      w.Key("isError");
      w.Bool(true);
    } else {
      key_raw(w, "structuredContent", a.json);
    }
  });
}

std::int64_t int_arg(const rapidjson::Value& args, const char* key,
                     std::int64_t fallback) {
  auto it = args.FindMember(key);
  return it == args.MemberEnd() ? fallback : it->value.GetInt64();
}

// The view as the HTTP route answers it, or the failure.
actors::Result view_result(const Player& p,
                           const actors::ViewRequest& request = {}) {
  return p.ctx.runtime.player_view(p.session.game_id, {p.token}, request);
}

constexpr const char* kViewKeys[] = {
    "turn",  "you",    "players",  "map",
    "units", "cities", "messages", "suggested_actions"};

// The engine's View of an answer of view_result (its view keys only).
game::View engine_view(const rapidjson::Document& doc) {
  rapidjson::Document only;
  only.SetObject();
  for (const char* key : kViewKeys)
    only.AddMember(rapidjson::StringRef(key),
                   rapidjson::Value(doc[key], only.GetAllocator()),
                   only.GetAllocator());
  return game::view_from_json(to_json_text(only));
}

// Runs an analysis on the player's current view.
template <class Analyse>
Answer on_view(const Player& p, Analyse analyse) {
  auto r = view_result(p);
  if (!r.ok()) return failed(r);
  auto doc = parse(r.body);
  auto view = engine_view(doc);
  return analyse(view);
}

bool off_map(const game::View& v, std::int64_t x, std::int64_t y) {
  return x < 0 || y < 0 || x >= v.map.width || y >= v.map.height;
}

Answer off_map_answer(const game::View& v) {
  return refused("tiles are (x, y) with 0 <= x < " +
                 std::to_string(v.map.width) + " and 0 <= y < " +
                 std::to_string(v.map.height));
}

// --- the tools -------------------------------------------------------------

Answer get_rules(const Player&, const rapidjson::Value&) {
  return {
      object([](Writer& w) { key_string(w, "markdown", rules_markdown()); })};
}

Answer get_view(const Player& p, const rapidjson::Value&) {
  auto r = view_result(p);
  if (!r.ok()) return failed(r);
  return {r.body};
}

// The view's suggested actions, under `key`.
Answer suggestions(const Player& p, const char* key) {
  auto r = view_result(p);
  if (!r.ok()) return failed(r);
  auto doc = parse(r.body);
  return {object([&](Writer& w) {
    key_int(w, "turn", doc["turn"].GetInt64());
    w.Key("submitted");
    w.Bool(doc["submitted"].GetBool());
    key_raw(w, key, to_json_text(doc["suggested_actions"]));
  })};
}

Answer suggested_actions(const Player& p, const rapidjson::Value&) {
  return suggestions(p, "suggested_actions");
}

// The tool's first name, kept for the agents written before the rename.
Answer legal_actions(const Player& p, const rapidjson::Value&) {
  return suggestions(p, "legal_actions");
}

Answer validate_orders(const Player& p, const rapidjson::Value& args) {
  auto r = p.ctx.runtime.dry_run(p.session.game_id, {p.token},
                                 to_json_text(args["orders"]));
  if (!r.ok()) return failed(r);
  return {r.body};
}

Answer submit_orders(const Player& p, const rapidjson::Value& args) {
  actors::Submission s;
  s.actions_json = to_json_text(args["orders"]);
  if (auto it = args.FindMember("request_id"); it != args.MemberEnd())
    s.request_id = it->value.GetString();
  if (auto it = args.FindMember("turn"); it != args.MemberEnd())
    s.turn = static_cast<int>(it->value.GetInt64());
  auto r = p.ctx.runtime.submit(p.session.game_id, {p.token}, s);
  if (!r.ok()) return failed(r);
  return {r.body};
}

// Long-polls in slices so that the client hears progress between them.
Answer wait_for_turn(const Player& p, const rapidjson::Value& args) {
  using namespace std::chrono;
  constexpr auto kSlice = milliseconds(2000);
  const auto timeout = milliseconds(int_arg(args, "timeout_ms", 30000));
  const auto deadline = steady_clock::now() + timeout;
  int target = static_cast<int>(int_arg(args, "turn", 0));
  for (;;) {
    const auto left =
        duration_cast<milliseconds>(deadline - steady_clock::now());
    actors::ViewRequest request;
    if (target > 0) request.wait_for_turn = target;
    request.timeout_ms = static_cast<int>(
        std::max<std::int64_t>(0, std::min(left, kSlice).count()));
    auto r = view_result(p, request);
    if (!r.ok()) return failed(r);
    auto doc = parse(r.body);
    const int turn = doc["turn"].GetInt();
    if (target == 0) target = turn + 1;
    const bool reached = turn >= target;
    const std::string status = doc["status"].GetString();
    if (reached || game::status_from_name(status) != game::GameStatus::active ||
        left <= kSlice)
      return {object([&](Writer& w) {
        w.Key("reached");
        w.Bool(reached);
        key_int(w, "turn", turn);
        key_string(w, "status", status);
        key_int(w, "completed_turns", doc["completed_turns"].GetInt64());
        key_int(w, "max_turns", doc["max_turns"].GetInt64());
        key_raw(w, "winner", to_json_text(doc["winner"]));
        w.Key("submitted");
        w.Bool(doc["submitted"].GetBool());
        key_raw(w, "waiting_for", to_json_text(doc["waiting_for"]));
      })};
    if (p.progress) {
      const auto waited =
          duration_cast<milliseconds>(timeout - left + kSlice).count();
      p.progress(static_cast<int>(waited), static_cast<int>(timeout.count()),
                 "turn " + std::to_string(turn) + ", waiting for " +
                     to_json_text(doc["waiting_for"]));
    }
  }
}

// Does the JSON value name `player` anywhere (an owner, a target...)?
bool names(const rapidjson::Value& v, const std::string& player) {
  if (v.IsString()) return player == v.GetString();
  if (v.IsArray())
    return std::any_of(v.Begin(), v.End(),
                       [&](const auto& e) { return names(e, player); });
  if (v.IsObject())
    for (const auto& m : v.GetObject())
      if (names(m.value, player)) return true;
  return false;
}

Answer get_history(const Player& p, const rapidjson::Value& args) {
  constexpr std::int64_t kMaxTurns = 50;
  auto from = int_arg(args, "from", 1);
  auto to =
      std::min(int_arg(args, "to", from + kMaxTurns - 1), from + kMaxTurns - 1);
  auto r = p.ctx.runtime.turns(p.session.game_id, {p.token},
                               static_cast<int>(from), static_cast<int>(to));
  if (!r.ok()) return failed(r);
  auto doc = parse(r.body);
  const auto& me = p.session.player;
  return {object([&](Writer& w) {
    key_string(w, "player", me);
    w.Key("turns");
    w.StartArray();
    for (const auto& t : doc["turns"].GetArray()) {
      w.StartObject();
      key_int(w, "turn", t["turn"].GetInt64());
      const auto& actions = t["actions"];
      auto mine = actions.FindMember(me.c_str());
      key_raw(w, "orders",
              mine == actions.MemberEnd() ? "[]" : to_json_text(mine->value));
      w.Key("events");
      w.StartArray();
      for (const auto& e : t["events"].GetArray())
        if (names(e, me)) {
          auto text = to_json_text(e);
          w.RawValue(text.data(), text.size(), rapidjson::kObjectType);
        }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  })};
}

Answer analyze_territory(const Player& p, const rapidjson::Value& args) {
  return on_view(p, [&](const game::View& v) {
    const auto x = int_arg(args, "x", 0), y = int_arg(args, "y", 0);
    if (off_map(v, x, y)) return off_map_answer(v);
    auto t = game::territory(v, static_cast<int>(x), static_cast<int>(y),
                             static_cast<int>(int_arg(args, "radius", 3)));
    return Answer{object([&](Writer& w) {
      key_int(w, "x", t.x);
      key_int(w, "y", t.y);
      key_int(w, "radius", t.radius);
      key_int(w, "visible_tiles", t.visible);
      key_int(w, "remembered_tiles", t.remembered);
      key_int(w, "unexplored_tiles", t.unexplored);
      w.Key("terrain");
      w.StartObject();
      for (const auto& c : t.terrain) key_int(w, c.terrain.c_str(), c.tiles);
      w.EndObject();
      w.Key("resources");
      w.StartArray();
      for (const auto& r : t.resources) game::write_view_part(r, w);
      w.EndArray();
      w.Key("cities");
      w.StartArray();
      for (const auto& c : t.cities) game::write_view_part(c, w);
      w.EndArray();
      w.Key("units");
      w.StartArray();
      for (const auto& u : t.units) game::write_view_part(u, w);
      w.EndArray();
    })};
  });
}

Answer find_threats(const Player& p, const rapidjson::Value& args) {
  return on_view(p, [&](const game::View& v) {
    auto found = game::threats(v, static_cast<int>(int_arg(args, "within", 3)));
    return Answer{object([&](Writer& w) {
      w.Key("threats");
      w.StartArray();
      for (const auto& t : found) {
        w.StartObject();
        w.Key("unit");
        game::write_view_part(t.unit, w);
        key_string(w, "relation", t.relation);
        key_string(w, "nearest_kind", t.nearest_kind);
        key_int(w, "nearest_id", t.nearest_id);
        key_int(w, "distance", t.distance);
        w.EndObject();
      }
      w.EndArray();
    })};
  });
}

// Where "near me" is when the caller names no tile: the capital, else the
// first own city or unit.
std::pair<int, int> home(const game::View& v) {
  const game::ViewCity* best = nullptr;
  for (const auto& c : v.cities)
    if (c.owner == v.you.name && (!best || (c.capital && !best->capital)))
      best = &c;
  if (best) return {best->x, best->y};
  for (const auto& u : v.units)
    if (u.owner == v.you.name) return {u.x, u.y};
  return {0, 0};
}

Answer find_unclaimed_resources(const Player& p, const rapidjson::Value& args) {
  return on_view(p, [&](const game::View& v) {
    auto [hx, hy] = home(v);
    const auto x = int_arg(args, "x", hx), y = int_arg(args, "y", hy);
    if (off_map(v, x, y)) return off_map_answer(v);
    auto sites =
        game::unclaimed_resources(v, static_cast<int>(x), static_cast<int>(y),
                                  static_cast<int>(int_arg(args, "limit", 5)));
    return Answer{object([&](Writer& w) {
      key_int(w, "x", x);
      key_int(w, "y", y);
      w.Key("resources");
      w.StartArray();
      for (const auto& s : sites) {
        w.StartObject();
        key_int(w, "x", s.resource.x);
        key_int(w, "y", s.resource.y);
        key_string(w, "type", s.resource.type);
        key_int(w, "distance", s.distance);
        w.EndObject();
      }
      w.EndArray();
    })};
  });
}

Answer find_path(const Player& p, const rapidjson::Value& args) {
  return on_view(p, [&](const game::View& v) {
    const auto fx = int_arg(args, "from_x", 0), fy = int_arg(args, "from_y", 0);
    const auto tx = int_arg(args, "to_x", 0), ty = int_arg(args, "to_y", 0);
    if (off_map(v, fx, fy) || off_map(v, tx, ty)) return off_map_answer(v);
    auto path = game::find_path(v, static_cast<int>(fx), static_cast<int>(fy),
                                static_cast<int>(tx), static_cast<int>(ty));
    return Answer{object([&](Writer& w) {
      key_int(w, "distance",
              game::distance(static_cast<int>(fx), static_cast<int>(fy),
                             static_cast<int>(tx), static_cast<int>(ty)));
      w.Key("found");
      w.Bool(path.found);
      key_int(w, "cost", path.cost);
      w.Key("tiles");
      w.StartArray();
      for (const auto& [x, y] : path.tiles) {
        w.StartArray();
        w.Int(x);
        w.Int(y);
        w.EndArray();
      }
      w.EndArray();
      if (!path.found) key_string(w, "reason", path.reason);
    })};
  });
}

// --- the catalog ------------------------------------------------------------

struct Tool {
  std::string name, title, description, input_schema, output_schema;
  bool read_only;
  Answer (*run)(const Player&, const rapidjson::Value&);
  std::shared_ptr<rapidjson::Document> input = nullptr;  // parsed once
};

// Pieces of the schemas.
const std::string kNoArgs =
    R"({"type":"object","properties":{},"additionalProperties":false})";
const std::string kOrders =
    R"("orders":{"type":"array","maxItems":1000,"items":{"type":"object"},)"
    R"("description":"Action objects as in suggested_actions, e.g. {\"type\":\"move_unit\",\"unit_id\":3,\"x\":5,\"y\":7}; each unit and city at most once."})";
const std::string kUnit =
    R"({"type":"object","properties":{"id":{"type":"integer"},"owner":{"type":"string"},"type":{"type":"string"},"x":{"type":"integer"},"y":{"type":"integer"},)"
    R"("hp":{"type":"integer"},"fortified":{"type":"boolean"},"veteran":{"type":"boolean"},"moves":{"type":"integer"},)"
    R"("strength":{"type":"integer"},"ranged_strength":{"type":"integer"},"range":{"type":"integer"}}})";
const std::string kResource =
    R"({"type":"object","properties":{"x":{"type":"integer"},"y":{"type":"integer"},"type":{"type":"string"}}})";

// The properties x and y of a tile ("x", "y" or "from_x", "from_y"...).
std::string tile(const std::string& x, const std::string& y,
                 const std::string& what) {
  auto coordinate = [&](const std::string& name, const char* axis) {
    return "\"" + name +
           R"(":{"type":"integer","minimum":0,"maximum":127,"description":")" +
           axis + " of " + what + "\"}";
  };
  return coordinate(x, "x") + "," + coordinate(y, "y");
}

std::vector<Tool> catalog() {
  std::vector<Tool> all = {
      {"get_rules", "Rules of fourex",
       "The complete rules of the game as Markdown: map and terrain, "
       "units, "
       "cities, research, combat, diplomacy, every order's fields, "
       "victory. "
       "Read once at the start.",
       kNoArgs,
       R"({"type":"object","properties":{"markdown":{"type":"string"}},"required":["markdown"]})",
       true, get_rules},
      {"get_view", "My view of the game",
       "Your view of the current turn under fog of war: turn, status, your "
       "gold/research/techs, players and relations, the map (one string "
       "per "
       "row: uppercase = visible now, lowercase = explored earlier, ? = "
       "unexplored; see map.legend), your units and cities and the foreign "
       "ones you see, messages, whether you submitted, and "
       "suggested_actions (legal_actions: the same list, its old name).",
       kNoArgs,
       R"({"type":"object","required":["game_id","status","turn","you","players","map","units","cities","messages","suggested_actions","legal_actions"],"properties":{)"
       R"("game_id":{"type":"string"},"status":{"type":"string"},"state_hash":{"type":"string"},"turn":{"type":"integer"},"completed_turns":{"type":"integer"},"max_turns":{"type":"integer"},)"
       R"("submitted":{"type":"boolean"},"waiting_for":{"type":"array","items":{"type":"string"}},"winner":{"type":["string","null"]},)"
       R"("you":{"type":"object"},"players":{"type":"array"},"map":{"type":"object"},"units":{"type":"array"},"cities":{"type":"array"},"messages":{"type":"array"},"suggested_actions":{"type":"array"},"legal_actions":{"type":"array"}}})",
       true, get_view},
      {"suggested_actions", "Suggested actions now",
       "A short list of ready-to-send orders for this turn, legal now: "
       "any subset that uses each unit and each city at most once (and at "
       "most one set_research) is accepted. Not every legal order: a unit "
       "is offered a few of the tiles it can reach; the server accepts "
       "any order the rules allow.",
       kNoArgs,
       R"({"type":"object","required":["turn","submitted","suggested_actions"],"properties":{"turn":{"type":"integer"},"submitted":{"type":"boolean"},"suggested_actions":{"type":"array","items":{"type":"object"}}}})",
       true, suggested_actions},
      {"legal_actions", "Suggested actions now (deprecated name)",
       "Deprecated: the first name of suggested_actions, kept for agents "
       "written before the rename. The same list, under legal_actions.",
       kNoArgs,
       R"({"type":"object","required":["turn","submitted","legal_actions"],"properties":{"turn":{"type":"integer"},"submitted":{"type":"boolean"},"legal_actions":{"type":"array","items":{"type":"object"}}}})",
       true, legal_actions},
      {"validate_orders", "Check orders (dry run)",
       "Checks each order against the current turn as submit_orders would, "
       "without submitting anything: per order, valid or the rule it "
       "breaks "
       "and why.",
       R"({"type":"object","required":["orders"],"additionalProperties":false,"properties":{)" +
           kOrders + "}}",
       R"({"type":"object","required":["turn","valid","orders"],"properties":{"turn":{"type":"integer"},"valid":{"type":"boolean"},"orders":{"type":"array","items":{"type":"object","required":["index","valid"],"properties":{"index":{"type":"integer"},"valid":{"type":"boolean"},"rule":{"type":"string"},"message":{"type":"string"}}}}}})",
       true, validate_orders},
      {"submit_orders", "Submit this turn's orders",
       "Submits your orders for the turn, once per turn; durable when "
       "accepted. The same request_id again returns the first answer (safe "
       "to retry). An illegal order refuses the whole list "
       "(illegal_action, with the order's index and rule): use "
       "validate_orders first. The turn resolves when every living player "
       "has submitted; then call wait_for_turn.",
       R"({"type":"object","required":["orders"],"additionalProperties":false,"properties":{)" +
           kOrders +
           R"(,"request_id":{"type":"string","maxLength":128,"description":"Idempotency key, e.g. the turn number"},)"
           R"("turn":{"type":"integer","minimum":1,"maximum":1000000,"description":"The turn the orders are for - refused as wrong_turn if the game is elsewhere"}}})",
       R"({"type":"object","required":["accepted","turn","durable"],"properties":{"accepted":{"type":"boolean"},"turn":{"type":"integer"},"durable":{"type":"boolean"}}})",
       false, submit_orders},
      {"wait_for_turn", "Wait for the next turn",
       "Waits until the game reaches `turn` (default: the current turn + "
       "1), "
       "ends, or timeout_ms passes (at most 120000); sends progress "
       "notifications while it waits when the request has a progressToken.",
       R"({"type":"object","additionalProperties":false,"properties":{"turn":{"type":"integer","minimum":1,"maximum":1000000},"timeout_ms":{"type":"integer","minimum":0,"maximum":120000}}})",
       R"({"type":"object","required":["reached","turn","status"],"properties":{"reached":{"type":"boolean"},"turn":{"type":"integer"},"status":{"type":"string"},"completed_turns":{"type":"integer"},"max_turns":{"type":"integer"},"winner":{"type":["string","null"]},"submitted":{"type":"boolean"},"waiting_for":{"type":"array","items":{"type":"string"}}}})",
       true, wait_for_turn},
      {"get_history", "My turn history",
       "Your orders and the events that name you (outcomes of your orders "
       "with the rule of each skipped one, combats, cities, diplomacy) for "
       "resolved turns from..to (at most 50 turns a call).",
       R"({"type":"object","additionalProperties":false,"properties":{"from":{"type":"integer","minimum":1,"maximum":1000000},"to":{"type":"integer","minimum":1,"maximum":1000000}}})",
       R"({"type":"object","required":["player","turns"],"properties":{"player":{"type":"string"},"turns":{"type":"array","items":{"type":"object","properties":{"turn":{"type":"integer"},"orders":{"type":"array"},"events":{"type":"array"}}}}}})",
       true, get_history},
      {"analyze_territory", "Territory around a tile",
       "What you know of the square of `radius` tiles (default 3, at most "
       "10) around (x, y): tiles visible/remembered/unexplored, terrain "
       "counts, resources, cities and units you see there.",
       R"({"type":"object","required":["x","y"],"additionalProperties":false,"properties":{)" +
           tile("x", "y", "the centre") +
           R"(,"radius":{"type":"integer","minimum":0,"maximum":10}}})",
       R"({"type":"object","required":["x","y","radius","terrain","resources","cities","units"],"properties":{"x":{"type":"integer"},"y":{"type":"integer"},"radius":{"type":"integer"},)"
       R"("visible_tiles":{"type":"integer"},"remembered_tiles":{"type":"integer"},"unexplored_tiles":{"type":"integer"},"terrain":{"type":"object"},"resources":{"type":"array","items":)" +
           kResource +
           R"(},"cities":{"type":"array"},"units":{"type":"array","items":)" +
           kUnit + "}}}",
       true, analyze_territory},
      {"find_threats", "Threats near me",
       "Foreign units you see now within `within` tiles (default 3, at "
       "most "
       "20) of your cities and units, nearest first, with their owner's "
       "relation to you (war or peace) and what of yours they are near.",
       R"({"type":"object","additionalProperties":false,"properties":{"within":{"type":"integer","minimum":1,"maximum":20}}})",
       R"({"type":"object","required":["threats"],"properties":{"threats":{"type":"array","items":{"type":"object","properties":{"unit":)" +
           kUnit +
           R"(,"relation":{"type":"string"},"nearest_kind":{"type":"string"},"nearest_id":{"type":"integer"},"distance":{"type":"integer"}}}}}})",
       true, find_threats},
      {"find_unclaimed_resources", "Nearest unclaimed resources",
       "Resources on tiles you explored that no city you know of can work, "
       "nearest to (x, y) first (default: your capital, else your first "
       "unit); `limit` results (default 5, at most 50).",
       R"({"type":"object","additionalProperties":false,"properties":{)" +
           tile("x", "y", "the origin") +
           R"(,"limit":{"type":"integer","minimum":1,"maximum":50}}})",
       R"({"type":"object","required":["x","y","resources"],"properties":{"x":{"type":"integer"},"y":{"type":"integer"},"resources":{"type":"array","items":{"type":"object","properties":{"x":{"type":"integer"},"y":{"type":"integer"},"type":{"type":"string"},"distance":{"type":"integer"}}}}}})",
       true, find_unclaimed_resources},
      {"find_path", "Path between tiles",
       "The cheapest land path from one tile to another over tiles you "
       "have "
       "explored (8 neighbours; entering a tile costs its terrain's move "
       "cost), around foreign units and cities you see; and the distance "
       "(Chebyshev, in tiles).",
       R"({"type":"object","required":["from_x","from_y","to_x","to_y"],"additionalProperties":false,"properties":{)" +
           tile("from_x", "from_y", "the start") + "," +
           tile("to_x", "to_y", "the goal") + "}}",
       R"({"type":"object","required":["distance","found","cost","tiles"],"properties":{"distance":{"type":"integer"},"found":{"type":"boolean"},"cost":{"type":"integer"},"tiles":{"type":"array","items":{"type":"array","items":{"type":"integer"}}},"reason":{"type":"string"}}})",
       true, find_path},
  };
  for (auto& t : all) {
    t.input = std::make_shared<rapidjson::Document>();
    t.input->Parse(t.input_schema.c_str());
  }
  return all;
}

const std::vector<Tool>& tools() {
  static const std::vector<Tool> all = catalog();
  return all;
}

std::string list_tools() {
  return object([](Writer& w) {
    w.Key("tools");
    w.StartArray();
    for (const auto& t : tools()) {
      w.StartObject();
      key_string(w, "name", t.name);
      key_string(w, "title", t.title);
      key_string(w, "description", t.description);
      key_raw(w, "inputSchema", t.input_schema);
      key_raw(w, "outputSchema", t.output_schema);
      w.Key("annotations");
      w.StartObject();
      w.Key("readOnlyHint");
      w.Bool(t.read_only);
      w.Key("openWorldHint");
      w.Bool(false);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  });
}

std::string required_string(const rapidjson::Value* params, const char* key) {
  if (!params || !params->HasMember(key) || !(*params)[key].IsString())
    throw RpcError(invalid_params,
                   std::string("params.") + key + " must be a string");
  return (*params)[key].GetString();
}

std::string call_tool(const rapidjson::Value* params, const Player& player) {
  const std::string name = required_string(params, "name");
  auto tool = std::find_if(tools().begin(), tools().end(),
                           [&](const Tool& t) { return name == t.name; });
  if (tool == tools().end())
    throw RpcError(invalid_params, "unknown tool '" + name + "'");
  static const rapidjson::Value no_args(rapidjson::kObjectType);
  const rapidjson::Value* args = &no_args;
  if (auto it = params->FindMember("arguments"); it != params->MemberEnd())
    args = &it->value;
  if (auto problem = schema_problem(*tool->input, *args)) {
    auto message = "invalid arguments for " + name + ": " + *problem;
    // Up to 2025-06-18 a protocol error; from 2025-11-25 on (SEP-1303) a
    // tool error, which the model sees and can correct.
    if (player.session.protocol_version < "2025-11-25")
      throw RpcError(invalid_params, message);
    return tool_result(refused(message));
  }
  return tool_result(tool->run(player, *args));
}

// --- resources and prompts --------------------------------------------------

constexpr const char* kRulesUri = "fourex://rules";
constexpr const char* kViewUri = "fourex://view";

std::string list_resources() {
  return object([](Writer& w) {
    w.Key("resources");
    w.StartArray();
    w.StartObject();
    key_string(w, "uri", kRulesUri);
    key_string(w, "name", "rules");
    key_string(w, "title", "The rules of fourex");
    key_string(w, "mimeType", "text/markdown");
    w.EndObject();
    w.StartObject();
    key_string(w, "uri", kViewUri);
    key_string(w, "name", "view");
    key_string(w, "title", "My current view of the game (fog of war)");
    key_string(w, "mimeType", "application/json");
    w.EndObject();
    w.EndArray();
  });
}

std::string read_resource(const rapidjson::Value* params, const Player& p) {
  const std::string uri = required_string(params, "uri");
  std::string text, mime;
  if (uri == kRulesUri) {
    text = std::string(rules_markdown());
    mime = "text/markdown";
  } else if (uri == kViewUri) {
    auto r = view_result(p);
    if (!r.ok()) throw RpcError(internal_error, r.message);
    text = r.body;
    mime = "application/json";
  } else {
    // The spec's code for an unknown resource.
    throw RpcError(-32002, "no resource " + uri);
  }
  return object([&](Writer& w) {
    w.Key("contents");
    w.StartArray();
    w.StartObject();
    key_string(w, "uri", uri);
    key_string(w, "mimeType", mime);
    key_string(w, "text", text);
    w.EndObject();
    w.EndArray();
  });
}

constexpr const char* kPlayTurn = "play_turn";

std::string list_prompts() {
  return object([](Writer& w) {
    w.Key("prompts");
    w.StartArray();
    w.StartObject();
    key_string(w, "name", kPlayTurn);
    key_string(w, "title", "Play one turn");
    key_string(w, "description",
               "Look at the game, decide this turn's orders, check and "
               "submit them, then wait for the next turn.");
    w.Key("arguments");
    w.StartArray();
    w.StartObject();
    key_string(w, "name", "strategy");
    key_string(w, "description",
               "Optional standing advice, e.g. 'expand fast' or 'defend'");
    w.Key("required");
    w.Bool(false);
    w.EndObject();
    w.EndArray();
    w.EndObject();
    w.EndArray();
  });
}

std::string get_prompt(const rapidjson::Value* params, const Player& p) {
  const std::string name = required_string(params, "name");
  if (name != kPlayTurn)
    throw RpcError(invalid_params, "no prompt '" + name + "'");
  std::string strategy;
  if (auto it = params->FindMember("arguments");
      it != params->MemberEnd() && it->value.IsObject())
    if (auto s = it->value.FindMember("strategy");
        s != it->value.MemberEnd() && s->value.IsString())
      strategy = s->value.GetString();
  std::string text =
      "You are " + p.session.player + " in the fourex game " +
      p.session.game_id +
      ", a turn-based 4X strategy game. Play one turn:\n"
      "1. If you have not yet, read the rules (get_rules).\n"
      "2. Call get_view: your gold, research, units, cities, the map you "
      "know and suggested_actions.\n"
      "3. Use find_threats, find_unclaimed_resources, analyze_territory and "
      "find_path to judge the position.\n"
      "4. Choose orders (each unit and city at most once; suggested_actions "
      "lists ready-made ones) and check them with validate_orders; fix "
      "any that are invalid.\n"
      "5. Submit them with submit_orders, request_id = the turn number.\n"
      "6. Call wait_for_turn until the next turn starts (or the game ends), "
      "then stop.\n";
  if (!strategy.empty()) text += "Standing advice: " + strategy + "\n";
  return object([&](Writer& w) {
    key_string(w, "description", "Play one turn of fourex");
    w.Key("messages");
    w.StartArray();
    w.StartObject();
    key_string(w, "role", "user");
    w.Key("content");
    w.StartObject();
    key_string(w, "type", "text");
    key_string(w, "text", text);
    w.EndObject();
    w.EndObject();
    w.EndArray();
  });
}

}  // namespace

std::string call_method(const std::string& method,
                        const rapidjson::Value* params, const Player& player) {
  if (method == "tools/list") return list_tools();
  if (method == "tools/call") return call_tool(params, player);
  if (method == "resources/list") return list_resources();
  if (method == "resources/read") return read_resource(params, player);
  if (method == "resources/templates/list")
    return R"({"resourceTemplates":[]})";
  if (method == "prompts/list") return list_prompts();
  if (method == "prompts/get") return get_prompt(params, player);
  throw RpcError(method_not_found, "no method '" + method + "'");
}

}  // namespace fourex::http::mcp
