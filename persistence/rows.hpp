// Plain row types of the six tables, as the writers and readers see them.
// JSON columns travel as canonical JSON text: persistence does not interpret
// game state, it only stores and returns it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "game/game_status.hpp"

namespace fourex::persistence {

// games: one row per game; config and players (with token hashes) as JSON.
struct GameRow {
  std::string game_id;
  game::GameStatus status = game::GameStatus::active;
  std::string config_json;   // the game's creation settings
  std::string players_json;  // [{"name","personality","token_hash"}...]
  std::int64_t seed = 0;
  int max_turns = 0;
  int turn_timeout_ms = 0;
  int turn = 1;  // turn now taking orders
  int completed_turns = 0;
  std::string state_hash;  // after completed_turns
  std::optional<std::string> winner;
  std::optional<std::int64_t> deadline_at_ms;  // epoch ms of the turn deadline
  std::int64_t created_at_ms = 0;  // filled by readers; 0 on insert = now()
  std::int64_t updated_at_ms = 0;  // filled by readers
};

// A change of a game's progress or status (after a turn, pause, archive...).
struct GameUpdate {
  std::string game_id;
  game::GameStatus status = game::GameStatus::active;
  int turn = 1;
  int completed_turns = 0;
  std::string state_hash;
  std::optional<std::string> winner;
  std::optional<std::int64_t> deadline_at_ms;
};

// player_actions: one row per accepted submission (game, turn, player).
struct ActionRow {
  std::string game_id;
  int turn = 0;
  std::string player;
  std::string request_id;    // empty when the client sent none
  std::string actions_json;  // canonical JSON array of orders
  int action_count = 0;
  std::int64_t submitted_at_ms = 0;  // filled by readers
};

// game_turns: one row per resolved turn.
struct TurnRow {
  std::string game_id;
  int turn = 0;
  std::string state_hash;   // after this turn resolved
  std::string events_json;  // JSON array, including every order's outcome
  std::int64_t duration_us = 0;
  std::int64_t processed_at_ms = 0;  // filled by readers
};

// game_snapshots: the full state after `turn` completed turns.
struct SnapshotRow {
  std::string game_id;
  int turn = 0;  // completed turns the state holds
  std::string state_json;
  std::string state_hash;
  std::string reason;  // initial | interval | critical | admin | shutdown
  std::int64_t created_at_ms = 0;  // filled by readers
};

// prompt_logs: one LLM call of one player.
struct PromptLogRow {
  std::int64_t id = 0;  // assigned by the database
  std::string game_id;
  std::string player;
  int turn = 0;
  std::string provider;
  std::string model;
  std::string prompt;
  std::string response;
  std::string thinking;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t thinking_tokens = 0;
  std::int64_t latency_ms = 0;
  std::optional<std::string> error;
  bool fallback = false;  // the personality bot played the turn after this
  std::int64_t created_at_ms = 0;  // filled by readers
};

// player_stats: counters are added (deltas), gauges replaced when present.
struct StatsDelta {
  std::string game_id;
  std::string player;
  std::int64_t submissions = 0;
  std::int64_t actions = 0;
  std::int64_t rejected_actions = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t thinking_tokens = 0;
  std::int64_t llm_calls = 0;
  std::int64_t latency_ms_total = 0;
  std::optional<int> cities, units, techs, score;  // gauges after a turn
};

// What GET /games shows of a stored game beyond its row: the newest
// snapshot, and per player the last turn's score, whether it still owns
// anything, and whether it has submitted for the current turn.
struct ListedPlayer {
  std::optional<int> score;
  bool alive = true;
  bool submitted = false;
};
struct GameListing {
  int last_snapshot_turn = 0;
  std::map<std::string, ListedPlayer> players;  // by name
};

// What GET /stats reads: the counters plus latency figures from prompt_logs.
struct PlayerStatsRow {
  std::string player;
  std::int64_t submissions = 0, actions = 0, rejected_actions = 0;
  std::int64_t prompt_tokens = 0, completion_tokens = 0, thinking_tokens = 0;
  std::int64_t llm_calls = 0, fallbacks = 0;
  double latency_ms_mean = 0, latency_ms_p95 = 0;
  int cities = 0, units = 0, techs = 0, score = 0;
};

// The right of one node incarnation to write a game's rows: the
// (node_id, epoch) of its game_owners row when the node claimed it.
struct Lease {
  std::string node_id;
  std::int64_t epoch = 0;
};

// Everything one writer commits in one transaction, written in a fixed table
// order (games, player_actions, game_turns, game_snapshots, prompt_logs,
// player_stats) so concurrent writers never deadlock.
struct WriteBatch {
  std::vector<GameRow> new_games;
  std::vector<GameUpdate> game_updates;
  std::vector<ActionRow> actions;
  std::vector<TurnRow> turns;
  std::vector<SnapshotRow> snapshots;
  std::vector<PromptLogRow> prompt_logs;
  std::vector<StatsDelta> stats;
  // The lease of each game, by game_id. A game with a lease is fenced: its
  // rows are stored only while game_owners holds exactly that lease and
  // its node is alive, and carry its epoch and node. A game without one is
  // written unfenced, with NULL epoch and node (a process that holds no
  // lease: tools, tests seeding rows); a new game without one gets a
  // released owner row (node NULL, epoch 0) for the first claim to take.
  std::map<std::string, Lease> leases;

  bool empty() const {
    return new_games.empty() && game_updates.empty() && actions.empty() &&
           turns.empty() && snapshots.empty() && prompt_logs.empty() &&
           stats.empty();
  }
  std::size_t size() const {
    return new_games.size() + game_updates.size() + actions.size() +
           turns.size() + snapshots.size() + prompt_logs.size() + stats.size();
  }
};

}  // namespace fourex::persistence
