#include "actors/runtime.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <optional>
#include <thread>

#include <openssl/rand.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include "actors/atoms.hpp"
#include "actors/failures.hpp"
#include "actors/game_actor.hpp"
#include "actors/game_messages.hpp"
#include "actors/game_registry.hpp"
#include "actors/game_rows.hpp"
#include "actors/membership.hpp"
#include "actors/metrics.hpp"
#include "actors/recovery.hpp"
#include "actors/replies.hpp"
#include "actors/run_here.hpp"
#include "actors/token_index.hpp"
#include "actors/tokens.hpp"
#include "actors/writer_pool.hpp"
#include "game/personalities.hpp"
#include "persistence/admin_reader.hpp"
#include "persistence/cluster_store.hpp"
#include "persistence/connection_pool.hpp"
#include "persistence/database.hpp"
#include "persistence/game_reader.hpp"
#include "persistence/migrator.hpp"

namespace fourex::actors {
namespace {

// How long an HTTP thread waits for a game actor (or a commit) before it
// answers 503; long-polls add their own timeout to it.
constexpr auto reply_timeout = std::chrono::seconds(30);

// The refusal of a personality no seat can have, naming the valid ones.
Result unknown_personality(const std::string& player,
                           const std::string& personality) {
  std::string names;
  std::string list;
  // Appended piece by piece: `"," + std::string` trips GCC 12's false
  // -Wrestrict warning.
  for (auto name : game::kPersonalities) {
    names += names.empty() ? "" : ", ";
    names += name;
    list += list.empty() ? "" : ",";
    list += replies::quoted(std::string(name));
  }
  return Result::failure(
      ErrorCode::bad_request,
      "unknown personality '" + personality + "' for '" + player +
          "'; one of: " + names,
      "bad_request",
      replies::details({{"field", replies::quoted("personalities." + player)},
                        {"valid", "[" + list + "]"}}));
}

std::uint64_t random_seed() {
  std::uint64_t seed = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof seed);
  return seed;
}

// CAF's defaults suit a dedicated many-core host: at least 4 workers, each
// spinning and then waking every 50 us for ~25 ms after its last job. Here
// the workers share 2 cores with the HTTP threads and PostgreSQL, where that
// polling cost a tenth of the server's CPU under load: one worker per core,
// parked on its condition variable soon after it runs dry.
caf::actor_system_config& tuned(caf::actor_system_config& cfg) {
  auto cores = std::max(2u, std::thread::hardware_concurrency());
  cfg.set("scheduler.max-threads", static_cast<std::size_t>(cores));
  cfg.set("work-stealing.aggressive-poll-attempts", std::size_t{20});
  cfg.set("work-stealing.moderate-poll-attempts", std::size_t{0});
  return cfg;
}

// A JSON list of actions as orders, or the 400 naming the bad one.
Expected<game::Orders> parse_actions(const std::string& json) {
  try {
    return game::parse_orders(json);
  } catch (const game::ParseError& e) {
    return Result::failure(
        ErrorCode::bad_request, e.what(), "bad_request",
        replies::details({{"index", std::to_string(e.index)},
                          {"field", replies::quoted(e.field)}}));
  }
}

}  // namespace

struct Runtime::Impl {
  explicit Impl(const config::Config& cfg)
      : config(cfg),
        admin_token(cfg.admin_token.empty() ? new_token() : cfg.admin_token),
        system(tuned(system_config)),
        reads(cfg.database_url, cfg.db_pool_size, cfg.db_max_overflow) {}

  config::Config config;
  std::string admin_token;
  Metrics metrics;  // outlives the writers, which report to it
  caf::actor_system_config system_config;
  caf::actor_system system;
  persistence::ConnectionPool reads;
  GameRegistry registry;
  TokenIndex tokens;
  std::mutex token_lookup_mutex;  // stored_game_of: one at a time
  std::unique_ptr<WriterPool> writers;
  std::shared_ptr<GameServices> services;
  std::unique_ptr<Membership> membership;
  std::atomic<bool> stopping{false};
  std::atomic<int> recovering{0};
  std::atomic<int> recovered{0};
  std::atomic<int> recovery_failed{0};
  std::atomic<bool> recovery_done{false};
  std::thread adoption_thread;
  std::mutex adoption_mutex;
  std::condition_variable adoption_wake;  // stop() ends the adoption's pause
  std::mutex failed_mutex;
  std::map<std::string, Result> failed_games;  // activation refused

