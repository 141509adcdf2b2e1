// Read-only queries of `fourex db` (check, list, info, size): what an
// operator asks of the database, outside the server's hot paths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "game/game_status.hpp"

namespace fourex::persistence {

struct ServerInfo {
  std::string version;  // e.g. "15.6 (Debian 15.6-0+deb12u1)"
  int version_num = 0;  // e.g. 150006
  std::string database;
  std::int64_t database_bytes = 0;
};

// One line of `fourex db list`.
struct GameSummary {
  std::string game_id;
  game::GameStatus status = game::GameStatus::active;
  int turn = 0;
  int players = 0;
  std::string updated_at;  // ISO 8601, UTC
};

struct PlayerSummary {
  std::string name;
  int score = 0;
  int cities = 0;
  int units = 0;
  int techs = 0;
  std::int64_t submissions = 0;
  std::int64_t tokens = 0;  // prompt + completion + thinking
};

// Everything `fourex db info <game_id>` prints.
struct GameDetails {
  GameSummary game;
  int completed_turns = 0;
  int max_turns = 0;
  std::string state_hash;
  std::optional<std::string> winner;
  std::string created_at;
  std::int64_t turns_stored = 0;
  std::int64_t actions_stored = 0;
  std::int64_t snapshots = 0;
  std::int64_t snapshot_bytes = 0;
  std::optional<int> last_snapshot_turn;
  std::int64_t prompt_logs = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t thinking_tokens = 0;
  std::vector<PlayerSummary> players;  // in seating order
};

struct TableSize {
  std::string table;
  std::int64_t rows = 0;   // exact count
  std::int64_t bytes = 0;  // with indexes and TOAST
};

// A standby streaming from the server (pg_stat_replication).
struct Standby {
  std::string name;     // application_name (pg_auto_failover's node slot)
  std::string address;  // client address, "local" for a unix socket
  std::string state;    // streaming, catchup, ...
  std::string sync;     // sync, quorum, async, potential
  std::optional<double> replay_lag_s;
};

// Where the connection landed and how the data is protected: which server
// (host:port) took it and whether it is the primary, the standbys that
// follow it, and the age of the newest archived WAL and of the newest base
// backup (from the backup history file pg_backup_stop leaves in pg_wal).
// Ages are absent when unknown: nothing archived, no backup, or a role
// without pg_monitor.
struct ReplicationInfo {
  std::string server;
  bool in_recovery = false;
  std::vector<Standby> standbys;
  std::optional<double> wal_archived_age_s;
  std::int64_t archive_failures = 0;
  std::optional<double> backup_age_s;
};

// Each throws DatabaseUnavailable when the server is gone.
ReplicationInfo replication_info(pqxx::connection& conn);
ServerInfo server_info(pqxx::connection& conn);
// Every game (deleted ones too), most recently updated first.
std::vector<GameSummary> game_summaries(pqxx::connection& conn);
std::optional<GameDetails> game_details(pqxx::connection& conn,
                                        const std::string& game_id);
// The tables of the schema, largest first.
std::vector<TableSize> table_sizes(pqxx::connection& conn);

}  // namespace fourex::persistence
