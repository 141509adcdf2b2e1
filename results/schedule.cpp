#include "results/schedule.hpp"

#include <stdexcept>

namespace fourex::results {
namespace {

// Calls visit(indices) for every `k`-combination of 0..n-1 in
// lexicographic order.
template <class Visit>
void combinations(int n, int k, Visit visit) {
  std::vector<int> pick(static_cast<std::size_t>(k));
  for (int i = 0; i < k; ++i) pick[static_cast<std::size_t>(i)] = i;
  while (true) {
    visit(pick);
    int i = k - 1;
    while (i >= 0 && pick[static_cast<std::size_t>(i)] == n - k + i) --i;
    if (i < 0) return;
    ++pick[static_cast<std::size_t>(i)];
    for (int j = i + 1; j < k; ++j)
      pick[static_cast<std::size_t>(j)] =
          pick[static_cast<std::size_t>(j - 1)] + 1;
  }
}

}  // namespace

std::vector<ScheduledGame> round_robin(const std::vector<std::string>& entrants,
                                       int seats, int games_per_pairing,
                                       const std::vector<MapSize>& maps,
                                       std::uint64_t seed) {
  const int n = static_cast<int>(entrants.size());
  if (seats < 2 || seats > n)
    throw std::invalid_argument("seats must be from 2 to the entrants");
  if (maps.empty()) throw std::invalid_argument("no map size");
  if (games_per_pairing < 1)
    throw std::invalid_argument("games_per_pairing must be >= 1");
  std::vector<ScheduledGame> games;
  int pairing = 0;
  combinations(n, seats, [&](const std::vector<int>& pick) {
    std::vector<std::string> table;
    for (int i : pick) table.push_back(entrants[static_cast<std::size_t>(i)]);
    add_table(games, 1, table, ++pairing, 1, 0, games_per_pairing, maps, seed);
  });
  return games;
}

void add_table(std::vector<ScheduledGame>& games, int first_game_no,
               const std::vector<std::string>& table, int pairing, int round,
               int rotation, int games_per_pairing,
               const std::vector<MapSize>& maps, std::uint64_t seed) {
  const auto seats = table.size();
  for (int k = 0; k < games_per_pairing; ++k) {
    ScheduledGame g;
    g.game_no = first_game_no + static_cast<int>(games.size());
    g.pairing = pairing;
    g.round = round;
    for (std::size_t s = 0; s < seats; ++s)
      g.seats.push_back(
          table[(s + static_cast<std::size_t>(rotation + k)) % seats]);
    g.seed = seed + static_cast<std::uint64_t>(g.game_no - 1);
    const auto& map =
        maps[static_cast<std::size_t>(g.game_no - 1) % maps.size()];
    g.width = map.width;
    g.height = map.height;
    games.push_back(std::move(g));
  }
}

long long round_robin_size(int entrants, int seats, int games_per_pairing,
                           long long max_games) {
  if (seats < 0 || seats > entrants) return 0;
  // C(n, k) computed incrementally: each step stays an integer.
  long long c = 1;
  for (int i = 1; i <= seats; ++i) {
    c = c * (entrants - seats + i) / i;
    if (c > max_games) return max_games + 1;
  }
  const long long total = c * games_per_pairing;
  return total > max_games ? max_games + 1 : total;
}

}  // namespace fourex::results
