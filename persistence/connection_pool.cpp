#include "persistence/connection_pool.hpp"

#include "persistence/database.hpp"

namespace fourex::persistence {

ConnectionPool::ConnectionPool(std::string url, int keep_open, int max_overflow)
    : url_(std::move(url)),
      keep_(std::max(1, keep_open)),
      max_(keep_ + std::max(0, max_overflow)) {}

ConnectionPool::Lease::~Lease() {
  if (pool_) pool_->give_back(std::move(conn_));
}

ConnectionPool::Lease ConnectionPool::acquire(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!freed_.wait_for(lock, wait,
                       [&] { return !idle_.empty() || open_ < max_; }))
    throw DatabaseUnavailable("all database connections are busy");
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
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