  // Who is asking, or the failure (401/403) to answer.
  Expected<Principal> principal(const std::string& game_id,
                                const Caller& caller) {
    if (caller.token.empty())
      return Result::failure(ErrorCode::unauthorized,
                             "send Authorization: Bearer <token>",
                             "unauthorized");
    return reader(game_id, caller);
  }

  // Who reads a game's history: like principal(), but no token is a reader
  // too (of the public facts).
  Expected<Principal> reader(const std::string& game_id, const Caller& caller) {
    if (caller.token.empty()) return Principal{};
    if (constant_time_equal(caller.token, admin_token))
      return Principal{true, {}};
    auto hash = hash_token(caller.token);
    auto owner = tokens.game_of(hash);
    if (owner && *owner != game_id)
      return Result::failure(ErrorCode::forbidden,
                             "the token belongs to another game", "forbidden");
    return Principal{false, std::move(hash)};
  }

  // This node's current incarnation, or "" while it is not a member.
  std::string node_id() const {
    return membership ? membership->node_id() : std::string();
  }

  // This node's own clock says its lease may have run out (a freeze): the
  // games in its memory may be served elsewhere already.
  bool lease_lapsed() const { return membership && !membership->holds_lease(); }

  // A game actor in this node's memory, unless the lease has lapsed.
  Expected<caf::actor> served_here(caf::actor actor) const {
    if (!lease_lapsed()) return actor;
    return Result::moved("this node is renewing its lease");
  }

  // The game's actor, activated from the database if needed: claimed
  // first, so a game a live peer owns is never activated here (`where`
  // then says where it is served).
  Expected<caf::actor> actor_for(const std::string& game_id,
                                 Placement* where = nullptr) {
    if (stopping) return Result::unavailable("the server is stopping");
    // http/ refuses malformed ids; this keeps one that slipped past from
    // any lookup (libpq would cut "id\0" to "id" and find another game).
    if (!is_game_id(game_id))
      return Result::failure(ErrorCode::not_found, "no such game",
                             "game_not_found");
    if (auto a = registry.find(game_id)) return served_here(a);
    std::lock_guard<std::mutex> lock(registry.activation_lock(game_id));
    if (auto a = registry.find(game_id)) return served_here(a);
    {
      std::lock_guard<std::mutex> failed_lock(failed_mutex);
      if (auto it = failed_games.find(game_id); it != failed_games.end())
        return it->second;
    }
    // Not a member (presumed dead, joining again): the game may be served
    // elsewhere already.
    auto node = node_id();
    if (node.empty())
      return Result::moved("this node is joining the cluster again");
    persistence::Claim claim;
    try {
      claim = reads.with([&](pqxx::connection& conn) {
        return persistence::ClusterStore(conn).claim(game_id, node);
      });
    } catch (...) {
      return from_exception();
    }
    using Kind = persistence::Claim::Kind;
    switch (claim.kind) {
      case Kind::no_game:
        return not_found(game_id);
      case Kind::peer:
        if (where) *where = {Placement::Kind::remote, claim.owner_address, 0};
        return Result::moved("another node serves this game");
      case Kind::peer_expired: {
        int retry = std::max(1, (claim.expires_in_ms + 999) / 1000);
        if (where) *where = {Placement::Kind::unavailable, {}, retry};
        return Result::moved(
            "the node serving this game does not answer; another takes it "
            "over when its lease runs out",
            retry);
      }
      case Kind::self_expired:
        return Result::moved("this node is joining the cluster again");
      case Kind::owned:
        break;
    }
    if (claim.took_over) metrics.node_takeover();
    return activate(game_id, {node, claim.epoch});
  }

