// One request's answer, handed from the thread that asks (an HTTP worker)
// to whichever thread answers it: the game actor, or a writer once the
// request's rows are committed.
//
// The first answer stands and a later one is dropped: a submission is
// answered by the writer, and by the actor too when it loses the game
// meanwhile (a 503 game_moved for rows that did commit, whose resend with
// the same request_id gets the stored answer from the new owner). When
// every copy of a Reply is gone unanswered, the message reached an actor
// that had stopped: the asker learns it was never read, activates the game
// again and resends.
//
// (std::promise said the same with exceptions, and paid a call_once per
// answer: ~1 % of the process's CPU under submissions.)
#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include "actors/result.hpp"

namespace fourex::actors {

namespace detail {
struct ReplyState;
struct ReplySender;
}  // namespace detail

// The answering end, carried by the message; copies answer the same
// request. A default-constructed Reply answers nobody.
class Reply {
 public:
  Reply() = default;
  // Answers the request unless it is answered already.
  void answer(Result result) const;
  explicit operator bool() const { return sender_ != nullptr; }

 private:
  friend class Answer;
  std::shared_ptr<detail::ReplySender> sender_;
};

// The asking end.
class Answer {
 public:
  // A Reply to send, and its Answer to wait for.
  static std::pair<Reply, Answer> make();

  enum class Outcome { answered, unread, timed_out };
  // Waits until the request is answered, every copy of its Reply is gone
  // unanswered (unread), or `timeout` has passed.
  Outcome wait_for(std::chrono::milliseconds timeout) const;
  // The answer, after wait_for said `answered`; once.
  Result take();

 private:
  std::shared_ptr<detail::ReplyState> state_;
};

}  // namespace fourex::actors
