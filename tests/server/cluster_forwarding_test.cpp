// Two real nodes on one database (issue 13): node A creates and owns a
// game; every request sent straight to node B is forwarded to A, and gets
// the answer A gives itself — a view, a submission, a long-poll, an event
// stream, the listing, an MCP session opened on B with a token only A has
// seen. A request forwarded already is not forwarded again.
#include <ctime>
#include <future>
#include <thread>

#include "http/peer_auth.hpp"
#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

const std::string kAdmin = "cluster-forwarding-test-admin-token";

// The error body without its request id, which names each request.
std::string without_request_id(std::string body) {
  auto at = body.find(",\"request_id\":");
  if (at != std::string::npos) body.erase(at, body.find('}', at) - at);
  return body;
}

// Everything an event stream sends until it ends (or 60 s pass).
std::future<std::string> stream_events(const ServerProcess& node,
                                       const std::string& token,
                                       std::promise<void>& connected) {
  return std::async(std::launch::async, [&node, token, &connected] {
    auto c = node.client();
    std::string text;
    bool told = false;
    c->Get(
        "/api/v1/games/fwd/events", ApiClient::auth(token),
        [&](const httplib::Response&) {
          connected.set_value();
          told = true;
          return true;
        },
        [&](const char* data, std::size_t n) {
          text.append(data, n);
          return true;
        });
    if (!told) connected.set_value();
    return text;
  });
}

double forwarded_total(const ServerProcess& node) {
  auto r = node.client()->Get("/metrics");
  REQUIRE(r);
  double total = 0;
  std::istringstream lines(r->body);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("fourex_requests_forwarded_total{outcome=\"answered\"}",
                   0) == 0)
      total += std::stod(line.substr(line.rfind(' ') + 1));
  return total;
}

}  // namespace

