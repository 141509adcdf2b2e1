// A bounded pool of connections for reads and admin work done on HTTP
// threads (the writers own their connections): DB_POOL_SIZE connections
// stay open, DB_MAX_OVERFLOW more are opened under load and closed when
// given back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

namespace fourex::persistence {

class ConnectionPool {
 public:
  ConnectionPool(std::string url, int keep_open, int max_overflow);

  // A connection on loan; returned to the pool when destroyed, unless
  // discard() was called (after a failure left it in doubt).
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }
    void discard() { conn_.reset(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  // Waits up to `wait` for a free connection, opening one when under the
  // bound. Throws DatabaseUnavailable when none can be had.
  Lease acquire(std::chrono::milliseconds wait = std::chrono::seconds(5));

  // Runs `work(connection)`; a failure that means the database is gone is
  // rethrown as DatabaseUnavailable and the connection discarded.
  template <class F>
  auto with(F&& work) {
    auto lease = acquire();
    try {
      return work(*lease);
    } catch (...) {
      lease.discard();
      rethrow();
    }
  }

 private:
  [[noreturn]] static void rethrow();
  void give_back(std::unique_ptr<pqxx::connection> conn);

  std::string url_;
  int keep_;
  int max_;
  int open_ = 0;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
};

}  // namespace fourex::persistence
