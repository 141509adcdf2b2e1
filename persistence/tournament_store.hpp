// Tournaments and their schedules (migration 0004), and the per-entrant
// figures standings are made of, read from the stored games.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "game/game_status.hpp"

namespace fourex::persistence {

struct TournamentRow {
  std::string tournament_id;
  std::string name;
  std::string config_json;  // the canonical creation request
  // Swiss: the SHA-256 hash of the organizer token; empty otherwise.
  std::string organizer_token_hash;
  // Filled by readers:
  std::int64_t created_at_ms = 0;
  int games_total = 0, games_finished = 0;
  int rounds_scheduled = 0;  // the last round with games in the schedule
};

// One game of a schedule, with the stored game's progress when read.
struct TournamentGameRow {
  int game_no = 0;
  std::string game_id{};
  int pairing = 0;
  std::string seats_json{};  // JSON array of entrant names in seat order
  int round = 1;
  // Filled by readers, from games:
  game::GameStatus status = game::GameStatus::active;
  int completed_turns = 0;
  int max_turns = 0;
  std::optional<std::string> winner{};
};

// A seat of a finished game of the tournament (from player_stats).
struct TournamentSeatRow {
  int game_no = 0;
  std::string player;  // the entrant's name
  int score = 0;
  std::int64_t actions = 0, rejected_actions = 0;
};

// An entrant's LLM calls of one model over the tournament's finished games.
struct TournamentUsageRow {
  std::string player, model;
  std::int64_t llm_calls = 0, fallbacks = 0;
  std::int64_t prompt_tokens = 0, completion_tokens = 0, thinking_tokens = 0;
};

// An entrant's latency percentiles over every logged call of its finished
// games.
struct TournamentLatencyRow {
  std::string player;
  double p50 = 0, p95 = 0;
};

class TournamentStore {
 public:
  explicit TournamentStore(pqxx::connection& conn) : conn_(conn) {}

  // The tournament and its whole schedule in one transaction (its games
  // must exist). False, and nothing written, when the id is taken.
  bool insert(const TournamentRow& t,
              const std::vector<TournamentGameRow>& games);
  // A Swiss round's games (they must exist), in one transaction; rows
  // there already are kept, so writing a round twice writes it once.
  void add_round(const std::string& id,
                 const std::vector<TournamentGameRow>& games);
  std::optional<TournamentRow> tournament(const std::string& id);
  // Ordered by id; after = exclusive; limit <= 0 = no limit.
  std::vector<TournamentRow> tournaments(int limit, const std::string& after);
  // The schedule, ascending by game_no.
  std::vector<TournamentGameRow> games(const std::string& id);
  // Seats of the finished games, ascending by game_no then seat name.
  std::vector<TournamentSeatRow> finished_seats(const std::string& id);
  std::vector<TournamentUsageRow> usage(const std::string& id);
  std::vector<TournamentLatencyRow> latency(const std::string& id);

 private:
  pqxx::connection& conn_;
};

}  // namespace fourex::persistence