  // Rebuilds a game this node holds `lease` of and starts its actor. The
  // caller holds the game's activation lock.
  Expected<caf::actor> activate(const std::string& game_id,
                                persistence::Lease lease) {
    auto recovery_started = std::chrono::steady_clock::now();
    auto recovery_took = [&] {
      return std::chrono::steady_clock::now() - recovery_started;
    };
    try {
      auto recovered_game = reads.with([&](pqxx::connection& conn) {
        persistence::GameReader reader(conn);
        if (!is_served(reader.game(game_id)))
          throw NotFound("no game '" + game_id + "'");
        return recover_game(reader, game_id);
      });
      for (const auto& p : recovered_game.record.players)
        tokens.add(p.token_hash, game_id);
      auto claimed_by = lease.node_id;
      auto actor = spawn_game_actor(system, services, std::move(recovered_game),
                                    std::move(lease));
      registry.insert(game_id, actor);
      // Presumed dead while rebuilding: drop_all_games cleared the registry
      // after the node id, so an actor inserted since is caught here.
      if (node_id() != claimed_by) {
        caf::anon_send(actor, lost_atom::value);
        return Result::moved("this node is joining the cluster again");
      }
      metrics.recovery_finished(true, recovery_took());
      return actor;
    } catch (const NotFound&) {
      return not_found(game_id);
    } catch (const RecoveryError& e) {
      metrics.recovery_finished(false, recovery_took());
      auto failure = from_exception();
      spdlog::error("game {}: recovery stopped: {}", game_id, e.what());
      std::lock_guard<std::mutex> failed_lock(failed_mutex);
      failed_games[game_id] = failure;
      return failure;
    } catch (...) {
      return from_exception();
    }
  }

  // Sends the message made by `make(reply)` to the game's actor and waits
  // for the answer. Unread means the actor stopped (it went idle) before
  // reading the message: activate it again and resend, once.
  template <class Make>
  Result ask(const std::string& game_id, Make make,
             std::chrono::milliseconds extra = {}) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto actor = actor_for(game_id);
      if (!actor) return std::move(actor).failure();
      auto [reply, answer] = Answer::make();
      send_and_run_here(*actor, make(std::move(reply)));
      switch (answer.wait_for(reply_timeout + extra)) {
        case Answer::Outcome::answered:
          return answer.take();
        case Answer::Outcome::unread:
          continue;
        case Answer::Outcome::timed_out:
          return Result::unavailable("the game did not answer in time");
      }
    }
    return Result::unavailable("the game is restarting; retry");
  }

  // Waits until everything the game sent to its writer is committed, so a
  // read of the database sees the game's whole history.
  Result sync(const std::string& game_id) {
    if (!registry.find(game_id)) return Result::success("{}");
    return ask(game_id, [](Reply r) { return SyncMsg{std::move(r)}; });
  }

  // Every stored game's player tokens (hashes), so that from the first
  // request a token of a game not yet in memory is told apart (403 on
  // another game) from an unknown one (401).
  void load_tokens() {
    auto stored = reads.with([](pqxx::connection& conn) {
      return persistence::GameReader(conn).token_hashes();
    });
    for (const auto& [hash, game_id] : stored) tokens.add(hash, game_id);
  }

  // The game of a token this node has not seen (a game created on another
  // node since this one started), from the database, and remembered. One
  // look-up at a time: a flood of unknown tokens costs the database one
  // connection, not the pool. Unknown when the database does not answer.
  std::optional<std::string> stored_game_of(const std::string& hash) {
    std::lock_guard<std::mutex> lock(token_lookup_mutex);
    if (auto game = tokens.game_of(hash)) return game;  // found meanwhile
    metrics.token_looked_up();
    try {
      auto game = reads.with([&](pqxx::connection& conn) {
        return persistence::GameReader(conn).game_of_token_hash(hash);
      });
      if (game) tokens.add(hash, *game);
      return game;
    } catch (const std::exception& e) {
      spdlog::warn("looking a token up failed: {}", e.what());
      return std::nullopt;
    }
  }

  // Orphans (games whose owner is dead or released) this node took over,
  // one bounded batch, with the lease's node.
  struct Adopted {
    std::string node;
    std::vector<std::pair<std::string, std::int64_t>> games;  // (id, epoch)
  };

  int adoption_batch() const {
    return std::max(32, config.recovery_parallelism * 8);
  }

  // Nothing when this node is not a member or the database does not answer.
  std::optional<Adopted> adopt_batch() {
    Adopted out{node_id(), {}};
    if (out.node.empty()) return std::nullopt;
    try {
      out.games = reads.with([&](pqxx::connection& conn) {
        return persistence::ClusterStore(conn).adopt_orphans(out.node,
                                                             adoption_batch());
      });
    } catch (const std::exception& e) {
      spdlog::warn("cluster: adopting orphaned games failed: {}", e.what());
      return std::nullopt;
    }
    recovering += static_cast<int>(out.games.size());
    return out;
  }

  // Rebuilds the adopted games, RECOVERY_PARALLELISM at a time.
  void rebuild(const Adopted& adopted) {
    const auto& games = adopted.games;
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> workers;
    for (int i = 0; i < config.recovery_parallelism; ++i)
      workers.emplace_back([&] {
        for (auto k = next++; k < games.size(); k = next++) {
          const auto& [game_id, epoch] = games[k];
          metrics.node_takeover();
          bool ok = false;
          if (!stopping) {
            std::lock_guard<std::mutex> lock(registry.activation_lock(game_id));
            ok = registry.find(game_id) ||
                 activate(game_id, {adopted.node, epoch});
          }
          ++(ok ? recovered : recovery_failed);
          --recovering;
        }
      });
    for (auto& w : workers) w.join();
  }

  // The background recovery: adopts orphaned games in bounded batches
  // (SKIP LOCKED: nodes never wait for each other), full batches one after
  // another, else once every NODE_HEARTBEAT_MS. `batch` was taken before
  // the node served its first request. recovery_done once a batch came back
  // short: every orphan found at the start is rebuilt (or refused).
  void adopt_orphans(std::optional<Adopted> batch) {
    auto started = std::chrono::steady_clock::now();
    for (;;) {
      if (batch && !batch->games.empty()) {
        spdlog::info("recovery: {} orphaned games adopted",
                     batch->games.size());
        rebuild(*batch);
      }
      bool full =
          batch && static_cast<int>(batch->games.size()) >= adoption_batch();
      if (batch && !full && !recovery_done.exchange(true))
        spdlog::info("recovery: {} games rebuilt, {} failed, in {} ms",
                     recovered.load(), recovery_failed.load(),
                     std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count());
      if (!full) {
        std::unique_lock<std::mutex> lock(adoption_mutex);
        adoption_wake.wait_for(
            lock, std::chrono::milliseconds(config.node_heartbeat_ms),
            [&] { return stopping.load(); });
      }
      if (stopping) return;
      batch = adopt_batch();
    }
  }

  // Gives up a passivated game's lease, on the heartbeat's thread, unless
  // the game was activated here again meanwhile (under the activation lock,
  // so a claim cannot slip between the check and the release).
  void release(const std::string& game_id, const persistence::Lease& lease) {
    if (!membership || stopping) return;
    membership->release_later(
        game_id, lease, [this, game_id](const std::function<void()>& give_up) {
          std::lock_guard<std::mutex> lock(registry.activation_lock(game_id));
          if (!registry.find(game_id)) give_up();
        });
  }

  // Presumed dead: every game actor stops at once, writing nothing (the
  // fence would refuse it), and the node joins again holding no game.
  void drop_all_games() {
    for (auto& actor : registry.all()) caf::anon_send(actor, lost_atom::value);
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (registry.size() > 0 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::lock_guard<std::mutex> lock(failed_mutex);
    failed_games.clear();
  }
};

