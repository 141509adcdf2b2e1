// The port through which game actors make their rows durable: the writer
// pool in a server (writer_pool.hpp), a stand-in in the actors' in-process
// tests. A job's answer is the only thing an actor learns of its rows.
#pragma once

#include <functional>
#include <string>

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

// What the writer does with a job while the database is unavailable.
enum class OnOutage {
  answer,  // answer it `unavailable` at once (someone waits for it)
  // Keep it and commit it once the database is back: rows nobody waits for
  // (turn log, progress, snapshots, stats), so that a running server's
  // history has no holes after an outage.
  keep,
};

// Rows to commit and whom to tell. `done` runs on the writer's thread: keep
// it short (send a message, answer a Reply). rows.leases names the lease
// of every game the rows belong to (the fence checks it).
struct WriteJob {
  persistence::WriteBatch rows;
  std::function<void(const WriteStatus&)> done;
  OnOutage on_outage = OnOutage::answer;
};

// Whether a job is refused when the backlog has passed WRITER_QUEUE_MAX.
enum class Admission {
  bounded,  // refused (the caller answers 503): new submissions, logs
  always,   // queued anyway: rows of what was already accepted
};

class Durability {
 public:
  virtual ~Durability() = default;
  // Queues the job for the game; its `done` is called exactly once, after
  // the commit or when it failed. Returns false, without queueing (and
  // without calling `done`), when admission is bounded and the backlog is
  // full, or when the writer has stopped.
  virtual bool submit(const std::string& game_id, WriteJob job,
                      Admission admission) = 0;
};

}  // namespace fourex::actors
