// A tournament's schedule: which entrants play which game in which seats.
// Pure and deterministic, so the server that writes it and a reviewer who
// re-derives it from a bundle get the same games.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fourex::results {

struct ScheduledGame {
  int game_no = 0;                 // 1-based, the order standings add games in
  int pairing = 0;                 // 1-based: the set of entrants it plays
  int round = 1;                   // 1-based; a round robin is one round
  std::vector<std::string> seats;  // entrant names in seat order
  std::uint64_t seed = 0;
  int width = 0, height = 0;
};

struct MapSize {
  int width = 16, height = 16;
};

// Round robin of seats: every set of `seats` entrants (combinations in
// the entrants' order) plays `games_per_pairing` games; game k of a pairing
// rotates the seats by k, so each entrant opens in turn. Game n (1-based
// over the whole schedule) gets seed `seed + n - 1` and map
// `maps[(n - 1) % maps.size()]`. Throws std::invalid_argument when seats is
// not within [2, entrants] or maps is empty.
std::vector<ScheduledGame> round_robin(const std::vector<std::string>& entrants,
                                       int seats, int games_per_pairing,
                                       const std::vector<MapSize>& maps,
                                       std::uint64_t seed);

// Appends the `games_per_pairing` games of one table (entrants in seat
// order) as `pairing` of `round`: game k rotates the seats by
// `rotation + k`; game n (1-based over the whole schedule, the next after
// `games`' last) gets seed `seed + n - 1` and map `maps[(n - 1) % len]`.
void add_table(std::vector<ScheduledGame>& games, int first_game_no,
               const std::vector<std::string>& table, int pairing, int round,
               int rotation, int games_per_pairing,
               const std::vector<MapSize>& maps, std::uint64_t seed);

// How many games round_robin makes, without making them (C(n, seats) *
// games_per_pairing), saturating at max_games + 1.
long long round_robin_size(int entrants, int seats, int games_per_pairing,
                           long long max_games);

}  // namespace fourex::results
