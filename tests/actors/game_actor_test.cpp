// A game actor in-process, on CAF's deterministic scheduler: time moves only
// when the test advances it, and the writer is a stand-in that holds every
// write job until the test answers it. That boundary (the Durability port)
// is what these tests prove: the turn deadline, passivation, the rewrite of
// a commit in doubt and shutdown with writes pending. The real writer pool
// and the whole server are proven by the black-box tests in tests/server.
#include "actors/game_actor.hpp"

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <catch2/catch.hpp>

#include "actors/durability.hpp"
#include "actors/game_messages.hpp"
#include "actors/game_registry.hpp"
#include "actors/tokens.hpp"
#include "game/game.hpp"

using namespace fourex;
using namespace std::chrono_literals;

namespace {

// The writer, held: every job waits until the test answers it.
class HeldWrites : public actors::Durability {
 public:
  struct Held {
    std::string game_id;
    actors::WriteJob job;
    actors::Admission admission;
  };

  bool submit(const std::string& game_id, actors::WriteJob job,
              actors::Admission admission) override {
    held.push_back({game_id, std::move(job), admission});
    return true;
  }

  // Answers the oldest job held and returns it.
  Held answer(actors::WriteStatus status) {
    REQUIRE_FALSE(held.empty());
    Held h = std::move(held.front());
    held.pop_front();
    if (h.job.done) h.job.done(status);
    return h;
  }
  Held commit() { return answer({}); }

  std::deque<Held> held;
};

bool ready(const actors::Answer& a) {
  return a.wait_for(0ms) == actors::Answer::Outcome::answered;
}

caf::actor_system_config& deterministic(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
  cfg.set("logger.file-verbosity", caf::atom("quiet"));
  cfg.set("logger.console-verbosity", caf::atom("quiet"));
  return cfg;
}

// One game of Alice and Bob in its actor, and what it writes.
struct InProcessGame {
  explicit InProcessGame(int turn_timeout_ms, int idle_s = 600)
      : system(deterministic(system_config)),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(
            system.scheduler())) {
    auto services = std::make_shared<actors::GameServices>();
    services->config.game_idle_s = idle_s;
    services->durability = &writes;
    services->registry = &registry;
    services->release = [this](const std::string& game_id,
                               const persistence::Lease& lease) {
      released.emplace_back(game_id, lease.epoch);
    };
    actors::RecoveredGame initial;
    auto& record = initial.record;
    record.game_id = "g";
    record.settings.turn_timeout_ms = turn_timeout_ms;
    record.settings.config.players = {{"Alice", "balanced"},
                                      {"Bob", "balanced"}};
    record.settings.config.width = 16;
    record.settings.config.height = 16;
    for (const auto& p : record.settings.config.players)
      record.players.push_back(
          {p.name, p.personality, actors::hash_token(p.name + "-token")});
    initial.state = game::new_game(record.settings.config);
    initial.state_hash = game::state_hash(initial.state);
    first_state = initial.state;
    game = actors::spawn_game_actor(system, services, std::move(initial),
                                    {"node", 1});
    registry.insert("g", game);
    sched.run();
  }

  ~InProcessGame() {
    caf::anon_send_exit(game, caf::exit_reason::user_shutdown);
    sched.run();
  }

  // Sends `msg` with a fresh reply and runs the actor; returns the answer.
  template <class Msg>
  actors::Answer ask(Msg msg) {
    auto [reply, answer] = actors::Answer::make();
    msg.reply = std::move(reply);
    caf::anon_send(game, std::move(msg));
    sched.run();
    return answer;
  }

  actors::Answer submit(const std::string& player,
                        const std::string& request_id = "") {
    actors::SubmitMsg msg;
    msg.who.token_hash = actors::hash_token(player + "-token");
    msg.submission.request_id = request_id;
    msg.orders_json = "[]";
    return ask(std::move(msg));
  }

  // Answers the oldest held job and runs what it sent to the actor.
  HeldWrites::Held commit() {
    auto h = writes.commit();
    sched.run();
    return h;
  }

  void advance(caf::timespan by) {
    sched.advance_time(by);
    sched.run();
  }

  bool running() const { return static_cast<bool>(registry.find("g")); }

  caf::actor_system_config system_config;
  caf::actor_system system;
  caf::scheduler::test_coordinator& sched;
  HeldWrites writes;
  actors::GameRegistry registry;
  std::vector<std::pair<std::string, std::int64_t>> released;
  game::State first_state;
  caf::actor game;
};

}  // namespace

