// A tournament's standings, made from its finished games only and in
// schedule order, so that they are deterministic: the same stored games
// give the same ratings, win rates, head-to-head table and leaderboard.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "results/rating.hpp"

namespace fourex::results {

// One seat of one finished game.
struct SeatResult {
  std::string entrant;
  int score = 0;
  std::int64_t actions = 0;   // accepted orders
  std::int64_t rejected = 0;  // orders the server refused (422)
};

struct FinishedGame {
  int game_no = 0;
  std::string game_id{};
  int completed_turns = 0;
  std::vector<SeatResult> seats{};
};

// An entrant's LLM usage over the finished games (zero for bots).
struct Usage {
  std::int64_t llm_calls = 0, fallbacks = 0;
  std::int64_t prompt_tokens = 0, completion_tokens = 0, thinking_tokens = 0;
  double latency_ms_p50 = 0, latency_ms_p95 = 0;
  double cost = 0;  // from the price table; 0 for unpriced models
};

struct LeaderboardRow {
  std::string entrant;
  Standing standing;  // rating, games, wins
  double mean_score = 0;
  int turns = 0;             // turns played over its games
  double refused_rate = 0;   // rejected / (accepted + rejected) orders
  double fallback_rate = 0;  // fallbacks / LLM calls
  double prompt_tokens_per_turn = 0, completion_tokens_per_turn = 0,
         thinking_tokens_per_turn = 0;
  double latency_ms_p50 = 0, latency_ms_p95 = 0;
  double cost_per_game = 0;
};

// Of two entrants who sat in the same games: how often each placed above
// the other (a higher final score), and the ties.
struct HeadToHead {
  int games = 0, first_ahead = 0, second_ahead = 0, ties = 0;
};

struct Standings {
  int finished_games = 0;
  // False: the figures made of private records (the refused action and
  // fallback rates, tokens, latency, cost: from player statistics and prompt
  // logs) are withheld, null in JSON and empty in CSV.
  bool private_figures = true;
  // Best first: by ordinal (mu - 3 sigma), then by name.
  std::vector<LeaderboardRow> leaderboard;
  // Keyed by (a, b) with a < b.
  std::map<std::pair<std::string, std::string>, HeadToHead> head_to_head;
};

// `entrants`: every entrant, in the tournament's order (one without a
// finished game still has a row, at the default rating). `games` must be
// ascending by game_no. Throws std::invalid_argument on a game seating an
// unknown entrant.
Standings compute_standings(const std::vector<std::string>& entrants,
                            const std::vector<FinishedGame>& games,
                            const std::map<std::string, Usage>& usage);

std::string standings_json(const Standings& standings);
// The leaderboard as CSV (RFC 4180, a header row, one row per entrant).
std::string leaderboard_csv(const Standings& standings);

}  // namespace fourex::results
