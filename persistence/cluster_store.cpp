// Membership and ownership of a cluster (see cluster_store.hpp).
#include "persistence/cluster_store.hpp"

#include <algorithm>
#include <optional>

#include "persistence/database.hpp"
#include "persistence/pg_array.hpp"
#include "persistence/statements.hpp"

namespace fourex::persistence {
namespace {

// One read-write transaction per call, committed; failures classified.
template <typename F>
auto in_transaction(pqxx::connection& conn, const char* name, F&& f) {
  try {
    pqxx::work tx(conn, name);
    auto result = f(tx);
    tx.commit();
    return result;
  } catch (...) {
    rethrow_classified();
  }
}

}  // namespace

ClusterStore::ClusterStore(pqxx::connection& conn) : conn_(conn) {
  sql::prepare_all(conn_);
}

void ClusterStore::join(const std::string& node_id,
                        const std::string& http_addr, int ttl_ms) {
  in_transaction(conn_, "node_join", [&](pqxx::work& tx) {
    return sql::run(tx, sql::kNodeJoin, node_id, http_addr, ttl_ms);
  });
}

bool ClusterStore::renew(const std::string& node_id, int ttl_ms) {
  return in_transaction(conn_, "node_renew", [&](pqxx::work& tx) {
    return !sql::run(tx, sql::kNodeRenew, node_id, ttl_ms).empty();
  });
}

void ClusterStore::leave(const std::string& node_id) {
  in_transaction(conn_, "node_leave", [&](pqxx::work& tx) {
    return sql::run(tx, sql::kNodeLeave, node_id);
  });
}

namespace {

Claim of_kind(Claim::Kind kind) {
  Claim c;
  c.kind = kind;
  return c;
}

// What a claim answers from the owner's columns (sql::kPeekOwner's), or
// nullopt when the game is free to take: released, or its node dead.
std::optional<Claim> settled(const pqxx::row& o, const std::string& node_id) {
  if (!o[6].as<bool>()) return of_kind(Claim::Kind::self_expired);
  if (o[1].is_null()) return of_kind(Claim::Kind::no_game);
  const bool released = o[0].is_null();
  if (!released && o[0].as<std::string>() == node_id) {
    Claim c = of_kind(Claim::Kind::owned);
    c.epoch = o[1].as<std::int64_t>();
    return c;
  }
  if (released || !o[3].as<bool>()) return std::nullopt;
  Claim c =
      of_kind(o[5].as<bool>() ? Claim::Kind::peer_expired : Claim::Kind::peer);
  c.owner_node = o[0].as<std::string>();
  c.owner_address = o[2].as<std::string>();
  c.expires_in_ms = o[4].as<int>();
  return c;
}

}  // namespace

Claim ClusterStore::claim(const std::string& game_id,
                          const std::string& node_id) {
  // Most claims change nothing (mine, or a live peer's: the answer is a
  // routing hint, the fence is what protects the rows): one unlocked
  // statement, no lock to contend with the owner's writes.
  try {
    pqxx::nontransaction tx(conn_, "claim");
    if (auto c = settled(sql::run(tx, sql::kPeekOwner, game_id, node_id)[0],
                         node_id))
      return *c;
  } catch (...) {
    rethrow_classified();
  }
  // A takeover: decided again with the owner row locked, on a read that
  // starts after the lock is held (another node may have taken the game
  // over while this one waited: see sql::kLockOwner).
  return in_transaction(conn_, "claim", [&](pqxx::work& tx) {
    if (sql::run(tx, sql::kLockOwner, game_id).empty())
      return of_kind(Claim::Kind::no_game);
    const pqxx::row o = sql::run(tx, sql::kPeekOwner, game_id, node_id)[0];
    if (auto c = settled(o, node_id)) return *c;
    const auto before = o[1].as<std::int64_t>();
    auto taken = sql::run(tx, sql::kTakeOwner, game_id, node_id);
    if (taken.empty()) return of_kind(Claim::Kind::self_expired);
    Claim c = of_kind(Claim::Kind::owned);
    c.epoch = taken[0][0].as<std::int64_t>();
    c.took_over = before > 0;  // epoch 0: stored but never owned
    return c;
  });
}

std::vector<std::pair<std::string, std::int64_t>> ClusterStore::adopt_orphans(
    const std::string& node_id, int limit) {
  return in_transaction(conn_, "adopt_orphans", [&](pqxx::work& tx) {
    // Two statements: the candidates locked, then decided on a snapshot
    // taken after the locks (see sql::kLockOrphans).
    std::vector<std::pair<std::string, std::int64_t>> adopted;
    const auto candidates = sql::run(tx, sql::kLockOrphans, node_id, limit);
    if (candidates.empty()) return adopted;
    PgArray locked;
    for (const auto& r : candidates) locked.add(r[0].as<std::string>());
    for (const auto& r : sql::run(tx, sql::kAdoptLocked, node_id, locked.str()))
      adopted.emplace_back(r[0].as<std::string>(), r[1].as<std::int64_t>());
    std::sort(adopted.begin(), adopted.end());
    return adopted;
  });
}

void ClusterStore::release(const std::string& game_id, const Lease& lease) {
  in_transaction(conn_, "release", [&](pqxx::work& tx) {
    return sql::run(tx, sql::kReleaseOwner, game_id, lease.node_id,
                    lease.epoch);
  });
}

ClusterView ClusterStore::view(int max_games) {
  try {
    pqxx::read_transaction tx(conn_, "cluster_view");
    ClusterView v;
    for (const auto& r : sql::run(tx, sql::kClusterNodes)) {
      v.nodes.push_back({.node_id = r[0].as<std::string>(),
                         .address = r[1].as<std::string>(),
                         .started_at = r[2].as<std::string>(),
                         .expires_at = r[3].as<std::string>(),
                         .alive = r[4].as<bool>(),
                         .games_owned = r[5].as<std::int64_t>()});
    }
    for (const auto& r : sql::run(tx, sql::kClusterOwners, max_games)) {
      GameOwner g{.game_id = r[0].as<std::string>(),
                  .node_id = std::nullopt,
                  .epoch = r[2].as<std::int64_t>()};
      if (!r[1].is_null()) g.node_id = r[1].as<std::string>();
      v.games.push_back(std::move(g));
    }
    return v;
  } catch (...) {
    rethrow_classified();
  }
}

}  // namespace fourex::persistence
