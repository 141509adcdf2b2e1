#include "http/long_poll.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "http/connection_gate.hpp"

namespace fourex::http {
namespace {

// The game keeps a waiter at most this long; between slices the poll checks
// that its client is still there, so that a client gone frees its worker
// and its waiter within one slice.
constexpr std::chrono::milliseconds slice(1000);

}  // namespace

actors::Result player_view(Context& ctx, const httplib::Request& req,
                           const std::string& game_id,
                           actors::ViewRequest view) {
  actors::Caller caller{bearer_token(req)};
  std::shared_ptr<const void> slot;
  if (view.wait_for_turn && view.timeout_ms > 0)
    slot = ctx.held.acquire(req.remote_addr);
  if (!slot) {
    view.timeout_ms = 0;
    return ctx.runtime.player_view(game_id, caller, view);
  }
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + std::chrono::milliseconds(view.timeout_ms);
  std::optional<actors::Result> answered;  // the view of the last slice
  for (;;) {
    auto started = Clock::now();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                      started);
    view.timeout_ms = static_cast<int>(
        std::max<std::int64_t>(0, std::min(left, slice).count()));
    auto result = ctx.runtime.player_view(game_id, caller, view);
    // A later slice refused (the server stopping): the poll ends with the
    // view it had, as a single wait would have.
    if (!result.ok()) return answered ? *answered : result;
    // An answer before the slice ended is the turn.
    bool woke = Clock::now() - started < slice;
    if (woke || Clock::now() >= deadline || !client_connected()) return result;
    answered = std::move(result);
  }
}

}  // namespace fourex::http
