// The metric families and what moves them.
#include "actors/metrics.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "persistence/database.hpp"

namespace fourex::actors {
namespace {

using prometheus::Histogram;

// Seconds, from 100 µs to 10 s: turn resolution, commits, recoveries.
Histogram::BucketBoundaries seconds_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

// The label of a status: its stored text. Every status is exported, zero
// or not.
std::string label(game::GameStatus status) {
  return std::string(game::status_name(status));
}

}  // namespace

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  auto& r = *registry_;
  auto histogram = [&](const char* name, const char* help,
                       Histogram::BucketBoundaries buckets) {
    return &prometheus::BuildHistogram().Name(name).Help(help).Register(r).Add(
        {}, std::move(buckets));
  };
  auto counters =
      [&](const char* name,
          const char* help) -> prometheus::Family<prometheus::Counter>& {
    return prometheus::BuildCounter().Name(name).Help(help).Register(r);
  };
  turn_seconds_ = histogram("fourex_turn_resolution_seconds",
                            "Time to resolve one turn (the rules alone)",
                            seconds_buckets());
  batch_jobs_ =
      histogram("fourex_writer_batch_jobs", "Jobs per group commit of a writer",
                {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024});
  commit_seconds_ = histogram("fourex_writer_commit_seconds",
                              "Time of one group commit", seconds_buckets());
  auto& commits = counters("fourex_writer_commits_total",
                           "Group commits of the writers, by result");
  commits_ok_ = &commits.Add({{"result", "ok"}});
  commits_failed_ = &commits.Add({{"result", "failed"}});
  snapshots_ =
      &counters("fourex_snapshots_total", "Snapshots committed").Add({});
  snapshot_bytes_ = &counters("fourex_snapshot_bytes_total",
                              "Bytes of game state in committed snapshots")
                         .Add({});
  auto& recoveries = counters("fourex_recoveries_total",
                              "Games rebuilt from the database, by result");
  recoveries_ok_ = &recoveries.Add({{"result", "ok"}});
  recoveries_failed_ = &recoveries.Add({{"result", "failed"}});
  recovery_seconds_ = histogram("fourex_recovery_seconds",
                                "Time to rebuild one game from the database",
                                seconds_buckets());
  auto& tokens = counters("fourex_llm_tokens_total",
                          "LLM tokens in committed prompt logs, by kind");
  prompt_tokens_ = &tokens.Add({{"kind", "prompt"}});
  completion_tokens_ = &tokens.Add({{"kind", "completion"}});
  thinking_tokens_ = &tokens.Add({{"kind", "thinking"}});
  prompt_logs_ =
      &counters("fourex_prompt_logs_total", "Prompt logs committed").Add({});
  games_ = &prometheus::BuildGauge()
                .Name("fourex_games")
                .Help("Games in the database, by status")
                .Register(r);
  for (auto status : game::kGameStatuses)
    games_->Add({{"status", label(status)}});
  actors_ = &prometheus::BuildGauge()
                 .Name("fourex_game_actors")
                 .Help("Game actors in memory")
                 .Register(r)
                 .Add({});
  queue_depth_ = &prometheus::BuildGauge()
                      .Name("fourex_writer_queue_depth")
                      .Help("Jobs queued on the writers, not yet committed")
                      .Register(r)
                      .Add({});
  games_owned_ = &prometheus::BuildGauge()
                      .Name("fourex_games_owned")
                      .Help("Games this node holds the lease of (in memory)")
                      .Register(r)
                      .Add({});
  fenced_writes_ = &counters("fourex_fenced_writes_total",
                             "Write jobs the fence refused: their game's "
                             "lease was lost to another node")
                        .Add({});
  takeovers_ = &counters("fourex_node_takeovers_total",
                         "Games this node took over from a dead node or "
                         "after a release (epoch + 1)")
                    .Add({});
  token_lookups_ = &counters("fourex_token_lookups_total",
                             "Database look-ups of tokens this node had not "
                             "seen (made-up ones among them)")
                        .Add({});
  db_reconnects_ = &counters("fourex_db_reconnects_total",
                             "Connections opened after the database was lost "
                             "(failover or outage)")
                        .Add({});
  db_without_primary_ =
      &counters("fourex_db_without_primary_seconds_total",
                "Seconds without a database that takes writes")
           .Add({});
}

void Metrics::rows_committed(const persistence::WriteBatch& rows) {
  for (const auto& t : rows.turns)
    turn_seconds_->Observe(static_cast<double>(t.duration_us) / 1e6);
  for (const auto& s : rows.snapshots) {
    snapshots_->Increment();
    snapshot_bytes_->Increment(static_cast<double>(s.state_json.size()));
  }
  for (const auto& log : rows.prompt_logs) {
    prompt_logs_->Increment();
    prompt_tokens_->Increment(static_cast<double>(log.prompt_tokens));
    completion_tokens_->Increment(static_cast<double>(log.completion_tokens));
    thinking_tokens_->Increment(static_cast<double>(log.thinking_tokens));
  }
}

void Metrics::batch_committed(std::size_t jobs,
                              std::chrono::duration<double> took, bool ok) {
  batch_jobs_->Observe(static_cast<double>(jobs));
  commit_seconds_->Observe(took.count());
  (ok ? commits_ok_ : commits_failed_)->Increment();
}

void Metrics::recovery_finished(bool ok, std::chrono::duration<double> took) {
  (ok ? recoveries_ok_ : recoveries_failed_)->Increment();
  recovery_seconds_->Observe(took.count());
}

void Metrics::write_fenced() { fenced_writes_->Increment(); }

void Metrics::token_looked_up() { token_lookups_->Increment(); }

void Metrics::node_takeover() { takeovers_->Increment(); }

void Metrics::set_readings(std::function<GaugeReadings()> readings) {
  std::lock_guard<std::mutex> lock(readings_mutex_);
  readings_ = std::move(readings);
}

void Metrics::refresh() {
  // Kept by persistence for every connection; brought up to date here.
  auto db = persistence::connection_stats();
  db_reconnects_->Increment(static_cast<double>(db.reconnects) -
                            db_reconnects_->Value());
  db_without_primary_->Increment(
      std::max(0.0, db.without_primary_s - db_without_primary_->Value()));
  std::lock_guard<std::mutex> lock(readings_mutex_);
  if (!readings_) return;
  try {
    auto now = readings_();
    for (auto status : game::kGameStatuses) {
      auto it = now.games_by_status.find(status);
      games_->Add({{"status", label(status)}})
          .Set(it == now.games_by_status.end()
                   ? 0.0
                   : static_cast<double>(it->second));
    }
    actors_->Set(static_cast<double>(now.actors_in_memory));
    queue_depth_->Set(static_cast<double>(now.writer_queue_depth));
    games_owned_->Set(static_cast<double>(now.games_owned));
  } catch (const std::exception& e) {
    // A scrape during an outage still gets the counters; gauges keep their
    // last values.
    spdlog::warn("metrics: cannot read the gauges: {}", e.what());
  }
}

}  // namespace fourex::actors
