// How answers leave the server: a response's head and body in one TCP
// segment (httplib writes them in two sends, each a trip through the
// kernel's TCP path and a wake-up of the client), and an event stream's
// head at once, before its first event.
#include <string>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.hpp"
#include "tests/support/tcp_segments.hpp"

using namespace fourex::testing;

namespace {

void send_all(int fd, const std::string& request) {
  REQUIRE(::send(fd, request.data(), request.size(), 0) ==
          static_cast<ssize_t>(request.size()));
}

// The whole answer to `request` (sent with Connection: close), and the
// number of data segments it came in.
std::pair<std::string, unsigned> answer_and_segments(
    int port, const std::string& request) {
  int fd = connect_loopback(port, 10);
  REQUIRE(fd >= 0);
  send_all(fd, request);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  auto segments = data_segments_received(fd);
  ::close(fd);
  return {out, segments};
}

}  // namespace

TEST_CASE("a response's head and body leave in one segment", "[server][http]") {
  RunningServer s;
  SECTION("a small answer") {
    auto [answer, segments] = answer_and_segments(
        s.server.port(),
        "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    REQUIRE(answer.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(answer.find("\"ok\"") != std::string::npos);
    CHECK(segments == 1);
  }
  SECTION("an error") {
    auto [answer, segments] = answer_and_segments(
        s.server.port(),
        "GET /api/v1/games/nope/state HTTP/1.1\r\nHost: t\r\n"
        "Connection: close\r\n\r\n");
    REQUIRE(answer.rfind("HTTP/1.1 4", 0) == 0);
    CHECK(answer.find("\"error\"") != std::string::npos);
    CHECK(segments == 1);
  }
  SECTION("a head without a body") {
    auto [answer, segments] = answer_and_segments(
        s.server.port(),
        "HEAD /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(answer.find("\r\n\r\n") == answer.size() - 4);
    CHECK(segments == 1);
  }
}

TEST_CASE("an event stream's head arrives before its first event",
          "[server][http]") {
  RunningServer s;
  auto g = s.api().create_game(small_game("segsse"), {});
  int fd = connect_loopback(s.server.port(), 10);
  REQUIRE(fd >= 0);
  send_all(fd,
           "GET /api/v1/games/segsse/events HTTP/1.1\r\nHost: t\r\n"
           "Authorization: Bearer " +
               g.tokens["Alice"] + "\r\n\r\n");
  // No turn is played: the head is all there is to read (within the
  // 10 s receive timeout; the first keep-alive comment comes after 15 s).
  std::string head;
  char buf[4096];
  for (ssize_t n; head.find("\r\n\r\n") == std::string::npos &&
                  (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    head.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  REQUIRE(head.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(head.find("text/event-stream") != std::string::npos);
}
