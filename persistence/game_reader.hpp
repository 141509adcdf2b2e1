// Every read path of the API and of recovery, as named queries.
#pragma once

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "persistence/rows.hpp"

namespace fourex::persistence {

class GameReader {
 public:
  // Registers the named statements on conn (cheap, idempotent). Every read
  // runs in its own read-only transaction and throws DatabaseUnavailable when
  // the server is gone (libpqxx reconnects on the next call).
  explicit GameReader(pqxx::connection& conn);

  std::optional<GameRow> game(const std::string& game_id);
  // Ordered by game_id; no status = all but archived; after = exclusive
  // ("" = from the start); limit <= 0 = no limit.
  std::vector<GameRow> games(std::optional<game::GameStatus> status, int limit,
                             const std::string& after);
  // GameListing of each of the games (by game_id).
  std::map<std::string, GameListing> listings(
      const std::vector<std::string>& game_ids);
  // (token hash, game id) of every player of every game not archived.
  std::vector<std::pair<std::string, std::string>> token_hashes();
  // The game (not archived) whose player holds the token hash, if any.
  std::optional<std::string> game_of_token_hash(const std::string& hash);
  // Games whose status is active or paused (to recover).
  std::vector<std::string> recoverable_game_ids();
  // Newest snapshot with turn <= max_turn (any when max_turn < 0).
  std::optional<SnapshotRow> latest_snapshot(const std::string& game_id,
                                             int max_turn = -1);
  // Turns of the snapshots, ascending.
  std::vector<int> snapshot_turns(const std::string& game_id);
  // Submissions with from_turn <= turn <= to_turn, ordered by turn then
  // player.
  std::vector<ActionRow> actions_from(
      const std::string& game_id, int from_turn,
      int to_turn = std::numeric_limits<int>::max());
  // game_turns rows with from <= turn <= to, ascending.
  std::vector<TurnRow> turns(const std::string& game_id, int from, int to);
  // Prompt logs, filtered when player is non-empty / turn >= 1; ascending id.
  std::vector<PromptLogRow> prompt_logs(const std::string& game_id,
                                        const std::string& player, int turn);
  std::vector<PlayerStatsRow> stats(const std::string& game_id);
  std::map<game::GameStatus, std::int64_t> games_by_status();

 private:
  pqxx::connection& conn_;
};

}  // namespace fourex::persistence
