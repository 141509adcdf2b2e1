// A request's Reply and Answer: the first answer stands, a Reply dropped
// unanswered is told apart from one still on its way.
#include "actors/reply.hpp"

#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using fourex::actors::Answer;
using fourex::actors::ErrorCode;
using fourex::actors::Reply;
using fourex::actors::Result;

TEST_CASE("the first answer stands", "[reply]") {
  auto [reply, answer] = Answer::make();
  Reply copy = reply;
  copy.answer(Result::success("{\"first\":1}"));
  reply.answer(Result::unavailable("later"));  // dropped, not thrown
  REQUIRE(answer.wait_for(0ms) == Answer::Outcome::answered);
  CHECK(answer.take().body == "{\"first\":1}");
}

TEST_CASE("a reply whose every copy is gone unanswered is unread", "[reply]") {
  auto [reply, answer] = Answer::make();
  {
    Reply copy = reply;
    reply = Reply{};  // one copy gone: still on its way
    CHECK(answer.wait_for(0ms) == Answer::Outcome::timed_out);
  }
  CHECK(answer.wait_for(0ms) == Answer::Outcome::unread);
}

TEST_CASE("an answer from another thread wakes the waiting one", "[reply]") {
  auto [reply, answer] = Answer::make();
  std::thread answering([r = std::move(reply)] {
    std::this_thread::sleep_for(10ms);
    r.answer(Result::failure(ErrorCode::conflict, "taken"));
  });
  auto outcome = answer.wait_for(10s);
  answering.join();
  REQUIRE(outcome == Answer::Outcome::answered);
  CHECK(answer.take().error == ErrorCode::conflict);
}

TEST_CASE("a default reply answers nobody", "[reply]") {
  Reply nobody;
  CHECK_FALSE(nobody);
  nobody.answer(Result::success("{}"));  // no effect, no crash
}
