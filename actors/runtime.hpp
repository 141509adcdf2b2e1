// The server's core behind one facade: the actor system, the game registry,
// the writer pool and the read connections. http/ calls only this.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/event_channel.hpp"
#include "actors/placement.hpp"
#include "actors/requests.hpp"
#include "actors/result.hpp"
#include "actors/tournament_requests.hpp"
#include "config/config.hpp"
#include "game/game_status.hpp"

namespace fourex::persistence {
class ConnectionPool;
}

namespace fourex::actors {

class Metrics;
struct Principal;

class Runtime {
 public:
  explicit Runtime(const config::Config& config);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // Migrates, starts the writers. Throws persistence::DatabaseUnavailable
  // when the database cannot be reached at all.
  void start();
  // Joins the cluster as a new node advertising NODE_ADDRESS (or
  // http://HOST:http_port), then adopts orphaned games in the background.
  // Called once the HTTP port is bound (joining retires earlier
  // incarnations at the same address) and before requests are served; no
  // game is served before. Throws persistence::DatabaseUnavailable.
  void join(int http_port);
  // Stops accepting work, snapshots the games in memory, flushes the
  // writers, then leaves the cluster (peers adopt the games at once).
  void stop();

  // Where the game is served: here (in memory, or claimed and activated
  // now), on a live peer (forward), or nowhere until its dead owner's lease
  // runs out. Unknown games are local (the route answers 404).
  Placement placement(const std::string& game_id);

  // Games
  Result create_game(const CreateGame& request);
  // No status: every game but the archived ones.
  Result list_games(std::optional<game::GameStatus> status, int limit,
                    const std::string& after);
  Result game_info(const std::string& game_id);
  Result player_view(const std::string& game_id, const Caller& caller,
                     const ViewRequest& request);
  Result submit(const std::string& game_id, const Caller& caller,
                Submission submission);
  // The caller's orders checked one by one against the current turn, as
  // submit would, without submitting (POST body's "actions" as JSON).
  Result dry_run(const std::string& game_id, const Caller& caller,
                 const std::string& actions_json);
  // History reads (turns, events, replay, prompt logs, stats) answer each
  // caller its share (actors/audience.hpp); no token is a caller too.
  Result turns(const std::string& game_id, const Caller& caller, int from,
               int to);
  Expected<std::shared_ptr<EventChannel>> subscribe(const std::string& game_id,
                                                    const Caller& caller);

  // Recovery and history
  Result restore(const std::string& game_id, std::optional<int> turn);
  Result replay(const std::string& game_id, const Caller& caller, int turn);

  // Agents' records
  Result log_prompt(const std::string& game_id, const Caller& caller,
                    PromptLog log);
  Result prompt_logs(const std::string& game_id, const Caller& caller,
                     const std::string& player, int turn);
  Result stats(const std::string& game_id, const Caller& caller);

  // Tournaments (actors/tournaments.cpp): a round robin's games are
  // created at once, a Swiss tournament's round by round; standings are
  // recomputed from the stored games on every read. The standings' figures
  // made of private records (refused orders, LLM usage) are the admin's
  // when PUBLIC_HISTORY is off.
  Result create_tournament(const CreateTournament& request);
  // A Swiss tournament's round `round` (the caller's token: the organizer
  // token): made when every game before it is finished, answered again
  // with the same games and tokens when it exists.
  Result tournament_round(const std::string& tournament_id,
                          const Caller& caller, int round);
  Result list_tournaments(int limit, const std::string& after);
  Result tournament(const std::string& tournament_id, const Caller& caller);
  Result tournament_games(const std::string& tournament_id);
  // The leaderboard as JSON, or as CSV text when `csv`.
  Result tournament_leaderboard(const std::string& tournament_id,
                                const Caller& caller, bool csv);

  // Operations
  Result overview();
  // GET /admin/v1/cluster: this node, every node's lease and the games'
  // owners (at most 1000, by game_id).
  Result cluster();
  Result admin_command(const std::string& game_id, AdminCommand command);
  bool database_ready();
  // The background adoption of orphaned games started by join(); `done`
  // once every orphan found at the start was rebuilt or refused.
  struct RecoveryProgress {
    bool done = false;
    int recovered = 0, failed = 0, remaining = 0;
  };
  RecoveryProgress recovery_progress() const;
  // The Prometheus registry of this runtime (GET /metrics).
  Metrics& metrics();
  const std::string& admin_token() const;
  // The admin token, or a player token this node has seen: known without
  // asking the database.
  bool knows_token(const std::string& token) const;
  // The game of a player token this node has seen, from memory only.
  std::optional<std::string> known_game_of_token(
      const std::string& token) const;
  // The game a player token belongs to: from memory, or for a token this
  // node has not seen (a game created on another node since it started)
  // from the database. nullopt when unknown, or when the database does not
  // answer for a token not in memory.
  std::optional<std::string> game_of_token(const std::string& token) const;

 private:
  // For the tournaments' file: the read connections and the settings.
  persistence::ConnectionPool& reads();
  const config::Config& config() const;
  // For create_game, from the tournaments' file: success when `game_id` is
  // not "<tournament_id>-<n>" of a stored tournament; otherwise 409
  // game_id_reserved.
  Result free_of_tournaments(const std::string& game_id);

  // For the read family's file (actors/runtime_reads.cpp): who reads a
  // game's history (no token is a reader too, of the public facts); the
  // wait until everything the game sent its writer is committed; the info
  // of a game in memory (activated if need be).
  Expected<Principal> history_reader(const std::string& game_id,
                                     const Caller& caller);
  Result sync(const std::string& game_id);
  Result info_in_memory(const std::string& game_id);
  template <class Read>
  Result read_history(const std::string& game_id, const Caller& caller,
                      Read read);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fourex::actors
