// This process's membership in the cluster (issue 13): one fourex_nodes row
// per incarnation (a new node id at every join), renewed every
// NODE_HEARTBEAT_MS by a thread with its own connection, so that a busy
// read pool or writer never delays a renewal. A renewal that finds the row
// expired means the others presumed this node dead and may own its games
// already: `presumed_dead` stops them here, then the node joins again under
// a new id. The same thread releases passivated games (a database round
// trip the game actors must not wait for).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "config/config.hpp"
#include "persistence/rows.hpp"

namespace fourex::actors {

class Membership {
 public:
  // presumed_dead runs on the heartbeat thread, before the node joins
  // again; when it returns this node holds no game any more.
  Membership(const config::Config& config, std::string address,
             std::function<void()> presumed_dead);
  ~Membership();
  Membership(const Membership&) = delete;
  Membership& operator=(const Membership&) = delete;

  // Joins as a new incarnation and starts the heartbeat. Throws
  // persistence::DatabaseUnavailable when the database cannot be reached.
  void start();
  // A clean stop: the row expires now, so peers adopt the games at once.
  // The node's writes must be flushed before (they would be refused after).
  void leave();

  // The current incarnation, or "" while it is not a member (presumed dead
  // and not yet joined again, or stopped).
  std::string node_id() const;
  const std::string& address() const { return address_; }
  // Whether this node may still count on its lease by its own clock: the
  // last join or renewal was sent less than 9/10 of NODE_TTL_MS ago. A
  // process frozen (SIGSTOP, a long pause) past its lease serves nothing
  // from memory when it wakes, before its heartbeat finds out that peers
  // took its games over. Reads in memory are not fenced; this is their
  // fence.
  bool holds_lease() const;

  // Releases the game once the heartbeat thread gets to it: calls
  // `unless_held(release)`, which runs `release` unless the game was
  // activated here again meanwhile.
  using Guard = std::function<void(const std::function<void()>& release)>;
  void release_later(const std::string& game_id, persistence::Lease lease,
                     Guard unless_held);

 private:
  void run();
  void rejoin();
  // The database granted a lease asked for at `asked` (before the
  // statement was sent, so the database's expiry is later than ours).
  void granted(std::chrono::steady_clock::time_point asked);

  const config::Config config_;
  const std::string address_;
  std::function<void()> presumed_dead_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::string node_id_;
  bool stopping_ = false;
  struct Release {
    std::string game_id;
    persistence::Lease lease;
    Guard unless_held;
  };
  std::deque<Release> releases_;
  std::atomic<std::chrono::steady_clock::rep> lease_valid_until_{0};
  std::thread thread_;
};

// The base URL peers forward this node's games to: NODE_ADDRESS, or
// http://HOST:port (127.0.0.1 when HOST listens on every address).
std::string advertised_address(const config::Config& config, int http_port);

}  // namespace fourex::actors
