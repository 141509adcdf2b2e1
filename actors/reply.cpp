#include "actors/reply.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>

namespace fourex::actors {
namespace detail {

struct ReplyState {
  std::mutex mutex;
  std::condition_variable settled;
  std::optional<Result> result;
  bool unread = false;  // every Reply is gone, none answered
};

// Shared by a Reply's copies: the last one gone, unanswered, makes the
// request unread.
struct ReplySender {
  std::shared_ptr<ReplyState> state = std::make_shared<ReplyState>();
  ReplySender() = default;
  ReplySender(const ReplySender&) = delete;
  ReplySender& operator=(const ReplySender&) = delete;
  ~ReplySender() {
    {
      std::lock_guard<std::mutex> lock(state->mutex);
      if (state->result) return;
      state->unread = true;
    }
    state->settled.notify_all();
  }
};

}  // namespace detail

void Reply::answer(Result result) const {
  if (!sender_) return;
  auto& state = *sender_->state;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    if (state.result) return;
    state.result = std::move(result);
  }
  state.settled.notify_all();
}

std::pair<Reply, Answer> Answer::make() {
  Reply reply;
  reply.sender_ = std::make_shared<detail::ReplySender>();
  Answer answer;
  answer.state_ = reply.sender_->state;
  return {std::move(reply), std::move(answer)};
}

Answer::Outcome Answer::wait_for(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (!state_->settled.wait_for(lock, timeout, [this] {
        return state_->result.has_value() || state_->unread;
      }))
    return Outcome::timed_out;
  return state_->result ? Outcome::answered : Outcome::unread;
}

Result Answer::take() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return std::move(*state_->result);
}

}  // namespace fourex::actors
