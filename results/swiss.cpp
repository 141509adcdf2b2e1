#include "results/swiss.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace fourex::results {
namespace {

// Backtracking steps before the search settles for fewest repeats: enough
// for any round of the 64 entrants a tournament may have that has a round
// without repeats near the top of the ranking, bounded for the others.
constexpr long kSearchSteps = 200000;

// Table sizes of a round, the smaller last; one bye when one is left over.
std::vector<int> table_sizes(int n, int seats) {
  std::vector<int> sizes(static_cast<std::size_t>(n / seats), seats);
  if (n % seats >= 2) sizes.push_back(n % seats);
  return sizes;
}

using Meetings = std::vector<std::vector<int>>;  // by entrant index

class Pairer {
 public:
  Pairer(const std::vector<int>& ranked, const Meetings& met,
         std::vector<int> sizes)
      : ranked_(ranked), met_(met), sizes_(std::move(sizes)) {
    for (int i : ranked_) seated_[i] = false;
    tables_.resize(sizes_.size());
  }

  // Tables without a repeated meeting, or empty when none was found.
  std::vector<std::vector<int>> without_repeats() {
    if (fill(0, 0)) return tables_;
    return {};
  }

  // Each seat to the entrant with the fewest meetings with its table.
  std::vector<std::vector<int>> fewest_repeats() {
    for (auto& [i, seated] : seated_) seated = false;
    std::vector<std::vector<int>> tables;
    for (int size : sizes_) {
      std::vector<int> table;
      while (static_cast<int>(table.size()) < size) {
        int best = -1, best_met = 0;
        for (int c : ranked_) {
          if (seated_[c]) continue;
          const int m = meetings(table, c);
          if (best < 0 || m < best_met) {
            best = c;
            best_met = m;
          }
        }
        seated_[best] = true;
        table.push_back(best);
      }
      tables.push_back(std::move(table));
    }
    return tables;
  }

 private:
  int meetings(const std::vector<int>& table, int c) const {
    int m = 0;
    for (int t : table)
      m += met_[static_cast<std::size_t>(t)][static_cast<std::size_t>(c)];
    return m;
  }

  // Fills table t from rank position `from` on (members in rank order).
  bool fill(std::size_t t, std::size_t from) {
    if (t == sizes_.size()) return true;
    auto& table = tables_[t];
    if (static_cast<int>(table.size()) == sizes_[t]) return fill(t + 1, 0);
    for (std::size_t p = from; p < ranked_.size(); ++p) {
      const int c = ranked_[p];
      if (seated_[c]) continue;
      if (--steps_ < 0) return false;
      const bool head = table.empty();
      if (head || meetings(table, c) == 0) {
        seated_[c] = true;
        table.push_back(c);
        if (fill(t, p + 1)) return true;
        table.pop_back();
        seated_[c] = false;
      }
      // The best unseated entrant heads the table: no other head is tried.
      if (head) return false;
    }
    return false;
  }

  const std::vector<int>& ranked_;
  const Meetings& met_;
  std::vector<int> sizes_;
  std::map<int, bool> seated_;
  std::vector<std::vector<int>> tables_;
  long steps_ = kSearchSteps;
};

}  // namespace

int swiss_round_games(int entrants, int seats, int games_per_pairing) {
  if (seats < 2 || seats > entrants) return 0;
  return static_cast<int>(table_sizes(entrants, seats).size()) *
         games_per_pairing;
}

std::vector<ScheduledGame> swiss_round(const SwissRound& r) {
  const int n = static_cast<int>(r.entrants.size());
  if (r.seats < 2 || r.seats > n)
    throw std::invalid_argument("seats must be from 2 to the entrants");
  if (r.maps.empty()) throw std::invalid_argument("no map size");
  if (r.games_per_pairing < 1)
    throw std::invalid_argument("games_per_pairing must be >= 1");

  std::map<std::string, int> index;
  for (int i = 0; i < n; ++i)
    index[r.entrants[static_cast<std::size_t>(i)]] = i;
  auto index_of = [&](const std::string& name) {
    auto it = index.find(name);
    if (it == index.end())
      throw std::invalid_argument("an earlier round seats unknown entrant " +
                                  name);
    return it->second;
  };
  Meetings met(static_cast<std::size_t>(n),
               std::vector<int>(static_cast<std::size_t>(n), 0));
  std::vector<int> byes(static_cast<std::size_t>(n), 0);
  for (const auto& round : r.earlier) {
    std::vector<bool> played(static_cast<std::size_t>(n), false);
    for (const auto& table : round)
      for (const auto& a : table) {
        played[static_cast<std::size_t>(index_of(a))] = true;
        for (const auto& b : table)
          if (a != b)
            ++met[static_cast<std::size_t>(index_of(a))]
                 [static_cast<std::size_t>(index_of(b))];
      }
    for (int i = 0; i < n; ++i)
      if (!played[static_cast<std::size_t>(i)])
        ++byes[static_cast<std::size_t>(i)];
  }

  auto ordinal = [&](int i) {
    auto it = r.ratings.find(r.entrants[static_cast<std::size_t>(i)]);
    return it == r.ratings.end() ? Rating{}.ordinal() : it->second.ordinal();
  };
  std::vector<int> ranked(static_cast<std::size_t>(n));
  std::iota(ranked.begin(), ranked.end(), 0);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](int a, int b) { return ordinal(a) > ordinal(b); });
  if (n % r.seats == 1) {
    // The bye: the fewest byes so far, then the lowest ranked.
    auto bye =
        std::min_element(ranked.rbegin(), ranked.rend(), [&](int a, int b) {
          return byes[static_cast<std::size_t>(a)] <
                 byes[static_cast<std::size_t>(b)];
        });
    ranked.erase(std::next(bye).base());
  }

  Pairer pairer(ranked, met, table_sizes(n, r.seats));
  auto tables = pairer.without_repeats();
  if (tables.empty()) tables = pairer.fewest_repeats();

  std::vector<int> rank_of(static_cast<std::size_t>(n), 0);
  for (std::size_t p = 0; p < ranked.size(); ++p)
    rank_of[static_cast<std::size_t>(ranked[p])] = static_cast<int>(p);
  std::vector<ScheduledGame> games;
  int pairing = r.first_pairing;
  for (auto& table : tables) {
    std::sort(table.begin(), table.end(), [&](int a, int b) {
      return rank_of[static_cast<std::size_t>(a)] <
             rank_of[static_cast<std::size_t>(b)];
    });
    std::vector<std::string> names;
    for (int i : table)
      names.push_back(r.entrants[static_cast<std::size_t>(i)]);
    add_table(games, r.first_game_no, names, pairing++, r.round, r.round - 1,
              r.games_per_pairing, r.maps, r.seed);
  }
  return games;
}

}  // namespace fourex::results