Runtime::Runtime(const config::Config& config)
    : impl_(std::make_unique<Impl>(config)) {}

Runtime::~Runtime() { stop(); }

const std::string& Runtime::admin_token() const { return impl_->admin_token; }

bool Runtime::knows_token(const std::string& token) const {
  return constant_time_equal(token, impl_->admin_token) ||
         known_game_of_token(token).has_value();
}

std::optional<std::string> Runtime::known_game_of_token(
    const std::string& token) const {
  return impl_->tokens.game_of(hash_token(token));
}

std::optional<std::string> Runtime::game_of_token(
    const std::string& token) const {
  auto hash = hash_token(token);
  if (auto game = impl_->tokens.game_of(hash)) return game;
  return impl_->stored_game_of(hash);
}

void Runtime::start() {
  persistence::set_sql_debug(impl_->config.sql_debug);
  {
    auto conn = persistence::connect(impl_->config.database_url);
    int applied = persistence::migrate(*conn);
    if (applied > 0) spdlog::info("database: {} migrations applied", applied);
  }
  impl_->writers = std::make_unique<WriterPool>(impl_->config, &impl_->metrics);
  impl_->metrics.set_readings([this] {
    GaugeReadings now;
    now.actors_in_memory = static_cast<std::int64_t>(impl_->registry.size());
    now.games_owned = now.actors_in_memory;
    now.writer_queue_depth = impl_->writers->figures().queue_depth;
    now.games_by_status = impl_->reads.with([](pqxx::connection& conn) {
      return persistence::GameReader(conn).games_by_status();
    });
    return now;
  });
  impl_->services = std::make_shared<GameServices>(
      GameServices{.config = impl_->config,
                   .durability = impl_->writers.get(),
                   .registry = &impl_->registry,
                   .release = [this](const std::string& game_id,
                                     const persistence::Lease& lease) {
                     impl_->release(game_id, lease);
                   }});
  impl_->load_tokens();
}

