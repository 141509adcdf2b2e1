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
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "actors/durability.hpp"
#include "config/config.hpp"

namespace fourex::actors {

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

class WriterPool : public Durability {
 public:
  // metrics (optional) hears of every commit.
  explicit WriterPool(const config::Config& config, Metrics* metrics = nullptr);
  ~WriterPool() override;
  WriterPool(const WriterPool&) = delete;
  WriterPool& operator=(const WriterPool&) = delete;

  bool submit(const std::string& game_id, WriteJob job,
              Admission admission) override;

  // Commits everything queued, then stops and joins the writers.
  void stop();

  WriterFigures figures() const;

  struct Shared;  // the queue and figures the writer threads share

 private:
  std::shared_ptr<Shared> shared_;
  std::vector<std::thread> threads_;
};

}  // namespace fourex::actors
