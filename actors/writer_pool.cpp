#include "actors/writer_pool.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>

#include <spdlog/spdlog.h>

#include "actors/atoms.hpp"
#include "actors/metrics.hpp"
#include "persistence/batch_writer.hpp"
#include "persistence/database.hpp"

namespace fourex::actors {

struct WriterPool::Shared {
  std::mutex mutex;
  std::int64_t batches = 0, jobs = 0, failed_batches = 0;
  std::deque<double> commit_ms;  // the last 1024

  void record(std::size_t batch_jobs, double ms, bool ok) {
    std::lock_guard<std::mutex> lock(mutex);
    ++batches;
    jobs += static_cast<std::int64_t>(batch_jobs);
    if (!ok) ++failed_batches;
    commit_ms.push_back(ms);
    if (commit_ms.size() > 1024) commit_ms.pop_front();
  }
};

namespace {

void append(persistence::WriteBatch& into, persistence::WriteBatch&& from) {
  auto move_all = [](auto& dst, auto& src) {
    dst.insert(dst.end(), std::make_move_iterator(src.begin()),
               std::make_move_iterator(src.end()));
  };
  move_all(into.new_games, from.new_games);
  move_all(into.game_updates, from.game_updates);
  move_all(into.actions, from.actions);
  move_all(into.turns, from.turns);
  move_all(into.snapshots, from.snapshots);
  move_all(into.prompt_logs, from.prompt_logs);
  move_all(into.stats, from.stats);
}

WriteStatus write_one(persistence::BatchWriter& db,
                      const persistence::WriteBatch& rows) {
  try {
    db.write(rows);
    return {};
  } catch (const persistence::CommitInDoubt& e) {
    return {WriteStatus::in_doubt, e.what()};
  } catch (const persistence::DatabaseUnavailable& e) {
    return {WriteStatus::unavailable, e.what()};
  } catch (const persistence::GameExists& e) {
    return {WriteStatus::game_exists, e.what()};
  } catch (const std::exception& e) {
    return {WriteStatus::rejected, e.what()};
  }
}

// How often a writer holding kept jobs tries the database again.
constexpr auto kOutageRetry = std::chrono::seconds(1);

struct WriterContext {
  std::string url;
  std::size_t batch_max;
  std::chrono::microseconds linger;
  std::shared_ptr<WriterPool::Shared> shared;
  std::shared_ptr<std::atomic<std::int64_t>> backlog;
  Metrics* metrics = nullptr;
};

// Commits the jobs as one transaction. When the batch is refused for its
// data (not for an outage), each job is retried alone so that one bad job
// cannot fail the others. In an outage, jobs to keep move to `kept`.
void commit(persistence::BatchWriter& db, std::vector<WriteJob>& jobs,
            WriterContext& ctx, std::vector<WriteJob>& kept) {
  persistence::WriteBatch merged;
  for (auto& job : jobs) append(merged, persistence::WriteBatch(job.rows));
  auto started = std::chrono::steady_clock::now();
  auto status = merged.empty() ? WriteStatus{} : write_one(db, merged);
  auto ms = std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::now() - started)
                .count();
  ctx.shared->record(jobs.size(), ms, status.ok());
  if (ctx.metrics) {
    ctx.metrics->batch_committed(
        jobs.size(), std::chrono::duration<double>(ms / 1000), status.ok());
    if (status.ok()) ctx.metrics->rows_committed(merged);
  }
  if (!status.ok() && !status.outage() && jobs.size() > 1) {
    for (auto& job : jobs) {
      auto alone = write_one(db, job.rows);
      if (alone.ok() && ctx.metrics) ctx.metrics->rows_committed(job.rows);
      if (!alone.ok() && alone.kind != WriteStatus::game_exists)
        spdlog::error("writer: a job was refused: {}", alone.message);
      if (job.done) job.done(alone);
      --*ctx.backlog;
    }
  } else {
    if (!status.ok())
      spdlog::warn("writer: batch of {} jobs failed: {}", jobs.size(),
                   status.message);
    for (auto& job : jobs) {
      if (status.outage() && job.keep_through_outage) {
        kept.push_back(std::move(job));
        continue;
      }
      if (job.done) job.done(status);
      --*ctx.backlog;
    }
  }
  jobs.clear();
}

void writer_actor(caf::blocking_actor* self, WriterContext ctx) {
  persistence::BatchWriter db(ctx.url);
  std::vector<WriteJob> jobs, kept;
  bool running = true;
  auto take = [&](WriteJob& job) { jobs.push_back(std::move(job)); };
  auto halt = [&](stop_atom) { running = false; };
  auto on_exit = [&](caf::exit_msg&) { running = false; };
  while (running) {
    if (kept.empty())
      self->receive(take, halt, on_exit);
    else
      self->receive(
          take, halt, on_exit, caf::after(kOutageRetry) >> [] {});
    auto deadline = std::chrono::steady_clock::now() + ctx.linger;
    while (running && jobs.size() < ctx.batch_max) {
      auto left = std::chrono::duration_cast<std::chrono::microseconds>(
          deadline - std::chrono::steady_clock::now());
      bool got = false;
      self->receive(
          [&](WriteJob& job) {
            take(job);
            got = true;
          },
          halt, on_exit,
          caf::after(std::max(left, std::chrono::microseconds(0))) >> [] {});
      if (!got) break;
    }
    // Kept jobs are older than anything received since: they go first.
    jobs.insert(jobs.begin(), std::make_move_iterator(kept.begin()),
                std::make_move_iterator(kept.end()));
    kept.clear();
    commit(db, jobs, ctx, kept);
  }
  for (auto& job : kept) {
    if (job.done) job.done({WriteStatus::unavailable, "the writer stopped"});
    --*ctx.backlog;
  }
}

std::size_t writer_index(const std::string& game_id, std::size_t n) {
  // FNV-1a: stable across runs and builds, unlike std::hash.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : game_id) h = (h ^ c) * 1099511628211ull;
  return static_cast<std::size_t>(h % n);
}

}  // namespace

