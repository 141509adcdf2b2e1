// The server's Prometheus metrics: one registry the Runtime owns. The
// writers report what they commit (batches, turns, snapshots, tokens), the
// runtime reports recoveries, and gauges are read at scrape time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "game/game_status.hpp"
#include "persistence/batch_writer.hpp"

namespace fourex::actors {

// Values only known by asking (the database, the registry, the writers).
struct GaugeReadings {
  std::map<game::GameStatus, std::int64_t> games_by_status;
  std::int64_t actors_in_memory = 0;
  std::int64_t games_owned = 0;  // games this node holds the lease of
  std::int64_t writer_queue_depth = 0;
};

class Metrics {
 public:
  Metrics();

  prometheus::Registry& registry() { return *registry_; }

  // Everything a writer committed: turn resolution times, snapshots, tokens.
  void rows_committed(const persistence::WriteBatch& rows);
  // One group commit of `jobs` jobs (ok or not) that took `took`.
  void batch_committed(std::size_t jobs, std::chrono::duration<double> took,
                       bool ok);
  // A game rebuilt from the database (ok) or refused.
  void recovery_finished(bool ok, std::chrono::duration<double> took);

  // The fence refused a job's rows: its game's lease was lost.
  void write_fenced();
  // This node took over a game another node held (dead, or released).
  void node_takeover();
  // A token this node had not seen was looked up in the database.
  void token_looked_up();
  // Where the gauges come from; refresh() reads it (before a scrape).
  void set_readings(std::function<GaugeReadings()> readings);
  void refresh();

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  // Owned by registry_; set once in the constructor.
  prometheus::Histogram* turn_seconds_;
  prometheus::Histogram* batch_jobs_;
  prometheus::Histogram* commit_seconds_;
  prometheus::Counter* commits_ok_;
  prometheus::Counter* commits_failed_;
  prometheus::Counter* snapshots_;
  prometheus::Counter* snapshot_bytes_;
  prometheus::Counter* recoveries_ok_;
  prometheus::Counter* recoveries_failed_;
  prometheus::Histogram* recovery_seconds_;
  prometheus::Counter* prompt_tokens_;
  prometheus::Counter* completion_tokens_;
  prometheus::Counter* thinking_tokens_;
  prometheus::Counter* prompt_logs_;
  prometheus::Family<prometheus::Gauge>* games_;
  prometheus::Gauge* actors_;
  prometheus::Gauge* queue_depth_;
  prometheus::Gauge* games_owned_;
  prometheus::Counter* fenced_writes_;
  prometheus::Counter* takeovers_;
  prometheus::Counter* token_lookups_;
  prometheus::Counter* db_reconnects_;
  prometheus::Counter* db_without_primary_;
  std::mutex readings_mutex_;
  std::function<GaugeReadings()> readings_;
};

}  // namespace fourex::actors
