// Where a buffered request ends: Content-Length, chunked, pipelined bytes,
// a byte at a time, and the limits (400, 413, 431).
#include "http/request_framing.hpp"

#include <catch2/catch.hpp>

using fourex::http::FramingLimits;
using fourex::http::RequestFraming;
using State = RequestFraming::State;

namespace {

FramingLimits limits() {
  FramingLimits l;
  l.max_header_bytes = 256;
  l.max_headers = 4;
  l.max_body_bytes = 100;
  return l;
}

// Feeds `text` a byte at a time; the state after the last byte.
State trickle(RequestFraming& f, const std::string& text, std::string& buf) {
  State s = State::incomplete;
  for (char c : text) {
    buf += c;
    s = f.update(buf);
    if (s != State::incomplete) break;
  }
  return s;
}

}  // namespace

TEST_CASE("a request with a Content-Length body ends after the body") {
  RequestFraming f(limits());
  std::string head = "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\n";
  std::string buf = head + "abc";
  CHECK(f.update(buf) == State::incomplete);
  CHECK(f.headers_done());
  buf += "de" + std::string("GET /next HTTP/1.1\r\n");
  REQUIRE(f.update(buf) == State::complete);
  CHECK(f.request_bytes() == head.size() + 5);
}

TEST_CASE("a request sent a byte at a time is framed the same") {
  RequestFraming f(limits());
  std::string buf;
  std::string req = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
  REQUIRE(trickle(f, req, buf) == State::complete);
  CHECK(f.request_bytes() == req.size());
}

TEST_CASE("a chunked body ends after the last chunk and its trailers") {
  RequestFraming f(limits());
  std::string req =
      "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
      "Expect: 100-continue\r\n\r\n"
      "3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n";
  std::string buf;
  REQUIRE(trickle(f, req, buf) == State::complete);
  CHECK(f.expects_continue());
  CHECK(f.request_bytes() == req.size());
}

TEST_CASE("framing limits answer 431, 413 and 400") {
  auto status_of = [](const std::string& text) {
    RequestFraming f(limits());
    std::string buf;
    trickle(f, text, buf);
    return f.status();
  };
  CHECK(status_of("GET / HTTP/1.1\r\nX: " + std::string(300, 'a')) == 431);
  CHECK(status_of("GET / HTTP/1.1\r\na: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\ne: 1\r\n"
                  "f: 1\r\n\r\n") == 431);
  CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n") == 413);
  CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "65\r\n") == 413);
  CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n") == 400);
  CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 1\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n") == 400);
  CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") == 400);
  CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "zz\r\n") == 400);
}
