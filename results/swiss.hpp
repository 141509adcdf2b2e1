// Swiss-style rounds for free-for-all seats: each round groups the
// entrants by current rating into tables of `seats`, avoiding tables that
// repeat an earlier meeting where it can. Pure and deterministic: the same
// ratings and earlier rounds give the same round, so a server that made a
// round before a crash, and a reviewer, make it again identically.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "results/rating.hpp"
#include "results/schedule.hpp"

namespace fourex::results {

struct SwissRound {
  int round = 1;  // 1-based
  // Every entrant, in the tournament's order: it breaks rating ties.
  std::vector<std::string> entrants;
  // Current ratings; an entrant absent is at the default rating.
  std::map<std::string, Rating> ratings;
  // The earlier rounds' tables, round by round (entrant names per table).
  std::vector<std::vector<std::vector<std::string>>> earlier;
  int seats = 2;
  int games_per_pairing = 1;
  std::vector<MapSize> maps;
  std::uint64_t seed = 1;
  // The numbers of this round's first game and table in the schedule.
  int first_game_no = 1;
  int first_pairing = 1;
};

// The round's games: entrants ranked by ordinal (mu - 3 sigma), best
// first, ties in the tournament's order. With n = k * seats + r entrants,
// k tables of `seats` and, when r >= 2, one of r at the bottom; when
// r == 1, the lowest-ranked entrant among those with the fewest byes sits
// the round out. Tables are filled from the top of the ranking: the best
// unseated entrant heads the next table, joined by the best-ranked
// entrants it (and its table) never met, searched with backtracking so
// that a later table is not left with a repeat an earlier choice could
// have avoided (within a bounded number of steps). When no such round
// exists, each seat goes to the entrant with the fewest earlier meetings
// with its table, best-ranked first. Seats within a table are in rank
// order, rotated by `round - 1 + k` for its game k.
// Throws std::invalid_argument when seats is not within [2, entrants],
// maps is empty or games_per_pairing < 1.
std::vector<ScheduledGame> swiss_round(const SwissRound& r);

// How many games a Swiss round of `entrants` makes.
int swiss_round_games(int entrants, int seats, int games_per_pairing);

}  // namespace fourex::results
