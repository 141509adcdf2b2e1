// What a node believes of a forwarded request (issue 13): a peer's signed
// forward is served for the client it names (its per-address limits, its
// request id); an unsigned X-Forwarded-For changes nothing; a forward
// header no node made is refused.
#include <ctime>

#include "http/peer_auth.hpp"
#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

httplib::Headers forwarded_for(const RunningServer& s,
                               const std::string& client,
                               const std::string& target) {
  return {{"X-Forwarded-For", client},
          {fourex::http::kForwardHeader,
           fourex::http::sign_forward(s.admin(), std::time(nullptr), client,
                                      "POST", target)},
          {"X-Request-Id", "peer-given-1"}};
}

}  // namespace

TEST_CASE("limits apply to the client a peer forwarded for, not to a claim",
          "[server][cluster][forwarding]") {
  RunningServer s({{"GAME_CREATION", "open"}, {"GAME_CREATIONS_PER_MIN", "1"}});
  auto http = s.server.client();
  auto body = game_body(small_game(""));
  auto create = [&](const httplib::Headers& h) {
    auto r = http->Post("/api/v1/games", h, body, "application/json");
    REQUIRE(r);
    return *r;
  };
  // This address's one creation per minute.
  CHECK(create({}).status == 201);
  CHECK(create({}).status == 429);
  // A client's own X-Forwarded-For is no forward: still this address.
  CHECK(create({{"X-Forwarded-For", "198.51.100.9"}}).status == 429);
  // Forwards signed by a peer count for the clients they name.
  auto first = create(forwarded_for(s, "203.0.113.1", "/api/v1/games"));
  CHECK(first.status == 201);
  CHECK(first.get_header_value("X-Request-Id") == "peer-given-1");
  CHECK(create(forwarded_for(s, "203.0.113.2", "/api/v1/games")).status == 201);
  CHECK(create(forwarded_for(s, "203.0.113.1", "/api/v1/games")).status == 429);
}

TEST_CASE("a forward header that no node made is refused",
          "[server][cluster][forwarding]") {
  RunningServer s;
  auto http = s.server.client();
  auto now = std::to_string(std::time(nullptr));
  // Signed for another request, with another key, or not at all.
  for (const auto& header :
       {forwarded_for(s, "203.0.113.1", "/elsewhere")
            .find(fourex::http::kForwardHeader)
            ->second,
        fourex::http::sign_forward("not-the-admin-token", std::time(nullptr),
                                   "203.0.113.1", "GET", "/api/v1/games"),
        now + ":0000"}) {
    auto r =
        http->Get("/api/v1/games", {{"X-Forwarded-For", "203.0.113.1"},
                                    {fourex::http::kForwardHeader, header}});
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("\"forward_refused\"") != std::string::npos);
  }
}

TEST_CASE("behind a trusted proxy, limits apply to the client it names",
          "[server][cluster][forwarding]") {
  RunningServer s({{"GAME_CREATION", "open"},
                   {"GAME_CREATIONS_PER_MIN", "1"},
                   {"TRUSTED_PROXIES", "192.0.2.1, 127.0.0.1"}});
  auto http = s.server.client();
  auto body = game_body(small_game(""));
  auto create = [&](const std::string& xff) {
    auto r = http->Post("/api/v1/games", {{"X-Forwarded-For", xff}}, body,
                        "application/json");
    REQUIRE(r);
    return r->status;
  };
  CHECK(create("203.0.113.5") == 201);
  CHECK(create("203.0.113.6") == 201);
  CHECK(create("203.0.113.5") == 429);
  // What the client wrote before the proxy's entry does not count.
  CHECK(create("203.0.113.5, 203.0.113.7") == 201);
}