TEST_CASE(
    "in-process: a turn deadline resolves the turn without the players "
    "who did not submit",
    "[actors][in-process]") {
  InProcessGame g(5000);
  auto alice = g.submit("Alice");
  REQUIRE(g.writes.held.size() == 1);
  g.commit();
  REQUIRE(ready(alice));
  CHECK(alice.take().ok());

  g.advance(4999ms);
  CHECK(g.writes.held.empty());  // Bob's time is not up yet

  g.advance(1ms);
  REQUIRE(g.writes.held.size() == 1);
  const auto& rows = g.writes.held.front().job.rows;
  REQUIRE(rows.turns.size() == 1);
  CHECK(rows.turns[0].turn == 1);
  // Resolved with Alice's orders only: Bob submitted nothing.
  auto expected = game::resolve_turn(g.first_state, {{0, {}}});
  CHECK(rows.turns[0].state_hash == game::state_hash(expected.state));
  REQUIRE(rows.game_updates.size() == 1);
  CHECK(rows.game_updates[0].turn == 2);
  CHECK(rows.game_updates[0].deadline_at_ms.has_value());  // turn 2's
  // The turn's rows are kept through an outage: nobody waits for them.
  CHECK(g.writes.held.front().job.on_outage == actors::OnOutage::keep);
  CHECK(g.writes.held.front().admission == actors::Admission::always);
}

TEST_CASE(
    "in-process: a game idle for GAME_IDLE_S leaves memory and gives up "
    "its lease once its rows are committed",
    "[actors][in-process]") {
  InProcessGame g(0, 60);
  g.advance(30s);
  auto info = g.ask(actors::InfoMsg{});  // in use: the quiet starts again
  REQUIRE(ready(info));

  g.advance(30s);
  CHECK(g.running());
  CHECK(g.writes.held.empty());

  g.advance(30s);
  CHECK_FALSE(g.running());
  // The release waits for every row sent before: an empty job, in order.
  REQUIRE(g.writes.held.size() == 1);
  CHECK(g.writes.held.front().job.rows.empty());
  CHECK(g.released.empty());
  g.commit();
  REQUIRE(g.released.size() == 1);
  CHECK(g.released[0] == std::make_pair(std::string("g"), std::int64_t{1}));
}

TEST_CASE(
    "in-process: a submission whose commit is in doubt is written "
    "again until the database tells",
    "[actors][in-process]") {
  InProcessGame g(0);
  auto alice = g.submit("Alice", "a-1");
  REQUIRE(g.writes.held.size() == 1);
  const auto first_rows = g.writes.held.front().job.rows;
  g.writes.answer({actors::WriteStatus::in_doubt, "connection lost"});
  g.sched.run();
  CHECK_FALSE(ready(alice));  // neither accepted nor refused: not known
  CHECK(g.writes.held.empty());

  // A resend with the same request_id waits for the same answer.
  auto resent = g.submit("Alice", "a-1");
  CHECK_FALSE(ready(resent));
  CHECK(g.writes.held.empty());

  g.advance(500ms);
  REQUIRE(g.writes.held.size() == 1);
  const auto& again = g.writes.held.front();
  CHECK(again.admission == actors::Admission::always);
  REQUIRE(again.job.rows.actions.size() == 1);
  CHECK(again.job.rows.actions[0].request_id == "a-1");
  CHECK(again.job.rows.actions[0].actions_json ==
        first_rows.actions[0].actions_json);

  // Unavailable while in doubt is still no answer: once more.
  g.writes.answer({actors::WriteStatus::unavailable, "still down"});
  g.sched.run();
  CHECK_FALSE(ready(alice));
  g.advance(500ms);
  REQUIRE(g.writes.held.size() == 1);

  g.commit();
  REQUIRE(ready(alice));
  CHECK(alice.take().ok());
  REQUIRE(ready(resent));
  CHECK(resent.take().ok());
}

TEST_CASE(
    "in-process: shutdown lets written submissions finish, snapshots "
    "the game and answers once that is committed",
    "[actors][in-process]") {
  InProcessGame g(0);
  // Turn 1 resolves (no snapshot: not an interval turn).
  auto a1 = g.submit("Alice");
  g.commit();
  auto b1 = g.submit("Bob");
  g.commit();
  REQUIRE(g.writes.held.size() == 1);
  CHECK(g.commit().job.rows.turns.size() == 1);

  auto a2 = g.submit("Alice");
  REQUIRE(g.writes.held.size() == 1);
  auto stopped = g.ask(actors::ShutdownMsg{});
  CHECK_FALSE(ready(stopped));
  CHECK(g.running());
  // A new submission is refused while stopping.
  auto b2 = g.submit("Bob");
  REQUIRE(ready(b2));
  CHECK(b2.take().error == actors::ErrorCode::unavailable);

  g.commit();  // Alice's turn-2 orders
  REQUIRE(ready(a2));
  CHECK(a2.take().ok());
  CHECK_FALSE(g.running());
  REQUIRE(g.writes.held.size() == 1);
  const auto& last = g.writes.held.front().job.rows;
  REQUIRE(last.snapshots.size() == 1);
  CHECK(last.snapshots[0].reason == "shutdown");
  CHECK(last.snapshots[0].turn == 1);
  CHECK_FALSE(ready(stopped));
  g.commit();
  REQUIRE(ready(stopped));
  CHECK(stopped.take().ok());
}