WriterPool::WriterPool(caf::actor_system& system, const config::Config& config,
                       Metrics* metrics)
    : shared_(std::make_shared<Shared>()), queue_max_(config.writer_queue_max) {
  for (int i = 0; i < config.db_pool_size; ++i) {
    auto backlog = std::make_shared<std::atomic<std::int64_t>>(0);
    backlog_.push_back(backlog);
    WriterContext ctx{config.database_url,
                      static_cast<std::size_t>(config.writer_batch_max),
                      std::chrono::microseconds(config.writer_linger_us),
                      shared_,
                      backlog,
                      metrics};
    writers_.push_back(system.spawn<caf::detached>(writer_actor, ctx));
  }
}

WriterPool::~WriterPool() { stop(); }

bool WriterPool::submit(const std::string& game_id, WriteJob job, bool must) {
  if (writers_.empty()) return false;  // stopped (and no modulo by 0)
  auto i = writer_index(game_id, writers_.size());
  if (!must && backlog_[i]->load() >= queue_max_) return false;
  ++*backlog_[i];
  caf::anon_send(writers_[i], std::move(job));
  return true;
}

void WriterPool::stop() {
  for (auto& w : writers_) caf::anon_send(w, stop_atom::value);
  // The writers commit what is queued before the stop message, then exit;
  // wait for them so nothing is lost when the process ends.
  for (auto& w : writers_) {
    caf::scoped_actor self{w->home_system()};
    self->wait_for(w);
  }
  writers_.clear();
}

WriterFigures WriterPool::figures() const {
  WriterFigures f;
  for (const auto& b : backlog_) f.queue_depth += b->load();
  std::lock_guard<std::mutex> lock(shared_->mutex);
  f.batches = shared_->batches;
  f.jobs = shared_->jobs;
  f.failed_batches = shared_->failed_batches;
  f.batch_mean = f.batches ? double(f.jobs) / double(f.batches) : 0;
  std::vector<double> sorted(shared_->commit_ms.begin(),
                             shared_->commit_ms.end());
  std::sort(sorted.begin(), sorted.end());
  if (!sorted.empty()) {
    f.commit_ms_p50 = sorted[sorted.size() / 2];
    f.commit_ms_p99 =
        sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
  }
  return f;
}

}  // namespace fourex::actors
