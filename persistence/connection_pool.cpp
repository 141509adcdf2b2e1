#include "persistence/connection_pool.hpp"

#include "persistence/database.hpp"

namespace fourex::persistence {

ConnectionPool::ConnectionPool(std::string url, int keep_open, int max_overflow)
    : url_(std::move(url)),
      keep_(std::max(1, keep_open)),
      max_(keep_ + std::max(0, max_overflow)) {}

namespace {

// Reads what the server sent while the connection sat idle: a server that
// went away (a restart, a failover's demotion) has closed it, and a lease on
// it would fail its first statement with a 503 that a new connection avoids.
bool still_open(pqxx::connection& conn) {
  try {
    conn.get_notifs();
  } catch (const pqxx::broken_connection&) {
    return false;
  }
  return conn.is_open();
}

}  // namespace

ConnectionPool::Lease::~Lease() {
  if (pool_) pool_->give_back(std::move(conn_));
}

ConnectionPool::Lease ConnectionPool::acquire(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!freed_.wait_for(lock, wait,
                       [&] { return !idle_.empty() || open_ < max_; }))
    throw DatabaseUnavailable("all database connections are busy");
  while (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    if (still_open(*conn)) return Lease(this, std::move(conn));
    --open_;  // closed by the server while idle: open another below
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(this, connect(url_));
  } catch (...) {
    lock.lock();
    --open_;
    freed_.notify_one();
    throw;
  }
}

void ConnectionPool::give_back(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (conn && conn->is_open() && static_cast<int>(idle_.size()) < keep_)
    idle_.push_back(std::move(conn));
  else
    --open_;
  freed_.notify_one();
}

void ConnectionPool::rethrow() { rethrow_classified(); }

}  // namespace fourex::persistence
