// WRITER_COUNT writer threads, each owning one PostgreSQL connection, and
// one queue of write jobs they share: group commit across games. A writer
// that becomes free takes whatever is queued (at most WRITER_BATCH_MAX
// jobs, whichever games they belong to), commits it as one transaction and
// then answers every job of the batch. It lingers (at most
// WRITER_LINGER_US) only while another writer's commit is in flight: one
// job in flight is written at once, many are gathered while the database
// is busy anyway.
//
// A game's jobs are committed in the order they were queued: a writer does
// not take the jobs of a game another writer is committing (they wait for
// that commit), so two batches never hold rows of the same game at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "persistence/rows.hpp"

namespace fourex::actors {

struct WriteStatus {
  // in_doubt: the connection broke during COMMIT; rewriting the same rows
  // is safe (resends are recognised) and tells. game_moved: the fence
  // refused the rows: this node's lease of the game is lost (another node
  // owns it now, or this one was presumed dead); nothing of them is stored.
  enum Kind {
    committed,
    unavailable,
    in_doubt,
    game_exists,
    rejected,
    game_moved
  };
  Kind kind = committed;
  std::string message;
  bool ok() const { return kind == committed; }
  // The database could not be reached (or the commit's fate is unknown):
  // 503 to whoever waits, a retry later for rows kept through an outage.
  bool outage() const { return kind == unavailable || kind == in_doubt; }
};

// Rows to commit and whom to tell. `done` runs on the writer's thread: keep
// it short (send a message, fulfil a promise). rows.leases names the lease
// of every game the rows belong to (the fence checks it).
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
  std::int64_t rows = 0;
  std::int64_t failed_batches = 0;
  double batch_mean = 0;     // jobs per batch since start
  double rows_mean = 0;      // rows per batch since start
  double commit_ms_p50 = 0;  // over the last 1024 commits
  double commit_ms_p99 = 0;
};

class Metrics;

class WriterPool {
 public:
  // metrics (optional) hears of every commit.
  explicit WriterPool(const config::Config& config, Metrics* metrics = nullptr);
  ~WriterPool();
  WriterPool(const WriterPool&) = delete;
  WriterPool& operator=(const WriterPool&) = delete;

  // Whether a job may be refused while the backlog is past
  // WRITER_QUEUE_MAX.
  enum class Backlog {
    may_refuse,    // a client's request: refused, the client hears 503
    queue_anyway,  // rows the game already counts on (turn rows, snapshots)
  };
  // Queues the job for the game. Returns false, without queueing, when the
  // pool has stopped, or when the backlog is full and `backlog` may refuse.
  bool submit(const std::string& game_id, WriteJob job,
              Backlog backlog = Backlog::may_refuse);

  // Commits everything queued, then stops and joins the writers.
  void stop();

  WriterFigures figures() const;

  struct Shared;  // the queue and figures the writer threads share

 private:
  std::shared_ptr<Shared> shared_;
  std::vector<std::thread> threads_;
};

}  // namespace fourex::actors
