// Node membership and game ownership of a cluster (issue 13), in the
// tables of migration 0003: fourex_nodes (one row per process incarnation,
// alive while its expires_at is ahead of the database's now()) and
// game_owners (each game's owner node and epoch). Every time comparison
// uses the database's clock, so clock skew between machines changes how
// soon a takeover happens, never whether it is safe. What makes a stale
// owner harmless is the fence of BatchWriter (see sql::kWriteBatch), which
// takes the same owner rows FOR SHARE that a claim takes FOR UPDATE.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "persistence/rows.hpp"

namespace fourex::persistence {

// The answer to "may this node serve the game?".
struct Claim {
  enum class Kind {
    owned,         // this node owns it now, with `epoch`
    peer,          // a live peer owns it: forward to owner_address
    peer_expired,  // a peer owns it whose lease runs out unrenewed (it
                   // missed heartbeats for over half its TTL: frozen or
                   // dying); forwarding would likely hang: retry after
                   // expires_in_ms, when it can be taken over
    no_game,       // no such game is stored
    self_expired,  // this node's own lease expired: it is presumed dead
  };
  Kind kind = Kind::no_game;
  std::int64_t epoch = 0;  // owned: the epoch this node now writes with
  bool took_over = false;  // owned: it was another (dead or released) node's
  std::string owner_node, owner_address;  // peer, peer_expired
  int expires_in_ms = 0;  // peer, peer_expired: what is left of its lease
};

// One node of GET /admin/v1/cluster. Times ISO-8601 UTC.
struct ClusterNode {
  std::string node_id;
  std::string address;
  std::string started_at;
  std::string expires_at;
  bool alive = false;
  std::int64_t games_owned = 0;
};
struct GameOwner {
  std::string game_id;
  std::optional<std::string> node_id;  // nullopt: released
  std::int64_t epoch = 0;
};
struct ClusterView {
  std::vector<ClusterNode> nodes;  // alive first, then newest first
  std::vector<GameOwner> games;    // by game_id, at most max_games
};

class ClusterStore {
 public:
  // Registers the named statements on conn (cheap, idempotent). Every call
  // is its own transaction and throws DatabaseUnavailable when the server
  // is gone (libpqxx reconnects on the next call).
  explicit ClusterStore(pqxx::connection& conn);

  // Registers a new incarnation alive for ttl_ms. Earlier incarnations
  // advertising the same http_addr are expired at once: this process
  // bound that address, so they cannot be alive, and a restarted single
  // server gets its games back now rather than after a TTL. Node rows
  // expired for over an hour are deleted (their games' owner rows still
  // name them: an owner without a node row is a dead one).
  void join(const std::string& node_id, const std::string& http_addr,
            int ttl_ms);
  // Extends the lease by ttl_ms from now. False when it had expired: this
  // incarnation was presumed dead and must not come back (join anew).
  bool renew(const std::string& node_id, int ttl_ms);
  // A clean stop: expires now, so its games are orphans at once.
  void leave(const std::string& node_id);

  // Who serves the game; takes it when it is free. Stored games always
  // have an owner row. Mine -> owned, same epoch; released, or its owner
  // dead -> owned with epoch + 1 (took_over unless it was never owned);
  // a live peer's -> peer or peer_expired; this node expired ->
  // self_expired. An answer that changes nothing is read without a lock
  // (one statement); a takeover decides again with the owner row locked
  // FOR UPDATE, so it waits for the old owner's fenced write in flight
  // (FOR SHARE) and then sees its rows, on a read that starts once the lock
  // is held (so a node that took the game meanwhile is seen alive).
  Claim claim(const std::string& game_id, const std::string& node_id);

  // Takes up to `limit` active or paused games whose owner is dead or that
  // were never owned (epoch 0), epoch + 1, in game_id order, and returns
  // (game_id, epoch). A released game (passivated: idle, no deadline) is
  // left alone until a request claims it, or it would be rebuilt at once.
  // FOR UPDATE SKIP LOCKED: concurrent adopters never wait for each other
  // nor take a game twice; the locked candidates are checked again on a
  // read that starts after the locks. Nothing while node_id itself is not
  // alive.
  std::vector<std::pair<std::string, std::int64_t>> adopt_orphans(
      const std::string& node_id, int limit);

  // node_id := NULL (the epoch stays) where the lease still holds; a lost
  // lease is left alone. Waits for a fenced write of the game in flight.
  void release(const std::string& game_id, const Lease& lease);

  // Nodes with games owned, and owners by game_id (at most max_games).
  ClusterView view(int max_games = 1000);

 private:
  pqxx::connection& conn_;
};

}  // namespace fourex::persistence
