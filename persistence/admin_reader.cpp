// The operator queries of `fourex db`, each in its own read-only transaction.
#include "persistence/admin_reader.hpp"

#include "persistence/database.hpp"
#include "persistence/statements.hpp"
#include "persistence/status_column.hpp"

namespace fourex::persistence {
namespace {

// Runs one operator statement read-only; failures that mean the server is
// gone become DatabaseUnavailable.
template <typename... Args>
pqxx::result query(pqxx::connection& conn, const sql::Statement& st,
                   Args&&... args) {
  try {
    pqxx::read_transaction tx(conn, st.name);
    return sql::run_once(tx, st, std::forward<Args>(args)...);
  } catch (...) {
    rethrow_classified();
  }
}

GameSummary summary_of(const pqxx::row& row) {
  return {row[0].as<std::string>(), status_of(row[1]), row[2].as<int>(),
          row[3].as<int>(), row[4].as<std::string>()};
}

}  // namespace

ServerInfo server_info(pqxx::connection& conn) {
  auto row = query(conn, sql::kServerInfo)[0];
  return {row[0].as<std::string>(), row[1].as<int>(), row[2].as<std::string>(),
          row[3].as<std::int64_t>()};
}

ReplicationInfo replication_info(pqxx::connection& conn) {
  ReplicationInfo info;
  auto optional_double = [](const pqxx::field& f) -> std::optional<double> {
    if (f.is_null()) return std::nullopt;
    return f.as<double>();
  };
  auto row = query(conn, sql::kReplicationState)[0];
  info.server = row[0].as<std::string>();
  info.in_recovery = row[1].as<bool>();
  info.wal_archived_age_s = optional_double(row[2]);
  info.archive_failures = row[3].as<std::int64_t>();
  for (const auto& r : query(conn, sql::kStandbys))
    info.standbys.push_back({.name = r[0].as<std::string>(),
                             .address = r[1].as<std::string>(),
                             .state = r[2].as<std::string>(),
                             .sync = r[3].as<std::string>(),
                             .replay_lag_s = optional_double(r[4])});
  try {
    info.backup_age_s = optional_double(query(conn, sql::kBackupAge)[0][0]);
  } catch (const pqxx::insufficient_privilege&) {
    // pg_ls_waldir needs pg_monitor: the age stays unknown.
  }
  return info;
}

std::vector<GameSummary> game_summaries(pqxx::connection& conn) {
  std::vector<GameSummary> games;
  for (const auto& row : query(conn, sql::kGameSummaries))
    games.push_back(summary_of(row));
  return games;
}

std::optional<GameDetails> game_details(pqxx::connection& conn,
                                        const std::string& game_id) {
  auto rows = query(conn, sql::kGameDetails, game_id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  GameDetails d;
  d.game = summary_of(r);
  d.completed_turns = r[5].as<int>();
  d.max_turns = r[6].as<int>();
  d.state_hash = r[7].as<std::string>();
  if (!r[8].is_null()) d.winner = r[8].as<std::string>();
  d.created_at = r[9].as<std::string>();
  d.turns_stored = r[10].as<std::int64_t>();
  d.actions_stored = r[11].as<std::int64_t>();
  d.snapshots = r[12].as<std::int64_t>();
  d.snapshot_bytes = r[13].as<std::int64_t>();
  if (!r[14].is_null()) d.last_snapshot_turn = r[14].as<int>();
  d.prompt_logs = r[15].as<std::int64_t>();
  d.prompt_tokens = r[16].as<std::int64_t>();
  d.completion_tokens = r[17].as<std::int64_t>();
  d.thinking_tokens = r[18].as<std::int64_t>();
  for (const auto& p : query(conn, sql::kGamePlayers, game_id)) {
    d.players.push_back({.name = p[0].as<std::string>(),
                         .score = p[1].as<int>(),
                         .cities = p[2].as<int>(),
                         .units = p[3].as<int>(),
                         .techs = p[4].as<int>(),
                         .submissions = p[5].as<std::int64_t>(),
                         .tokens = p[6].as<std::int64_t>()});
  }
  return d;
}

std::vector<TableSize> table_sizes(pqxx::connection& conn) {
  std::vector<TableSize> tables;
  for (const auto& row : query(conn, sql::kTableSizes))
    tables.push_back({.table = row[0].as<std::string>(),
                      .rows = row[1].as<std::int64_t>(),
                      .bytes = row[2].as<std::int64_t>()});
  return tables;
}

}  // namespace fourex::persistence