void Runtime::join(int http_port) {
  impl_->membership = std::make_unique<Membership>(
      impl_->config, advertised_address(impl_->config, http_port),
      [this] { impl_->drop_all_games(); });
  impl_->membership->start();
  // The first batch of orphans is taken before the first request, so that
  // /readyz counts them from the start.
  impl_->adoption_thread = std::thread([this, first = impl_->adopt_batch()] {
    pthread_setname_np(pthread_self(), "game-adoption");
    impl_->adopt_orphans(first);
  });
}

void Runtime::stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(impl_->adoption_mutex);
    impl_->adoption_wake.notify_all();
  }
  if (impl_->adoption_thread.joinable()) impl_->adoption_thread.join();
  // Snapshot the games in memory, then let the writers commit everything.
  std::vector<Answer> pending;
  for (auto& actor : impl_->registry.all()) {
    auto [reply, answer] = Answer::make();
    pending.push_back(std::move(answer));
    caf::anon_send(actor, ShutdownMsg{std::move(reply)});
  }
  if (impl_->writers) {
    for (const auto& answer : pending)
      if (answer.wait_for(std::chrono::seconds(5)) ==
          Answer::Outcome::timed_out)
        break;
    impl_->writers->stop();
  }
  // Every write is committed: the games are orphans from now on, for the
  // other nodes to adopt at once.
  if (impl_->membership) impl_->membership->leave();
}

Placement Runtime::placement(const std::string& game_id) {
  // The fast path: a game in memory here is this node's, while its lease
  // holds.
  if (impl_->registry.find(game_id)) {
    if (impl_->lease_lapsed()) return {Placement::Kind::unavailable, {}, 1};
    return {};
  }
  Placement where;
  (void)impl_->actor_for(game_id, &where);  // only where it is served counts
  return where;
}

