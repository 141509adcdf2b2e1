#include "actors/writer_pool.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_set>

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "actors/metrics.hpp"
#include "persistence/batch_writer.hpp"
#include "persistence/database.hpp"

namespace fourex::actors {
namespace {

using Clock = std::chrono::steady_clock;

// How often kept jobs are tried again while the database is away.
constexpr auto kOutageRetry = std::chrono::seconds(1);

struct Queued {
  std::string game_id{};
  WriteJob job{};
  bool retry = false;  // kept through an outage: not before retry_at
};

}  // namespace

struct WriterPool::Shared {
  std::string url;
  std::size_t batch_max;
  std::chrono::microseconds linger;
  std::int64_t queue_max;
  Metrics* metrics;

  // One writer at a time gathers the next batch; the others commit or wait
  // here for their turn.
  std::mutex gather;

  std::mutex mutex;              // everything below
  std::condition_variable wake;  // the gathering writer
  bool waiting_for_jobs = false;
  std::deque<Queued> queue;
  std::unordered_set<std::string> committing;  // games of batches in flight
  int commits_in_flight = 0;
  std::int64_t backlog = 0;  // queued or being committed
  Clock::time_point retry_at{};
  bool stopping = false;

  std::int64_t batches = 0, jobs = 0, rows = 0, failed_batches = 0;
  std::deque<double> commit_ms;  // the last 1024
};

namespace {

// The outcome of one transaction: its status, and when it committed, the
// games whose rows the fence refused (nothing of theirs was stored).
struct Written {
  WriteStatus status;
  std::set<std::string> moved;
  // The status of a job of `game_id`.
  WriteStatus of(const std::string& game_id) const {
    if (status.ok() && moved.count(game_id))
      return {WriteStatus::game_moved, "the game's lease is lost"};
    return status;
  }
};

Written write_one(persistence::BatchWriter& db,
                  const persistence::WriteBatch& rows) {
  try {
    Written w;
    for (auto& game_id : db.write(rows)) w.moved.insert(game_id);
    return w;
  } catch (const persistence::CommitInDoubt& e) {
    return {{WriteStatus::in_doubt, e.what()}, {}};
  } catch (const persistence::DatabaseUnavailable& e) {
    return {{WriteStatus::unavailable, e.what()}, {}};
  } catch (const persistence::GameExists& e) {
    return {{WriteStatus::game_exists, e.what()}, {}};
  } catch (const std::exception& e) {
    return {{WriteStatus::rejected, e.what()}, {}};
  }
}

struct Ready {
  std::size_t jobs = 0;
  bool fresh = false;  // one of them is not a kept job waiting for retry_at
};

// The queued jobs a writer may take now: those of games no other batch in
// flight holds, at most batch_max.
Ready ready(const WriterPool::Shared& sh) {
  Ready r;
  for (const Queued& q : sh.queue) {
    if (sh.committing.count(q.game_id)) continue;
    ++r.jobs;
    r.fresh = r.fresh || !q.retry;
    if (r.jobs >= sh.batch_max) break;
  }
  return r;
}

// Waits for the next batch and takes it (the caller holds sh.gather).
// Empty when the pool stops with nothing left to write.
std::vector<Queued> gather_batch(WriterPool::Shared& sh) {
  std::unique_lock<std::mutex> lock(sh.mutex);
  std::optional<Clock::time_point> linger_until;
  for (;;) {
    Ready r = ready(sh);
    sh.waiting_for_jobs = false;
    if (r.jobs >= sh.batch_max) break;
    if (r.jobs > 0) {
      auto now = Clock::now();
      if (!r.fresh && now < sh.retry_at && !sh.stopping) {
        sh.waiting_for_jobs = true;  // a fresh job ends the wait
        sh.wake.wait_until(lock, sh.retry_at);
        continue;
      }
      // Nobody else is committing: waiting would only add latency.
      if (sh.commits_in_flight == 0 || sh.stopping) break;
      if (!linger_until) linger_until = now + sh.linger;
      if (now >= *linger_until) break;
      sh.wake.wait_until(lock, *linger_until);
      continue;
    }
    if (sh.stopping && sh.queue.empty()) return {};
    sh.waiting_for_jobs = true;
    sh.wake.wait(lock);
  }
  std::vector<Queued> batch;
  std::deque<Queued> left;  // jobs of games another batch holds, in order
  const std::unordered_set<std::string> held = sh.committing;
  for (auto& q : sh.queue) {
    if (batch.size() >= sh.batch_max || held.count(q.game_id)) {
      left.push_back(std::move(q));
      continue;
    }
    sh.committing.insert(q.game_id);
    batch.push_back(std::move(q));
  }
  sh.queue.swap(left);
  ++sh.commits_in_flight;
  return batch;
}

void record(WriterPool::Shared& sh, std::size_t jobs, std::size_t rows,
            double ms, bool ok) {
  ++sh.batches;
  sh.jobs += static_cast<std::int64_t>(jobs);
  sh.rows += static_cast<std::int64_t>(rows);
  if (!ok) ++sh.failed_batches;
  sh.commit_ms.push_back(ms);
  if (sh.commit_ms.size() > 1024) sh.commit_ms.pop_front();
}

// Commits the batch as one transaction and answers its jobs. When the
// batch is refused for its data (not for an outage), each job is retried
// alone so that one bad job cannot fail the others. In an outage, jobs to
// keep go back to the front of the queue, to be tried again.
void commit(WriterPool::Shared& sh, persistence::BatchWriter& db,
            std::vector<Queued>& batch) {
  persistence::WriteBatch merged;
  for (const auto& q : batch) merged.append(q.job.rows);
  auto started = Clock::now();
  auto written = merged.empty() ? Written{} : write_one(db, merged);
  const auto& status = written.status;
  auto ms =
      std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  if (sh.metrics) {
    sh.metrics->batch_committed(
        batch.size(), std::chrono::duration<double>(ms / 1000), status.ok());
    // (Counts the refused games' rows too: rare, and only in the figures.)
    if (status.ok()) sh.metrics->rows_committed(merged);
  }
  std::vector<Queued> kept;
  // Every job is answered here, and only here; the backlog counts it out
  // after its answer, so an empty backlog means every job was answered.
  std::int64_t answered = 0;
  auto answer = [&](Queued& q, const WriteStatus& s) {
    if (s.kind == WriteStatus::game_moved && sh.metrics)
      sh.metrics->write_fenced();
    if (q.job.done) q.job.done(s);
    ++answered;
  };
  if (!status.ok() && !status.outage() && batch.size() > 1) {
    for (auto& q : batch) {
      auto alone = write_one(db, q.job.rows);
      if (alone.status.ok() && sh.metrics)
        sh.metrics->rows_committed(q.job.rows);
      if (!alone.status.ok() && alone.status.kind != WriteStatus::game_exists)
        spdlog::error("writer: a job was refused: {}", alone.status.message);
      answer(q, alone.of(q.game_id));
    }
  } else {
    if (!status.ok())
      spdlog::warn("writer: batch of {} jobs failed: {}", batch.size(),
                   status.message);
    for (auto& q : batch) {
      if (status.outage() && q.job.on_outage == OnOutage::keep) {
        q.retry = true;
        kept.push_back(std::move(q));
        continue;
      }
      answer(q, written.of(q.game_id));
    }
  }

  std::lock_guard<std::mutex> lock(sh.mutex);
  record(sh, batch.size(), merged.size(), ms, status.ok());
  // (Kept jobs were moved out of the batch: their games are named there.)
  for (const auto& q : batch) sh.committing.erase(q.game_id);
  for (const auto& q : kept) sh.committing.erase(q.game_id);
  if (sh.stopping) {
    for (auto& q : kept)
      answer(q, {WriteStatus::unavailable, "the writer stopped"});
  } else if (!kept.empty()) {
    // Older than anything queued since: they go first.
    sh.retry_at = Clock::now() + kOutageRetry;
    sh.queue.insert(sh.queue.begin(), std::make_move_iterator(kept.begin()),
                    std::make_move_iterator(kept.end()));
  }
  sh.backlog -= answered;
  --sh.commits_in_flight;
  sh.wake.notify_one();
}

void writer_thread(const std::shared_ptr<WriterPool::Shared>& shared) {
  pthread_setname_np(pthread_self(), "db-writer");
  auto& sh = *shared;
  persistence::BatchWriter db(sh.url);
  for (;;) {
    std::vector<Queued> batch;
    {
      std::lock_guard<std::mutex> turn(sh.gather);
      batch = gather_batch(sh);
    }
    if (batch.empty()) return;
    commit(sh, db, batch);
  }
}

}  // namespace

WriterPool::WriterPool(const config::Config& config, Metrics* metrics)
    : shared_(std::make_shared<Shared>()) {
  shared_->url = config.database_url;
  shared_->batch_max = static_cast<std::size_t>(config.writer_batch_max);
  shared_->linger = std::chrono::microseconds(config.writer_linger_us);
  shared_->queue_max = config.writer_queue_max;
  shared_->metrics = metrics;
  for (int i = 0; i < config.writer_count; ++i)
    threads_.emplace_back(writer_thread, shared_);
}

WriterPool::~WriterPool() { stop(); }

bool WriterPool::submit(const std::string& game_id, WriteJob job,
                        Admission admission) {
  auto& sh = *shared_;
  std::lock_guard<std::mutex> lock(sh.mutex);
  if (sh.stopping ||
      (admission == Admission::bounded && sh.backlog >= sh.queue_max))
    return false;
  ++sh.backlog;
  sh.queue.push_back({.game_id = game_id, .job = std::move(job)});
  // A lingering writer is woken by the end of a commit or a full batch, not
  // by every job.
  if (sh.waiting_for_jobs || sh.queue.size() >= sh.batch_max)
    sh.wake.notify_one();
  return true;
}

void WriterPool::stop() {
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->stopping = true;
    shared_->wake.notify_all();
  }
  // The writers commit what is queued, then exit; wait for them so nothing
  // is lost when the process ends.
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

WriterFigures WriterPool::figures() const {
  WriterFigures f;
  std::vector<double> sorted;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    f.queue_depth = shared_->backlog;
    f.batches = shared_->batches;
    f.jobs = shared_->jobs;
    f.rows = shared_->rows;
    f.failed_batches = shared_->failed_batches;
    sorted.assign(shared_->commit_ms.begin(), shared_->commit_ms.end());
  }
  if (f.batches > 0) {
    f.batch_mean = double(f.jobs) / double(f.batches);
    f.rows_mean = double(f.rows) / double(f.batches);
  }
  std::sort(sorted.begin(), sorted.end());
  if (!sorted.empty()) {
    f.commit_ms_p50 = sorted[sorted.size() / 2];
    f.commit_ms_p99 =
        sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
  }
  return f;
}

}  // namespace fourex::actors
