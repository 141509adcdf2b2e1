#include "actors/game_actor.hpp"

#include <chrono>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "actors/atoms.hpp"
#include "actors/game_messages.hpp"
#include "actors/game_rows.hpp"
#include "actors/replies.hpp"

namespace fourex::actors {
namespace {

using game::PlayerId;

// A submission written but not yet committed; resends with its request_id
// wait for the same answer. `rows` are kept to write them again when the
// commit's outcome is in doubt.
struct InFlight {
  std::string request_id{};
  game::Orders orders{};
  Reply first{};  // the writer answers it as soon as the rows are committed
  std::vector<Reply> replies{};  // resends that came while in flight
  persistence::WriteBatch rows{};
  bool in_doubt = false;  // a commit of these rows may have succeeded
};

// How long after a commit in doubt the submission's rows are written again.
constexpr auto kRewriteDelay = std::chrono::milliseconds(500);

struct Waiter {
  PlayerId player;
  int min_turn;
  Reply reply;
};

struct GameState {
  std::shared_ptr<const GameServices> services;
  persistence::Lease lease;  // carried by every row this actor writes
  caf::actor_addr me;        // told when the fence refuses a write
  GameRecord record;
  game::State state;
  std::string state_hash;
  int last_snapshot_turn = 0;
  std::map<PlayerId, AcceptedOrders> accepted;  // durable, this turn
  std::map<PlayerId, InFlight> in_flight;
  // (player, request_id) -> turn, for the last few turns.
  std::map<std::pair<PlayerId, std::string>, int> request_turns;
  std::map<std::uint64_t, Waiter> waiters;
  std::uint64_t next_waiter = 1;
  struct Subscriber {
    std::shared_ptr<EventChannel> channel;
    Audience audience;
  };
  std::vector<Subscriber> subscribers;
  bool deadline_due = false;
  // The last client message; GAME_IDLE_S counts from here.
  caf::actor_clock::time_point last_active;
  Reply shutdown_reply;  // set once the server is stopping
  std::set<PlayerId> submitted() const {
    std::set<PlayerId> out;
    for (const auto& [p, a] : accepted) out.insert(p);
    return out;
  }
};

using Self = caf::stateful_actor<GameState>*;

replies::Progress progress(const GameState& st,
                           const std::set<PlayerId>& submitted) {
  return {st.record, st.state, st.state_hash, st.last_snapshot_turn, submitted};
}

Result write_failure(const WriteStatus& status) {
  if (status.kind == WriteStatus::game_moved)
    return Result::moved("another node serves this game now; retry");
  if (status.outage())
    return Result::unavailable(
        "the database is unavailable; nothing was "
        "accepted",
        status.message);
  return Result::internal_error("the database refused the rows: " +
                                status.message);
}

// Sends rows to this game's writer under its lease; `done` answers whoever
// waits for them. A refusal by the fence stops the actor too.
bool send_rows(GameState& st, persistence::WriteBatch rows,
               std::function<void(const WriteStatus&)> done,
               Admission admission, OnOutage on_outage) {
  rows.leases[st.record.game_id] = st.lease;
  auto told = [me = st.me, done = std::move(done)](const WriteStatus& s) {
    if (s.kind == WriteStatus::game_moved)
      if (auto actor = caf::actor_cast<caf::actor>(me))
        caf::anon_send(actor, lost_atom::value);
    if (done) done(s);
  };
  return st.services->durability->submit(
      st.record.game_id, {std::move(rows), std::move(told), on_outage},
      admission);
}

// Sends rows nobody waits for and that recovery could recompute from the
// durable orders (turn log, progress, snapshots, stats). The writer keeps
// them through an outage; only data it refuses is lost, and logged.
void keep_rows(GameState& st, persistence::WriteBatch rows, const char* what) {
  auto game_id = st.record.game_id;
  send_rows(
      st, std::move(rows),
      [game_id, what](const WriteStatus& s) {
        if (!s.ok() && s.kind != WriteStatus::game_moved)
          spdlog::warn(
              "game {}: {} not written ({}); recovery will recompute it",
              game_id, what, s.message);
      },
      Admission::always, OnOutage::keep);
}

persistence::GameUpdate current_progress(const GameState& st) {
  return progress_update(st.record, st.state, st.state_hash);
}

persistence::SnapshotRow current_snapshot(const GameState& st,
                                          const char* reason) {
  return snapshot_row(st.record.game_id, st.state, st.state_hash, reason);
}

void arm_deadline(Self self) {
  auto& st = self->state;
  st.deadline_due = false;
  st.record.deadline_at_ms.reset();
  const int timeout_ms = st.record.settings.turn_timeout_ms;
  if (timeout_ms <= 0 || st.record.status != game::GameStatus::active) return;
  st.record.deadline_at_ms = now_ms() + timeout_ms;
  self->delayed_send(self, std::chrono::milliseconds(timeout_ms),
                     deadline_atom::value, st.state.turn);
}

void rearm_stored_deadline(Self self) {
  auto& st = self->state;
  if (!st.record.deadline_at_ms ||
      st.record.status != game::GameStatus::active) {
    arm_deadline(self);
    return;
  }
  auto left = std::max<std::int64_t>(0, *st.record.deadline_at_ms - now_ms());
  self->delayed_send(self, std::chrono::milliseconds(left),
                     deadline_atom::value, st.state.turn);
}

// Sends each subscriber the event as its audience may read it.
template <class Data>
void publish(GameState& st, const std::string& name, Data data_for) {
  std::vector<GameState::Subscriber> open;
  for (auto& s : st.subscribers)
    if (s.channel->push({name, data_for(s.audience)})) open.push_back(s);
  st.subscribers.swap(open);
}

void wake_waiters(GameState& st) {
  auto submitted = st.submitted();
  for (auto it = st.waiters.begin(); it != st.waiters.end();) {
    if (st.state.turn >= it->second.min_turn || st.record.finished()) {
      it->second.reply.answer(Result::success(
          replies::view(progress(st, submitted), it->second.player)));
      it = st.waiters.erase(it);
    } else {
      ++it;
    }
  }
}

void resolve(Self self) {
  auto& st = self->state;
  std::map<PlayerId, game::Orders> orders;
  for (auto& [p, a] : st.accepted) orders[p] = std::move(a.orders);
  st.accepted.clear();

  const int turn = st.state.turn;
  auto started = std::chrono::steady_clock::now();
  auto result = game::resolve_turn(st.state, orders);
  auto duration_us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
  const bool critical = result.critical || result.state.finished;
  persistence::WriteBatch rows;
  // The state before a critical turn (a capital captured, a player
  // eliminated, the game over), so it can be inspected or restored.
  if (critical && st.last_snapshot_turn < turn - 1)
    rows.snapshots.push_back(current_snapshot(st, "before_critical"));
  st.state = std::move(result.state);
  st.state_hash = game::state_hash(st.state);
  st.record.settle(st.state);
  st.record.updated_at_ms = now_ms();
  arm_deadline(self);

  const std::string events = game::events_to_json(result.events);
  rows.turns.push_back(
      turn_row(st.record.game_id, turn, st.state_hash, events, duration_us));
  rows.game_updates.push_back(current_progress(st));
  rows.stats = gauges_of(st.record.game_id, st.state);
  const auto& cfg = st.services->config;
  bool interval =
      cfg.enable_game_snapshots && turn % cfg.snapshot_interval == 0;
  if (interval || critical) {
    rows.snapshots.push_back(
        current_snapshot(st, interval ? "interval" : "critical"));
    st.last_snapshot_turn = turn;
  }
  keep_rows(st, std::move(rows), "turn row");

  for (auto it = st.request_turns.begin(); it != st.request_turns.end();)
    it = it->second < turn - kRememberedRequestTurns
             ? st.request_turns.erase(it)
             : std::next(it);
  wake_waiters(st);
  publish(st, "turn_resolved", [&](const Audience& audience) {
    return replies::turn_event(turn, st.state_hash,
                               replies::events_for(result.events, audience));
  });
  if (st.record.finished()) {
    auto scores = replies::finished_event(st.record, st.state);
    publish(st, "game_finished", [&](const Audience&) { return scores; });
    for (auto& s : st.subscribers) s.channel->close();
    st.subscribers.clear();
  }
}

bool everyone_in(const GameState& st) {
  for (std::size_t i = 0; i < st.state.players.size(); ++i)
    if (st.state.players[i].alive && !st.accepted.count(static_cast<int>(i)))
      return false;
  return true;
}

void maybe_resolve(Self self) {
  auto& st = self->state;
  if (st.record.status != game::GameStatus::active || !st.in_flight.empty())
    return;
  if (everyone_in(st) || st.deadline_due) resolve(self);
}

// The player a request acts for, or the failure to answer. The token is
// checked before the name, so that names cannot be probed without one.
Expected<PlayerId> authorize(const GameState& st, const Principal& who,
                             const std::string& player_name) {
  if (who.admin) {
    if (player_name.empty())
      return Result::failure(ErrorCode::bad_request,
                             "the admin must name a player", "bad_request");
    auto named = game::find_player(st.state, player_name);
    if (!named)
      return Result::failure(ErrorCode::not_found,
                             "no player '" + player_name + "' in this game",
                             "unknown_player");
    return *named;
  }
  auto own = st.record.player_by_token(who.token_hash);
  if (!own)
    return Result::failure(ErrorCode::unauthorized,
                           "the token is not valid for this game",
                           "unauthorized");
  if (!player_name.empty() && player_name != st.state.players[*own].name)
    return Result::failure(ErrorCode::forbidden,
                           "the token acts only for its own player",
                           "forbidden");
  return *own;
}

// Writes in a player's name (orders, prompt logs) take the player's own
// token: the admin acts through /admin/v1, and an order log whose every
// entry its player sent stays true.
Expected<PlayerId> authorize_write(const GameState& st, const Principal& who,
                                   const std::string& player_name) {
  if (who.admin)
    return Result::failure(ErrorCode::forbidden,
                           "the admin token does not act as a player; "
                           "send the player's token",
                           "forbidden");
  return authorize(st, who, player_name);
}

std::optional<Result> refuse_unless_active(const GameState& st) {
  if (st.record.status == game::GameStatus::paused)
    return Result::failure(ErrorCode::conflict, "the game is paused",
                           "game_paused");
  if (st.record.finished())
    return Result::failure(ErrorCode::conflict, "the game is finished",
                           "game_finished");
  return std::nullopt;
}

bool write_submission(Self self, PlayerId p, Admission admission);

void on_submit(Self self, SubmitMsg& msg) {
  auto& st = self->state;
  auto player = authorize_write(st, msg.who, msg.submission.player);
  if (!player) return msg.reply.answer(player.failure());
  const auto& rid = msg.submission.request_id;
  if (!rid.empty()) {
    if (auto it = st.request_turns.find({*player, rid});
        it != st.request_turns.end())
      return msg.reply.answer(Result::success(replies::accepted(it->second)));
    if (auto it = st.in_flight.find(*player);
        it != st.in_flight.end() && it->second.request_id == rid) {
      it->second.replies.push_back(msg.reply);
      return;
    }
  }
  if (auto refusal = refuse_unless_active(st))
    return msg.reply.answer(*refusal);
  if (st.shutdown_reply)
    return msg.reply.answer(Result::unavailable("the server is stopping"));
  const int turn = st.state.turn;
  if (msg.submission.turn && *msg.submission.turn != turn)
    return msg.reply.answer(Result::failure(
        ErrorCode::conflict,
        "orders are for turn " + std::to_string(*msg.submission.turn) +
            " but the game takes turn " + std::to_string(turn),
        "wrong_turn", replies::details({{"turn", std::to_string(turn)}})));
  if (!st.state.players[*player].alive)
    return msg.reply.answer(Result::failure(
        ErrorCode::conflict, "the player is eliminated", "player_eliminated"));
  if (st.accepted.count(*player) || st.in_flight.count(*player))
    return msg.reply.answer(
        Result::failure(ErrorCode::conflict,
                        "this player already submitted orders for "
                        "turn " +
                            std::to_string(turn),
                        "already_submitted"));
  if (auto violation = game::validate(st.state, *player, msg.orders)) {
    keep_rows(st,
              rejected_submission_rows(st.record.game_id,
                                       st.state.players[*player].name),
              "rejected-action count");
    return msg.reply.answer(Result::failure(
        ErrorCode::illegal_action, violation->message, "illegal_action",
        replies::details({{"index", std::to_string(violation->index)},
                          {"rule", replies::quoted(violation->rule)}})));
  }

  auto rows = submission_rows(
      st.record.game_id, turn, st.state.players[*player].name, rid,
      msg.orders_json, static_cast<int>(msg.orders.size()));
  const PlayerId p = *player;
  st.in_flight[p] = {.request_id = rid,
                     .orders = std::move(msg.orders),
                     .first = msg.reply,
                     .rows = std::move(rows)};
  if (!write_submission(self, p, Admission::bounded)) {
    st.in_flight.erase(p);
    msg.reply.answer(Result::unavailable("the database writer is overloaded"));
  }
}

void finish_shutdown(Self self);

// Writes the in-flight submission's rows; the writer's answer comes back as
// a CommittedMsg. False when the writer refused the job (backlog full).
// Once the rows are committed the writer answers the client itself, in
// parallel with telling the actor (one thread hand-off fewer per
// submission): the CommittedMsg is sent first, so whatever the client sends
// next reaches the actor after it and sees the submission counted.
bool write_submission(Self self, PlayerId p, Admission admission) {
  auto& st = self->state;
  caf::actor me = caf::actor_cast<caf::actor>(self);
  const int turn = st.state.turn;
  auto& flight = st.in_flight.at(p);
  return send_rows(
      st, flight.rows,
      [me, p, turn, first = flight.first](const WriteStatus& status) {
        caf::anon_send(me, CommittedMsg{p, turn, status});
        if (status.ok()) first.answer(Result::success(replies::accepted(turn)));
      },
      admission, OnOutage::answer);
}

void lose_game(Self self);

void on_committed(Self self, CommittedMsg& msg) {
  auto& st = self->state;
  auto it = st.in_flight.find(msg.player);
  if (it == st.in_flight.end()) return;
  auto& doubt = it->second.in_doubt;
  if (msg.status.kind == WriteStatus::in_doubt ||
      (doubt && msg.status.kind == WriteStatus::unavailable)) {
    // The row may be stored: answering 503 ("nothing accepted") could be
    // false, and forgetting the orders would leave memory behind the
    // database. Write the same rows again until the database tells.
    if (!doubt)
      spdlog::warn(
          "game {}: {}; writing the submission again until the "
          "database answers",
          st.record.game_id, msg.status.message);
    doubt = true;
    self->delayed_send(self, kRewriteDelay, rewrite_atom::value, msg.player);
    return;
  }
  if (msg.status.kind == WriteStatus::game_moved) return lose_game(self);
  auto flight = std::move(it->second);
  st.in_flight.erase(it);
  if (msg.status.ok()) {
    if (!flight.request_id.empty())
      st.request_turns[{msg.player, flight.request_id}] = msg.turn;
    st.accepted[msg.player] = {.player = msg.player,
                               .turn = msg.turn,
                               .request_id = flight.request_id,
                               .orders = std::move(flight.orders)};
    st.record.updated_at_ms = now_ms();
    for (auto& r : flight.replies)
      r.answer(Result::success(replies::accepted(msg.turn)));
  } else {
    flight.first.answer(write_failure(msg.status));
    for (auto& r : flight.replies) r.answer(write_failure(msg.status));
  }
  maybe_resolve(self);
  if (st.shutdown_reply && st.in_flight.empty()) finish_shutdown(self);
}

void on_view(Self self, ViewMsg& msg) {
  auto& st = self->state;
  auto player = authorize(st, msg.who, msg.request.player);
  if (!player) return msg.reply.answer(player.failure());
  const auto& wait = msg.request.wait_for_turn;
  if (wait && st.state.turn < *wait && !st.record.finished() &&
      msg.request.timeout_ms > 0) {
    auto id = st.next_waiter++;
    st.waiters[id] = {.player = *player, .min_turn = *wait, .reply = msg.reply};
    self->delayed_send(self, std::chrono::milliseconds(msg.request.timeout_ms),
                       waiter_atom::value, id);
    return;
  }
  msg.reply.answer(
      Result::success(replies::view(progress(st, st.submitted()), *player)));
}

void on_subscribe(Self self, SubscribeMsg& msg) {
  auto& st = self->state;
  auto audience =
      audience_of(st.record, msg.who, st.services->config.public_history);
  if (!audience) return msg.reply.answer(audience.failure());
  if (st.record.finished()) {
    msg.channel->push(
        {"game_finished", replies::finished_event(st.record, st.state)});
    msg.channel->close();
  } else {
    st.subscribers.push_back(
        {.channel = std::move(msg.channel), .audience = std::move(*audience)});
  }
  msg.reply.answer(Result::success("{}"));
}

void on_prompt_log(Self self, PromptLogMsg& msg) {
  auto& st = self->state;
  auto player = authorize_write(st, msg.who, msg.log.player);
  if (!player) return msg.reply.answer(player.failure());
  auto reply = msg.reply;
  bool queued = send_rows(
      st,
      prompt_log_rows(st.record.game_id, st.state.players[*player].name,
                      msg.log),
      [reply](const WriteStatus& s) {
        reply.answer(s.ok() ? Result::success_created(
                                  R"({"accepted":true,"durable":true})")
                            : write_failure(s));
      },
      Admission::bounded, OnOutage::answer);
  if (!queued)
    reply.answer(Result::unavailable("the database writer is overloaded"));
}

// Sends rows and answers `reply` with `body` once they are committed.
void commit_then_reply(GameState& st, persistence::WriteBatch rows, Reply reply,
                       std::string body) {
  send_rows(
      st, std::move(rows),
      [reply, body = std::move(body)](const WriteStatus& s) {
        reply.answer(s.ok() ? Result::success(body) : write_failure(s));
      },
      Admission::always, OnOutage::answer);
}

void stop_game(Self self) {
  auto& st = self->state;
  for (auto& [id, waiter] : st.waiters)
    waiter.reply.answer(Result::success(
        replies::view(progress(st, st.submitted()), waiter.player)));
  st.waiters.clear();
  for (auto& s : st.subscribers) s.channel->close();
  st.subscribers.clear();
  st.services->registry->remove(st.record.game_id, self->address());
  self->quit();
}

// The lease is lost: whoever waits hears that another node serves the
// game, and the actor stops at once without writing anything (its rows
// would be refused; the new owner rebuilds from what was committed).
void lose_game(Self self) {
  auto& st = self->state;
  spdlog::warn("game {}: lease (node {}, epoch {}) lost; stopping",
               st.record.game_id, st.lease.node_id, st.lease.epoch);
  std::vector<Reply> waiting;
  for (auto& [p, flight] : st.in_flight) {
    waiting.push_back(flight.first);
    waiting.insert(waiting.end(), flight.replies.begin(), flight.replies.end());
  }
  st.in_flight.clear();
  for (auto& [id, waiter] : st.waiters) waiting.push_back(waiter.reply);
  st.waiters.clear();
  st.shutdown_reply.answer(Result::success("{}"));
  st.shutdown_reply = Reply{};
  // Out of the registry before anyone hears: their retry claims anew.
  stop_game(self);
  auto moved = write_failure({WriteStatus::game_moved, {}});
  for (auto& r : waiting) r.answer(moved);
}

// Idle and out of memory: the lease is given up once every row sent
// before is committed (the writer keeps a game's jobs in order).
void passivate(Self self) {
  auto& st = self->state;
  // Out of the registry first: the release is skipped while it names a
  // running actor of the game.
  stop_game(self);
  send_rows(
      st, {},
      [services = st.services, game_id = st.record.game_id,
       lease = st.lease](const WriteStatus& s) {
        if (s.ok() && services->release) services->release(game_id, lease);
      },
      Admission::always, OnOutage::answer);
}

void on_admin(Self self, AdminMsg& msg) {
  auto& st = self->state;
  persistence::WriteBatch rows;
  switch (msg.command) {
    case AdminCommand::snapshot:
      rows.snapshots.push_back(current_snapshot(st, "admin"));
      st.last_snapshot_turn = game::completed_turns(st.state);
      return commit_then_reply(
          st, std::move(rows), msg.reply,
          replies::snapshot_taken(st.record.game_id, st.last_snapshot_turn,
                                  st.state_hash));
    case AdminCommand::pause:
      if (st.record.status != game::GameStatus::active)
        return msg.reply.answer(
            Result::failure(ErrorCode::conflict,
                            "only an active game can be paused", "not_active"));
      st.record.status = game::GameStatus::paused;
      st.record.deadline_at_ms.reset();
      break;
    case AdminCommand::resume:
      if (st.record.status != game::GameStatus::paused)
        return msg.reply.answer(
            Result::failure(ErrorCode::conflict,
                            "only a paused game can be resumed", "not_paused"));
      st.record.status = game::GameStatus::active;
      arm_deadline(self);
      break;
    case AdminCommand::archive:
      st.record.status = game::GameStatus::archived;
      break;
  }
  st.record.updated_at_ms = now_ms();
  rows.game_updates.push_back(current_progress(st));
  commit_then_reply(
      st, std::move(rows), msg.reply,
      replies::status_changed(st.record.game_id, st.record.status));
  if (msg.command == AdminCommand::archive) stop_game(self);
  if (msg.command == AdminCommand::resume) maybe_resolve(self);
}

void on_replace(Self self, ReplaceMsg& msg) {
  auto& st = self->state;
  auto& rec = *msg.recovered;
  if (game::completed_turns(rec.state) != game::completed_turns(st.state) ||
      !st.in_flight.empty())
    return msg.reply.answer(
        Result::failure(ErrorCode::conflict,
                        "the game moved on during the restore; "
                        "retry",
                        "game_moved_on"));
  if (rec.state_hash != st.state_hash)
    return msg.reply.answer(Result::failure(
        ErrorCode::conflict,
        "the stored history does not rebuild the state in memory",
        "hash_mismatch",
        replies::details({{"expected", replies::quoted(st.state_hash)},
                          {"actual", replies::quoted(rec.state_hash)}})));
  st.state = std::move(rec.state);
  msg.reply.answer(Result::success(replies::restored(rec)));
}

// Snapshots the game if its newest snapshot is behind, answers the
// shutdown request once that is committed, and stops.
void finish_shutdown(Self self) {
  auto& st = self->state;
  auto reply = std::move(st.shutdown_reply);
  if (game::completed_turns(st.state) > st.last_snapshot_turn &&
      st.record.status != game::GameStatus::archived) {
    persistence::WriteBatch rows;
    rows.snapshots.push_back(current_snapshot(st, "shutdown"));
    rows.game_updates.push_back(current_progress(st));
    commit_then_reply(st, std::move(rows), reply, "{}");
  } else {
    reply.answer(Result::success("{}"));
  }
  stop_game(self);
}

// Submissions already written are let finish first: their clients get the
// answer the database gave, not a broken connection.
void on_shutdown(Self self, ShutdownMsg& msg) {
  self->state.shutdown_reply = msg.reply;
  if (self->state.in_flight.empty()) finish_shutdown(self);
}

bool idle(const GameState& st) {
  return st.in_flight.empty() && st.waiters.empty() && st.subscribers.empty() &&
         !st.record.deadline_at_ms;
}

// Marks the game in use: called by every handler of a client's message.
// (The actor system's clock: deterministic in the in-process tests.)
void touch(Self self) { self->state.last_active = self->clock().now(); }

// Passivation by one timer per GAME_IDLE_S rather than a CAF receive
// timeout: `after` re-arms the timeout on every message, which costs the
// clock thread a wake-up per message on the submission path.
void check_idle(Self self) {
  auto& st = self->state;
  const auto period = std::chrono::seconds(st.services->config.game_idle_s);
  const auto quiet = self->clock().now() - st.last_active;
  if (quiet >= period && idle(st)) return passivate(self);
  self->delayed_send(self, quiet >= period ? period : period - quiet,
                     idle_atom::value);
}

caf::behavior game_actor(Self self,
                         std::shared_ptr<const GameServices> services,
                         RecoveredGame initial, persistence::Lease lease) {
  auto& st = self->state;
  st.services = std::move(services);
  st.lease = std::move(lease);
  st.me = self->address();
  st.record = std::move(initial.record);
  st.state = std::move(initial.state);
  st.state_hash = std::move(initial.state_hash);
  st.last_snapshot_turn = initial.last_snapshot_turn;
  st.last_active = self->clock().now();
  for (auto& a : initial.recent)
    if (!a.request_id.empty())
      st.request_turns[{a.player, a.request_id}] = a.turn;
  for (auto& a : initial.pending) {
    if (!a.request_id.empty())
      st.request_turns[{a.player, a.request_id}] = a.turn;
    st.accepted[a.player] = std::move(a);
  }
  if (!initial.repairs.empty())
    keep_rows(st, std::move(initial.repairs), "recovered rows");
  rearm_stored_deadline(self);
  self->delayed_send(self,
                     std::chrono::seconds(st.services->config.game_idle_s),
                     idle_atom::value);
  self->set_default_handler(caf::drop);

  return {
      [=](SubmitMsg& msg) {
        touch(self);
        on_submit(self, msg);
      },
      [=](CommittedMsg& msg) { on_committed(self, msg); },
      [=](rewrite_atom, PlayerId p) {
        if (self->state.in_flight.count(p))
          write_submission(self, p, Admission::always);
      },
      [=](ViewMsg& msg) {
        touch(self);
        on_view(self, msg);
      },
      [=](DryRunMsg& msg) {
        auto& st = self->state;
        touch(self);
        auto player = authorize(st, msg.who, {});
        if (!player) return msg.reply.answer(player.failure());
        msg.reply.answer(Result::success(
            replies::dry_run(st.state.turn, msg.orders.size(),
                             game::dry_run(st.state, *player, msg.orders))));
      },
      [=](InfoMsg& msg) {
        auto& st = self->state;
        touch(self);
        msg.reply.answer(
            Result::success(replies::info(progress(st, st.submitted()))));
      },
      [=](SubscribeMsg& msg) {
        touch(self);
        on_subscribe(self, msg);
      },
      [=](PromptLogMsg& msg) {
        touch(self);
        on_prompt_log(self, msg);
      },
      [=](AdminMsg& msg) {
        touch(self);
        on_admin(self, msg);
      },
      [=](SyncMsg& msg) {
        touch(self);
        commit_then_reply(self->state, {}, msg.reply, "{}");
      },
      [=](ReplaceMsg& msg) {
        touch(self);
        on_replace(self, msg);
      },
      [=](ShutdownMsg& msg) { on_shutdown(self, msg); },
      [=](deadline_atom, int turn) {
        auto& st = self->state;
        if (turn != st.state.turn ||
            st.record.status != game::GameStatus::active)
          return;
        st.deadline_due = true;
        maybe_resolve(self);
      },
      [=](waiter_atom, std::uint64_t id) {
        auto& st = self->state;
        auto it = st.waiters.find(id);
        if (it == st.waiters.end()) return;
        it->second.reply.answer(Result::success(
            replies::view(progress(st, st.submitted()), it->second.player)));
        st.waiters.erase(it);
      },
      [=](idle_atom) { check_idle(self); },
      [=](lost_atom) { lose_game(self); },
  };
}

}  // namespace

caf::actor spawn_game_actor(caf::actor_system& system,
                            std::shared_ptr<const GameServices> services,
                            RecoveredGame initial, persistence::Lease lease) {
  return system.spawn(game_actor, std::move(services), std::move(initial),
                      std::move(lease));
}

}  // namespace fourex::actors
