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

// Writer (BatchWriter), in the fixed table order of WriteBatch. Every
// statement that writes rows of stored games is fenced (see WriteBatch::
// leases): $1-$3 are the batch's leases (game_id, node_id, epoch arrays),
// its rows' columns follow, and it stores only rows of games whose lease
// the owner row holds (locked FOR SHARE) or of games without a lease.
extern const Statement kInsertGames;  // with the new games' owner rows
// The transaction path's first statement: locks the owner rows of the
// leases that hold and returns their games.
extern const Statement kLockLeases;
extern const Statement kUpdateGames;
extern const Statement kInsertActions;
// The stored request_id of one submission (a resend is told by it).
extern const Statement kSelectActionRequestId;
extern const Statement kInsertTurns;
extern const Statement kInsertSnapshots;
extern const Statement kInsertPromptLogs;
extern const Statement kUpsertStats;
// A batch without new games in one statement, so in one round trip and one
// implicit transaction: the fence ($1-$3), then the statements above as
// data-modifying WITH parts ($4-$10 game updates, $11-$16 actions, $17-$21
// turns, $22-$26 snapshots, $27-$40 prompt logs, $41-$54 stats). Returns
// the leased games the fence refused (none of their rows stored). Its
// player_actions part has no ON CONFLICT: a stored key fails the whole
// statement.
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
extern const Statement kSelectGameOfToken;
extern const Statement kSelectRecoverableGameIds;
extern const Statement kSelectLatestSnapshot;
extern const Statement kSelectSnapshotTurns;
extern const Statement kSelectActionsFrom;
extern const Statement kSelectTurns;
extern const Statement kSelectPromptLogs;
extern const Statement kSelectStats;
extern const Statement kSelectGamesByStatusCount;

// Membership and ownership (ClusterStore), on the database's clock.
extern const Statement kNodeJoin;
extern const Statement kNodeRenew;
extern const Statement kNodeLeave;
extern const Statement kNodeAlive;
extern const Statement kPeekOwner;
extern const Statement kLockOwner;
extern const Statement kTakeOwner;
extern const Statement kLockOrphans;
extern const Statement kAdoptLocked;
extern const Statement kReleaseOwner;
extern const Statement kClusterNodes;
extern const Statement kClusterOwners;

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