Result Runtime::create_game(const CreateGame& request) {
  GameRecord record;
  record.game_id = request.game_id.value_or(new_game_id());
  if (!is_game_id(record.game_id))
    return Result::failure(
        ErrorCode::bad_request, "game_id must match " + kGameIdPattern,
        "bad_request", replies::details({{"field", "\"game_id\""}}));
  if (request.origin == CreateGame::Origin::client)
    if (auto free = free_of_tournaments(record.game_id); !free.ok())
      return free;
  for (const auto& [name, personality] : request.personalities) {
    if (std::find(request.players.begin(), request.players.end(), name) ==
        request.players.end())
      return Result::failure(
          ErrorCode::bad_request,
          "personality given for unknown player '" + name + "'", "bad_request",
          replies::details({{"field", "\"personalities\""}}));
    if (std::find(game::kPersonalities.begin(), game::kPersonalities.end(),
                  personality) == game::kPersonalities.end())
      return unknown_personality(name, personality);
  }
  game::GameConfig config;
  for (const auto& name : request.players) {
    auto it = request.personalities.find(name);
    config.players.push_back(
        {name, it == request.personalities.end() ? "balanced" : it->second});
  }
  config.width = request.width;
  config.height = request.height;
  config.max_turns = request.max_turns;
  config.seed = request.seed.value_or(random_seed());
  const int timeout_ms =
      request.turn_timeout_ms.value_or(impl_->config.turn_timeout_ms);
  if (timeout_ms < 0)
    return Result::failure(
        ErrorCode::bad_request, "turn_timeout_ms must be >= 0", "bad_request",
        replies::details({{"field", "\"turn_timeout_ms\""}}));
  game::State state;
  try {
    state = game::new_game(config);
  } catch (const game::ConfigError& e) {
    return Result::failure(
        ErrorCode::bad_request, e.what(), "bad_request",
        replies::details({{"field", replies::quoted(e.field())}}));
  }
  if (impl_->registry.find(record.game_id))
    return Result::failure(ErrorCode::conflict,
                           "game '" + record.game_id + "' exists",
                           "game_exists");
  // The new game's owner row (this node, epoch 1) is written with it.
  persistence::Lease lease{impl_->node_id(), 1};
  if (lease.node_id.empty())
    return Result::unavailable("this node is joining the cluster");

  std::vector<std::string> tokens = request.tokens;
  tokens.resize(config.players.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].empty()) tokens[i] = new_token();
    const auto& p = config.players[i];
    record.players.push_back({p.name, p.personality, hash_token(tokens[i])});
  }
  record.created_at_ms = record.updated_at_ms = now_ms();
  if (timeout_ms > 0) record.deadline_at_ms = record.created_at_ms + timeout_ms;
  record.settings = {std::move(config), timeout_ms};

  RecoveredGame fresh;
  fresh.state_hash = game::state_hash(state);
  persistence::WriteBatch rows;
  rows.new_games.push_back(row_from_record(record, state, fresh.state_hash));
  rows.snapshots.push_back(
      snapshot_row(record.game_id, state, fresh.state_hash, "initial"));
  rows.leases[record.game_id] = lease;
  auto [reply, answer] = Answer::make();
  bool queued = impl_->writers->submit(
      record.game_id,
      {std::move(rows),
       [reply = std::move(reply)](const WriteStatus& s) {
         if (s.ok())
           reply.answer(Result::success("{}"));
         else if (s.kind == WriteStatus::game_exists)
           reply.answer(Result::failure(ErrorCode::conflict, "the game exists",
                                        "game_exists"));
         else if (s.outage())
           reply.answer(Result::unavailable(
               "the database is unavailable; nothing was created", s.message));
         else
           reply.answer(Result::internal_error(
               "the database refused the new game: " + s.message));
       }},
      Admission::bounded);
  if (!queued) return Result::unavailable("the database writer is overloaded");
  if (answer.wait_for(reply_timeout) != Answer::Outcome::answered)
    return Result::unavailable("the database did not answer in time");
  auto written = answer.take();
  if (!written.ok()) return written;

  for (const auto& p : record.players)
    impl_->tokens.add(p.token_hash, record.game_id);
  auto body = replies::created(record, tokens);
  auto game_id = record.game_id;
  fresh.record = std::move(record);
  fresh.state = std::move(state);
  std::lock_guard<std::mutex> lock(impl_->registry.activation_lock(game_id));
  impl_->registry.insert(game_id,
                         spawn_game_actor(impl_->system, impl_->services,
                                          std::move(fresh), std::move(lease)));
  return Result::success_created(std::move(body));
}

Expected<Principal> Runtime::history_reader(const std::string& game_id,
                                            const Caller& caller) {
  return impl_->reader(game_id, caller);
}

Result Runtime::sync(const std::string& game_id) {
  return impl_->sync(game_id);
}

Result Runtime::info_in_memory(const std::string& game_id) {
  return impl_->ask(game_id, [](Reply r) { return InfoMsg{std::move(r)}; });
}

Result Runtime::player_view(const std::string& game_id, const Caller& caller,
                            const ViewRequest& request) {
  auto who = impl_->principal(game_id, caller);
  if (!who) return std::move(who).failure();
  return impl_->ask(
      game_id,
      [&](Reply r) {
        return ViewMsg{*who, request, std::move(r)};
      },
      std::chrono::milliseconds(request.wait_for_turn ? request.timeout_ms
                                                      : 0));
}

Result Runtime::submit(const std::string& game_id, const Caller& caller,
                       Submission submission) {
  auto who = impl_->principal(game_id, caller);
  if (!who) return std::move(who).failure();
  auto orders = parse_actions(submission.actions_json);
  if (!orders) return std::move(orders).failure();
  auto canonical = game::orders_to_json(*orders);
  return impl_->ask(game_id, [&](Reply r) {
    return SubmitMsg{*who, submission, *orders, canonical, std::move(r)};
  });
}

Result Runtime::dry_run(const std::string& game_id, const Caller& caller,
                        const std::string& actions_json) {
  auto who = impl_->principal(game_id, caller);
  if (!who) return std::move(who).failure();
  auto orders = parse_actions(actions_json);
  if (!orders) return std::move(orders).failure();
  return impl_->ask(game_id, [&](Reply r) {
    return DryRunMsg{*who, std::move(*orders), std::move(r)};
  });
}

