// Ratings with uncertainty from free-for-all games: the Weng-Lin Bayesian
// rating with the Plackett-Luce model (as OpenSkill computes it, defaults
// mu 25, sigma 25/3, beta sigma/2), placements from final scores, and
// win rates with Wilson score intervals. Pure and deterministic: the same
// results in the same order give the same ratings, bit for bit.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fourex::results {

struct Rating {
  double mu = 25.0;
  double sigma = 25.0 / 3.0;
  // The conservative skill estimate mu - 3 sigma (OpenSkill's ordinal):
  // the lower end of the rating's ~99.7% interval, what leaderboards sort by.
  double ordinal() const { return mu - 3.0 * sigma; }
  double low() const { return ordinal(); }
  double high() const { return mu + 3.0 * sigma; }
};

// One game's ratings after it: `scores[i]` is the final score of the player
// rated `before[i]`; a higher score places better, equal scores tie.
// Throws std::invalid_argument when the sizes differ or fewer than two play.
std::vector<Rating> rate_game(const std::vector<Rating>& before,
                              const std::vector<int>& scores);

// A proportion with its Wilson score interval (z = 1.96: ~95%).
struct Proportion {
  int successes = 0;
  int trials = 0;
  double rate = 0;  // 0 when there were no trials
  double low = 0;
  double high = 1;
};
Proportion wilson_interval(int successes, int trials, double z = 1.96);

// One entrant's record over the games added so far.
struct Standing {
  Rating rating;
  int games = 0;
  int wins = 0;  // placed first, alone or tied
  Proportion win_rate() const { return wilson_interval(wins, games); }
};

// Ratings of named entrants over a sequence of games, in the order given.
class RatingTable {
 public:
  // One finished game: (entrant, final score) per seat; an entrant not seen
  // before starts at the default rating. Throws std::invalid_argument when
  // an entrant is seated twice or fewer than two play.
  void add_game(const std::vector<std::pair<std::string, int>>& scores);
  const std::map<std::string, Standing>& standings() const {
    return standings_;
  }

 private:
  std::map<std::string, Standing> standings_;
};

}  // namespace fourex::results
