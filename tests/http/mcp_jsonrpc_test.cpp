// The pieces of /mcp below the transport: JSON-RPC messages, the input
// schemas' checks, the bounded session table.
#include "http/mcp_jsonrpc.hpp"

#include <thread>

#include <catch2/catch.hpp>

#include "http/mcp_schema.hpp"
#include "http/mcp_sessions.hpp"

using namespace fourex::http::mcp;

namespace {

rapidjson::Document json(const char* text) {
  rapidjson::Document d;
  d.Parse(text);
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

Message kind_of(const char* text) {
  static rapidjson::Document keep;
  keep = json(text);
  return classify(keep);
}

}  // namespace

TEST_CASE("JSON-RPC messages are told apart", "[mcp]") {
  using K = Message::Kind;
  auto r = kind_of(R"({"jsonrpc":"2.0","id":"a1","method":"ping"})");
  CHECK(r.kind == K::request);
  CHECK(r.id_json == R"("a1")");
  CHECK(kind_of(R"({"jsonrpc":"2.0","method":"notifications/initialized"})")
            .kind == K::notification);
  CHECK(kind_of(R"({"jsonrpc":"2.0","id":3,"result":{}})").kind == K::response);
  for (const char* bad :
       {R"([])", R"({"id":1,"method":"ping"})",
        R"({"jsonrpc":"1.0","id":1,"method":"ping"})",
        R"({"jsonrpc":"2.0","id":null,"method":"ping"})",
        R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})",
        R"({"jsonrpc":"2.0","id":1,"method":3})",
        R"({"jsonrpc":"2.0","id":1,"method":"x","params":[1]})",
        R"({"jsonrpc":"2.0","id":1})"}) {
    INFO(bad);
    CHECK(kind_of(bad).kind == K::invalid);
  }
  // An invalid request keeps its id when it has a usable one.
  CHECK(kind_of(R"({"jsonrpc":"2.0","id":7,"method":3})").id_json == "7");
  CHECK(
      error_response("7", invalid_params, "no \"x\"") ==
      R"({"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"no \"x\""}})");
}

TEST_CASE("tool arguments are checked against the input schema", "[mcp]") {
  auto schema = json(R"({"type":"object","required":["x"],
    "additionalProperties":false,"properties":{
    "x":{"type":"integer","minimum":0,"maximum":9},
    "id":{"type":"string","maxLength":3},
    "list":{"type":"array","maxItems":2,"items":{"type":"object"}}}})");
  auto problem = [&](const char* args) {
    auto a = json(args);
    return schema_problem(schema, a).value_or("ok");
  };
  CHECK(problem(R"({"x":3,"id":"abc","list":[{}]})") == "ok");
  CHECK(problem(R"({})") == "arguments.x is missing");
  CHECK(problem(R"({"x":"3"})") == "arguments.x must be integer");
  CHECK(problem(R"({"x":10})") == "arguments.x must be at most 9");
  CHECK(problem(R"({"x":-1})") == "arguments.x must be at least 0");
  CHECK(problem(R"({"x":1,"id":"abcd"})") == "arguments.id is longer than 3");
  CHECK(problem(R"({"x":1,"list":[{},{},{}]})") ==
        "arguments.list has more than 2 items");
  CHECK(problem(R"({"x":1,"list":[{},7]})") ==
        "arguments.list[1] must be object");
  CHECK(problem(R"({"x":1,"y":2})") ==
        "arguments.y is not a parameter of this tool");
  CHECK(problem(R"([])") == "arguments must be object");
}

TEST_CASE("sessions are bounded in number and idle time", "[mcp]") {
  Sessions sessions(2, std::chrono::seconds(1));
  auto a = sessions.open({"h1", "g", "A", "2025-06-18"});
  auto b = sessions.open({"h2", "g", "B", "2025-06-18"});
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a != *b);
  CHECK_FALSE(sessions.open({"h3", "g", "A", "2025-06-18"}));
  CHECK(sessions.find(*a)->player == "A");
  CHECK(sessions.close(*b));
  CHECK_FALSE(sessions.find(*b));
  CHECK(sessions.open({"h3", "g", "A", "2025-06-18"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK_FALSE(sessions.find(*a));                        // idle too long
  CHECK(sessions.open({"h4", "g", "B", "2025-06-18"}));  // room again
}
