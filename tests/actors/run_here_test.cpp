// send_and_run_here on a real CAF scheduler: an idle actor runs on the
// sending thread (the HTTP worker, in the server), one thread at a time,
// and what it does not finish there goes back to the scheduler.
#include "actors/run_here.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

using namespace std::chrono_literals;

namespace {

using ThreadReply = std::shared_ptr<std::promise<std::thread::id>>;

struct WhereMsg {
  ThreadReply reply;
};

// Forwards its message to `next`, which answers where it ran.
struct RelayMsg {
  caf::actor next;
  ThreadReply reply;
};

// Answers where it ran, after queueing a WhereMsg to itself: a message that
// waits in the mailbox when the first one is done.
struct ThenAgainMsg {
  ThreadReply first;
  ThreadReply second;
};

struct SlowMsg {
  std::shared_ptr<std::atomic<int>> running;
  std::shared_ptr<std::atomic<int>> most_at_once;
  std::shared_ptr<std::atomic<int>> done;
};

}  // namespace

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(WhereMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(RelayMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ThenAgainMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(SlowMsg)

namespace {

caf::behavior tells_where(caf::event_based_actor* self) {
  return {
      [](WhereMsg& m) { m.reply->set_value(std::this_thread::get_id()); },
      [self](RelayMsg& m) { self->send(m.next, WhereMsg{std::move(m.reply)}); },
      [self](ThenAgainMsg& m) {
        self->send(self, WhereMsg{std::move(m.second)});
        m.first->set_value(std::this_thread::get_id());
      },
      [](SlowMsg& m) {
        int now = ++*m.running;
        int seen = m.most_at_once->load();
        while (now > seen &&
               !m.most_at_once->compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(1ms);
        --*m.running;
        ++*m.done;
      },
  };
}

std::thread::id answer_of(const ThreadReply& reply) {
  auto f = reply->get_future();
  REQUIRE(f.wait_for(10s) == std::future_status::ready);
  return f.get();
}

// A new actor, idle: it ran once on the scheduler, emptied its mailbox and
// parked.
caf::actor idle_actor(caf::actor_system& system) {
  auto actor = system.spawn(tells_where);
  auto started = std::make_shared<std::promise<std::thread::id>>();
  caf::anon_send(actor, WhereMsg{started});
  CHECK(answer_of(started) != std::this_thread::get_id());
  return actor;
}

// Sends make(reply) with send_and_run_here until the actor answers `reply`
// before the call returns, on this thread (a few tries: the scheduler parks
// the actor a moment after its previous answer). False if it never did.
template <class Make>
bool answered_here(const caf::actor& actor, Make make) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::this_thread::sleep_for(20ms);
    auto reply = std::make_shared<std::promise<std::thread::id>>();
    auto answered = reply->get_future();
    fourex::actors::send_and_run_here(actor, make(reply));
    if (answered.wait_for(0s) == std::future_status::ready &&
        answered.get() == std::this_thread::get_id())
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("an idle actor runs on the thread that sends it a message",
          "[run_here]") {
  caf::actor_system_config cfg;
  caf::actor_system system{cfg};
  auto actor = idle_actor(system);
  // Answered before the call returned, on this thread: no scheduler worker
  // was woken for it.
  CHECK(answered_here(actor, [](ThreadReply r) { return WhereMsg{r}; }));

  // A plain send still goes through the scheduler.
  auto elsewhere = std::make_shared<std::promise<std::thread::id>>();
  caf::anon_send(actor, WhereMsg{elsewhere});
  CHECK(answer_of(elsewhere) != std::this_thread::get_id());
  caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
}

TEST_CASE("an actor woken by an actor running here runs on the scheduler",
          "[run_here]") {
  caf::actor_system_config cfg;
  caf::actor_system system{cfg};
  auto first = system.spawn(tells_where);
  auto second = system.spawn(tells_where);

  auto reply = std::make_shared<std::promise<std::thread::id>>();
  fourex::actors::send_and_run_here(first, RelayMsg{second, reply});
  CHECK(answer_of(reply) != std::this_thread::get_id());
  caf::anon_send_exit(first, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(second, caf::exit_reason::user_shutdown);
}

TEST_CASE(
    "only the sender's own message runs on its thread; what is queued "
    "behind it goes to the scheduler",
    "[run_here]") {
  caf::actor_system_config cfg;
  caf::actor_system system{cfg};
  auto actor = idle_actor(system);
  ThreadReply second;
  CHECK(answered_here(actor, [&](ThreadReply first) {
    second = std::make_shared<std::promise<std::thread::id>>();
    return ThenAgainMsg{first, second};
  }));
  // The caller's answer did not wait for the message queued behind it.
  CHECK(answer_of(second) != std::this_thread::get_id());
  caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
}

TEST_CASE(
    "senders on many threads never run one actor at once, and none of "
    "its messages is lost",
    "[run_here]") {
  caf::actor_system_config cfg;
  caf::actor_system system{cfg};
  auto actor = system.spawn(tells_where);
  auto running = std::make_shared<std::atomic<int>>(0);
  auto most = std::make_shared<std::atomic<int>>(0);
  auto done = std::make_shared<std::atomic<int>>(0);

  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t)
    senders.emplace_back([&] {
      for (int i = 0; i < kEach; ++i)
        fourex::actors::send_and_run_here(actor, SlowMsg{running, most, done});
    });
  for (auto& t : senders) t.join();
  // More messages than one run here may take: the rest went to the
  // scheduler, which finishes them.
  for (int i = 0; i < 1000 && done->load() < kThreads * kEach; ++i)
    std::this_thread::sleep_for(10ms);
  CHECK(done->load() == kThreads * kEach);
  CHECK(most->load() == 1);
  caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
}
