#include "actors/membership.hpp"

#include <chrono>

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "actors/tokens.hpp"
#include "persistence/cluster_store.hpp"
#include "persistence/database.hpp"

namespace fourex::actors {

std::string advertised_address(const config::Config& config, int http_port) {
  if (!config.node_address.empty()) return config.node_address;
  auto host = config.host == "0.0.0.0" ? "127.0.0.1" : config.host;
  return "http://" + host + ":" + std::to_string(http_port);
}

Membership::Membership(const config::Config& config, std::string address,
                       std::function<void()> presumed_dead)
    : config_(config),
      address_(std::move(address)),
      presumed_dead_(std::move(presumed_dead)) {}

Membership::~Membership() { leave(); }

void Membership::start() {
  auto conn = persistence::connect(config_.database_url);
  auto id = new_node_id();
  auto asked = std::chrono::steady_clock::now();
  persistence::ClusterStore(*conn).join(id, address_, config_.node_ttl_ms);
  granted(asked);
  spdlog::info("cluster: joined as node {} at {}", id, address_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    node_id_ = id;
  }
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "node-heartbeat");
    run();
  });
}

void Membership::leave() {
  std::string id;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    id.swap(node_id_);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (id.empty()) return;
  try {
    auto conn = persistence::connect(config_.database_url);
    persistence::ClusterStore(*conn).leave(id);
    spdlog::info("cluster: node {} left", id);
  } catch (const std::exception& e) {
    // Its lease runs out by itself: peers take the games over after the TTL.
    spdlog::warn("cluster: node {} could not leave: {}", id, e.what());
  }
}

bool Membership::holds_lease() const {
  return std::chrono::steady_clock::now().time_since_epoch().count() <
         lease_valid_until_.load();
}

void Membership::granted(std::chrono::steady_clock::time_point asked) {
  auto ttl = std::chrono::milliseconds(config_.node_ttl_ms * 9 / 10);
  lease_valid_until_ = (asked + ttl).time_since_epoch().count();
}

std::string Membership::node_id() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return node_id_;
}

void Membership::release_later(const std::string& game_id,
                               persistence::Lease lease, Guard unless_held) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;  // leave() releases every game at once
    releases_.push_back({game_id, std::move(lease), std::move(unless_held)});
  }
  wake_.notify_all();
}

// Every NODE_HEARTBEAT_MS: renew (rejoin when presumed dead), then the
// releases queued meanwhile. A database error costs one beat; the lease
// outlives a few of them (NODE_TTL_MS), and a renewal that comes too late
// says so.
void Membership::run() {
  std::unique_ptr<pqxx::connection> conn;
  const auto beat = std::chrono::milliseconds(config_.node_heartbeat_ms);
  auto next_renewal = std::chrono::steady_clock::now() + beat;
  for (;;) {
    std::deque<Release> releases;
    std::string id;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_until(lock, next_renewal,
                       [&] { return stopping_ || !releases_.empty(); });
      if (stopping_) return;
      releases.swap(releases_);
      id = node_id_;
    }
    try {
      if (!conn) conn = persistence::connect(config_.database_url);
      persistence::ClusterStore store(*conn);
      if (std::chrono::steady_clock::now() >= next_renewal) {
        auto asked = std::chrono::steady_clock::now();
        next_renewal = asked + beat;
        if (!store.renew(id, config_.node_ttl_ms)) {
          rejoin();
          continue;  // the queued releases named the old incarnation
        }
        granted(asked);
      }
      for (auto& r : releases)
        r.unless_held([&] { store.release(r.game_id, r.lease); });
    } catch (const std::exception& e) {
      spdlog::warn("cluster: heartbeat of node {} failed: {}", id, e.what());
      conn.reset();
      next_renewal = std::chrono::steady_clock::now() + beat;
    }
  }
}

void Membership::rejoin() {
  std::string old;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    old.swap(node_id_);
  }
  lease_valid_until_ = 0;
  spdlog::error(
      "cluster: node {} was presumed dead (its lease expired); stopping its "
      "games and joining again",
      old);
  presumed_dead_();
  auto conn = persistence::connect(config_.database_url);
  auto id = new_node_id();
  auto asked = std::chrono::steady_clock::now();
  persistence::ClusterStore(*conn).join(id, address_, config_.node_ttl_ms);
  spdlog::info("cluster: joined again as node {}", id);
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return;
  granted(asked);
  node_id_ = id;
}

}  // namespace fourex::actors
