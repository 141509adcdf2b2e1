// Every SQL statement of the persistence layer, by name, in one place.
// Values always travel as parameters ($1, $2...), never pasted into SQL text;
// multi-row statements take one PostgreSQL array per column (see pg_array.hpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "persistence/database.hpp"

namespace fourex::persistence::sql {

struct Statement {
  const char* name;  // prepared statement name, also used in SQL_DEBUG logs
  const char* text;
};

// Migrations (run with exec_params: schema_migrations may not exist yet).
extern const Statement kMigrationLock;
extern const Statement kCreateSchemaMigrations;
extern const Statement kSchemaMigrationsExists;
extern const Statement kAppliedVersions;
extern const Statement kMaxVersion;
extern const Statement kRecordMigration;
extern const Statement kDropAll;

// Writer (BatchWriter), in the fixed table order of WriteBatch.
extern const Statement kInsertGames;
extern const Statement kUpdateGames;
extern const Statement kInsertActions;
// The stored request_id of one submission (a resend is told by it).
extern const Statement kSelectActionRequestId;
extern const Statement kInsertTurns;
extern const Statement kInsertSnapshots;
extern const Statement kInsertPromptLogs;
extern const Statement kUpsertStats;
// A batch without new games in one statement, so in one round trip and one
// implicit transaction: the statements above as data-modifying WITH parts
// ($1-$7 game updates, $8-$13 actions, $14-$18 turns, $19-$23 snapshots,
// $24-$37 prompt logs), then the stats upsert ($38-$51). Its player_actions
// part has no ON CONFLICT: a stored key fails the whole statement.
extern const Statement kWriteBatch;

// Run once on each writer connection. The writer's statements take
// arrays, whose sizes make PostgreSQL plan them anew on every execution
// (a custom plan per batch); a generic plan, made once, serves them all.
// They all reach stored rows by primary key, but a small `games` table
// would be read whole for every batch's progress update: its dead row
// versions (one per game per turn) cost far more than the planner counts.
extern const Statement kWriterSession;

// COPY target of player_actions (stream_to pastes these names unquoted).
extern const char* const kActionsTable;
const std::vector<std::string>& actions_copy_columns();

// Readers (GameReader).
extern const Statement kSelectGame;
extern const Statement kSelectGamesAll;
extern const Statement kSelectGamesByStatus;
extern const Statement kSelectListingSnapshots;
extern const Statement kSelectListingStats;
extern const Statement kSelectListingSubmitted;
extern const Statement kSelectTokenHashes;
extern const Statement kSelectRecoverableGameIds;
extern const Statement kSelectLatestSnapshot;
extern const Statement kSelectSnapshotTurns;
extern const Statement kSelectActionsFrom;
extern const Statement kSelectTurns;
extern const Statement kSelectPromptLogs;
extern const Statement kSelectStats;
extern const Statement kSelectGamesByStatusCount;

// Operator queries of `fourex db` (AdminReader), run unprepared.
extern const Statement kServerInfo;
// fourex db check and /admin/v1/overview: the server, its standbys, the
// WAL archiver and the newest base backup (see admin_reader.hpp).
extern const Statement kReplicationState;
extern const Statement kStandbys;
extern const Statement kBackupAge;
extern const Statement kGameSummaries;
extern const Statement kGameDetails;
extern const Statement kGamePlayers;
extern const Statement kTableSizes;

// Tournaments (TournamentStore), run unprepared: rare reads and writes.
extern const Statement kInsertTournament;
extern const Statement kInsertTournamentGames;
extern const Statement kSelectTournament;
extern const Statement kSelectTournaments;
extern const Statement kSelectTournamentGames;
extern const Statement kSelectTournamentSeats;
extern const Statement kSelectTournamentUsage;
extern const Statement kSelectTournamentLatency;

// Statements run as prepared statements (writer and readers).
const std::vector<const Statement*>& prepared_statements();

// Registers every prepared statement on the connection (libpqxx prepares
// each on first use and again after a reconnect). Idempotent.
void prepare_all(pqxx::connection_base& conn);

// Runs a prepared statement, logged under SQL_DEBUG.
template <typename... Args>
pqxx::result run(pqxx::transaction_base& tx, const Statement& st,
                 Args&&... args) {
  return timed(st.name, st.text, [&] {
    return tx.exec_prepared(st.name, std::forward<Args>(args)...);
  });
}

// Runs a statement unprepared (parameters still bound), logged under
// SQL_DEBUG. For statements that run once (migrations).
template <typename... Args>
pqxx::result run_once(pqxx::transaction_base& tx, const Statement& st,
                      Args&&... args) {
  return timed(st.name, st.text, [&] {
    return tx.exec_params(st.text, std::forward<Args>(args)...);
  });
}

}  // namespace fourex::persistence::sql