Expected<std::shared_ptr<EventChannel>> Runtime::subscribe(
    const std::string& game_id, const Caller& caller) {
  auto who = impl_->reader(game_id, caller);
  if (!who) return std::move(who).failure();
  auto channel = std::make_shared<EventChannel>();
  auto subscribed = impl_->ask(game_id, [&](Reply r) {
    return SubscribeMsg{*who, channel, std::move(r)};
  });
  if (!subscribed.ok()) return subscribed;
  return channel;
}

Result Runtime::restore(const std::string& game_id, std::optional<int> turn) {
  auto synced = impl_->sync(game_id);
  if (!synced.ok()) return synced;
  std::shared_ptr<RecoveredGame> rebuilt;
  try {
    rebuilt = impl_->reads.with([&](pqxx::connection& conn) {
      persistence::GameReader reader(conn);
      return is_served(reader.game(game_id))
                 ? std::make_shared<RecoveredGame>(
                       recover_game(reader, game_id, {turn, std::nullopt}))
                 : nullptr;
    });
  } catch (...) {
    return from_exception();
  }
  if (!rebuilt) return not_found(game_id);
  {
    // A restore that verifies clears an earlier failed activation.
    std::lock_guard<std::mutex> lock(impl_->failed_mutex);
    impl_->failed_games.erase(game_id);
  }
  return impl_->ask(game_id, [&](Reply r) {
    return ReplaceMsg{rebuilt, std::move(r)};
  });
}

Result Runtime::log_prompt(const std::string& game_id, const Caller& caller,
                           PromptLog log) {
  auto who = impl_->principal(game_id, caller);
  if (!who) return std::move(who).failure();
  return impl_->ask(game_id, [&](Reply r) {
    return PromptLogMsg{*who, log, std::move(r)};
  });
}

Result Runtime::overview() {
  try {
    auto by_status = impl_->reads.with([](pqxx::connection& conn) {
      return persistence::GameReader(conn).games_by_status();
    });
    auto replication = impl_->reads.with([](pqxx::connection& conn) {
      return persistence::replication_info(conn);
    });
    auto connections = persistence::connection_stats();
    auto w = impl_->writers->figures();
    std::string games = "{";
    for (const auto& [status, n] : by_status) {
      if (games.size() > 1) games += ',';
      games += replies::quoted(std::string(game::status_name(status)));
      games += ':';
      games += std::to_string(n);
    }
    games += "}";
    return Result::success(replies::details({
        {"games_by_status", games},
        {"actors_in_memory", std::to_string(impl_->registry.size())},
        {"recovering", std::to_string(impl_->recovering.load())},
        {"recovered", std::to_string(impl_->recovered.load())},
        {"recovery_failed", std::to_string(impl_->recovery_failed.load())},
        {"writer_queue_depth", std::to_string(w.queue_depth)},
        {"writer_batches", std::to_string(w.batches)},
        {"writer_batch_mean", std::to_string(w.batch_mean)},
        {"writer_rows_mean", std::to_string(w.rows_mean)},
        {"commit_ms_p50", std::to_string(w.commit_ms_p50)},
        {"commit_ms_p99", std::to_string(w.commit_ms_p99)},
        {"database", replies::replication(replication)},
        {"db_reconnects", std::to_string(connections.reconnects)},
        {"db_without_primary_s", std::to_string(connections.without_primary_s)},
    }));
  } catch (...) {
    return from_exception();
  }
}

Result Runtime::cluster() {
  try {
    auto view = impl_->reads.with([](pqxx::connection& conn) {
      return persistence::ClusterStore(conn).view(1000);
    });
    return Result::success(replies::cluster(impl_->node_id(), view));
  } catch (...) {
    return from_exception();
  }
}

Result Runtime::admin_command(const std::string& game_id,
                              AdminCommand command) {
  return impl_->ask(game_id, [&](Reply r) {
    return AdminMsg{command, std::move(r)};
  });
}

Runtime::RecoveryProgress Runtime::recovery_progress() const {
  return {impl_->recovery_done.load(), impl_->recovered.load(),
          impl_->recovery_failed.load(), impl_->recovering.load()};
}

Metrics& Runtime::metrics() { return impl_->metrics; }

persistence::ConnectionPool& Runtime::reads() { return impl_->reads; }

const config::Config& Runtime::config() const { return impl_->config; }

bool Runtime::database_ready() {
  try {
    return impl_->reads.with([](pqxx::connection& conn) {
      pqxx::nontransaction tx(conn);
      tx.exec("SELECT 1");
      return true;
    });
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace fourex::actors
