// DB_POOL_SIZE detached writer actors, each owning one PostgreSQL
// connection. A writer drains its mailbox into one batch (bounded by
// WRITER_BATCH_MAX and WRITER_LINGER_US), commits it in one transaction and
// then answers every job of the batch: group commit.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "config/config.hpp"
#include "persistence/rows.hpp"

namespace fourex::actors {

struct WriteStatus {
  // in_doubt: the connection broke during COMMIT; rewriting the same rows
  // is safe (resends are recognised) and tells.
  enum Kind { committed, unavailable, in_doubt, game_exists, rejected };
  Kind kind = committed;
  std::string message;
  bool ok() const { return kind == committed; }
  // The database could not be reached (or the commit's fate is unknown):
  // 503 to whoever waits, a retry later for rows kept through an outage.
  bool outage() const { return kind == unavailable || kind == in_doubt; }
};

// Rows to commit and whom to tell. `done` runs on the writer's thread: keep
// it short (send a message, fulfil a promise).
struct WriteJob {
  persistence::WriteBatch rows;
  std::function<void(const WriteStatus&)> done;
  // Rows nobody waits for (turn log, progress, snapshots, stats): when the
  // database is unavailable the writer keeps them and commits them once it
  // is back, so a running server's history has no holes after an outage.
  bool keep_through_outage = false;
};

// Figures for /admin/v1/overview and /metrics.
struct WriterFigures {
  std::int64_t queue_depth = 0;
  std::int64_t batches = 0;
  std::int64_t jobs = 0;
  std::int64_t failed_batches = 0;
  double batch_mean = 0;     // jobs per batch since start
  double commit_ms_p50 = 0;  // over the last 1024 commits
  double commit_ms_p99 = 0;
};

class Metrics;

class WriterPool {
 public:
  // metrics (optional) hears of every commit.
  WriterPool(caf::actor_system& system, const config::Config& config,
             Metrics* metrics = nullptr);
  ~WriterPool();

  // Queues the job on the game's writer. Returns false, without queueing,
  // when that writer's backlog has passed WRITER_QUEUE_MAX (the caller
  // answers 503); `must` queues anyway (turn rows, snapshots).
  bool submit(const std::string& game_id, WriteJob job, bool must = false);

  // Commits everything queued, then stops and joins the writers.
  void stop();

  WriterFigures figures() const;

  struct Shared;  // state the writer threads share with the pool

 private:
  std::shared_ptr<Shared> shared_;
  std::vector<caf::actor> writers_;
  std::vector<std::shared_ptr<std::atomic<std::int64_t>>> backlog_;
  int queue_max_;
};

}  // namespace fourex::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(fourex::actors::WriteJob)