TEST_CASE(
    "a request sent to a node that does not own the game gets the "
    "owner's answer",
    "[server][cluster][forwarding]") {
  TestDatabase db;
  ServerProcess a(db.url(), {{"ADMIN_TOKEN", kAdmin}});
  ServerProcess b(db.url(), {{"ADMIN_TOKEN", kAdmin}});
  a.start();
  b.start();
  ApiClient to_a(a.port()), to_b(b.port());
  auto g = to_a.create_game(small_game("fwd", 2, 3), kAdmin);
  const auto& alice = g.tokens["Alice"];
  const auto& bob = g.tokens["Bob"];

  SECTION("views, submissions, a long-poll, an event stream, listings") {
    std::promise<void> a_connected, b_connected;
    auto from_a = stream_events(a, alice, a_connected);
    auto from_b = stream_events(b, alice, b_connected);
    REQUIRE(a_connected.get_future().wait_for(std::chrono::seconds(30)) ==
            std::future_status::ready);
    REQUIRE(b_connected.get_future().wait_for(std::chrono::seconds(30)) ==
            std::future_status::ready);

    auto view_a = to_a.state("fwd", "Alice", alice);
    auto view_b = to_b.state("fwd", "Alice", alice);
    CHECK(view_b.status == view_a.status);
    CHECK(view_b.body == view_a.body);
    CHECK(to_b.info("fwd", {}).body == to_a.info("fwd", {}).body);

    auto poll = std::async(std::launch::async, [&] {
      ApiClient c(b.port());
      return c.state("fwd", "Bob", bob, 2, 30000);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(poll.wait_for(std::chrono::seconds(0)) != std::future_status::ready);

    auto by_b = to_b.submit("fwd", alice, "Alice", 1, "[]");
    auto by_a = to_a.submit("fwd", bob, "Bob", 1, "[]");
    CHECK(by_b.status == 200);
    CHECK(by_b.body == by_a.body);
    // Refusals alike too: a second submission for the turn.
    auto again_b = to_b.submit("fwd", alice, "Alice", 1, "[]");
    auto again_a = to_a.submit("fwd", alice, "Alice", 1, "[]");
    CHECK(again_b.status == again_a.status);
    CHECK(without_request_id(again_b.body) == without_request_id(again_a.body));

    REQUIRE(poll.wait_for(std::chrono::seconds(30)) ==
            std::future_status::ready);
    auto woke = poll.get();
    CHECK(woke.status == 200);
    CHECK(woke.body == to_a.state("fwd", "Bob", bob).body);

    std::mt19937 rng(5);
    play_to_end(to_b, g, rng);
    REQUIRE(from_a.wait_for(std::chrono::seconds(60)) ==
            std::future_status::ready);
    REQUIRE(from_b.wait_for(std::chrono::seconds(60)) ==
            std::future_status::ready);
    auto text_a = from_a.get();
    CHECK(parse_sse(text_a).size() == 4);  // 3 turns, then game_finished
    CHECK(from_b.get() == text_a);

    // The last turn's rows are written behind its answers: the listings
    // agree once both read them.
    CHECK(eventually(
        [&] {
          return to_b.get("/api/v1/games").body ==
                 to_a.get("/api/v1/games").body;
        },
        std::chrono::seconds(10)));
    // The overview too, once nothing moves (a write between the two reads
    // would change a writer figure).
    std::string overview_a, overview_b;
    for (int i = 0; i < 20; ++i) {
      overview_a = to_a.get("/admin/v1/overview", kAdmin).body;
      overview_b = to_b.get("/admin/v1/overview", kAdmin).body;
      if (overview_a == overview_b) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    CHECK(overview_b == overview_a);
    auto overview = parse_json(overview_a);
    REQUIRE(overview.HasMember("nodes"));
    const auto& nodes = overview["nodes"];
    REQUIRE(nodes.Size() == 2);
    CHECK(get_bool(nodes[0], "answered"));
    CHECK(get_bool(nodes[1], "answered"));
    CHECK(forwarded_total(b) > 0);
    CHECK(forwarded_total(a) == 0);
  }

  SECTION("an MCP session's requests reach the node serving its game") {
    auto mcp = [&](const ServerProcess& node, const std::string& session,
                   const std::string& body) {
      httplib::Headers h{{"Authorization", "Bearer " + alice},
                         {"Accept", "application/json, text/event-stream"},
                         {"MCP-Protocol-Version", "2025-06-18"}};
      if (!session.empty()) h.emplace("Mcp-Session-Id", session);
      auto r = node.client()->Post("/mcp", h, body, "application/json");
      REQUIRE(r);
      return *r;
    };
    // Opened through B, which started before the game was created on A:
    // it finds the token's game in the database and forwards to A.
    auto opened = mcp(b, {},
                      R"({"jsonrpc":"2.0","id":1,"method":"initialize",)"
                      R"("params":{"protocolVersion":"2025-06-18",)"
                      R"("capabilities":{},"clientInfo":{"name":"t",)"
                      R"("version":"1"}}})");
    INFO(opened.body);
    REQUIRE(opened.status == 200);
    auto session = opened.get_header_value("Mcp-Session-Id");
    CHECK(session.rfind("fwd.", 0) == 0);
    const std::string call =
        R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":)"
        R"({"name":"get_view","arguments":{}}})";
    auto via_b = mcp(b, session, call);
    auto via_a = mcp(a, session, call);
    CHECK(via_b.status == 200);
    CHECK(via_b.body == via_a.body);
  }

  SECTION("a request forwarded once is not forwarded again") {
    const std::string target = "/api/v1/games/fwd/info";
    auto r = b.client()->Get(
        target, {{"X-Forwarded-For", "203.0.113.1"},
                 {fourex::http::kForwardHeader,
                  fourex::http::sign_forward(kAdmin, std::time(nullptr),
                                             "203.0.113.1", "GET", target)}});
    REQUIRE(r);
    CHECK(r->status == 503);
    CHECK(r->get_header_value("Retry-After") == "1");
    CHECK(r->body.find("\"game_moved\"") != std::string::npos);
  }
  b.stop();
  a.stop();
}
