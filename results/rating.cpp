#include "results/rating.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

namespace fourex::results {
namespace {

constexpr double kBeta = (25.0 / 3.0) / 2.0;  // performance noise: sigma0/2
constexpr double kEpsilon = 1e-4;  // floor of the sigma shrink factor

}  // namespace

// Weng & Lin (2011), Algorithm 4 (Plackett-Luce), with single-player teams
// and tied players sharing the rank of the first of them. The sums run over
// the players sorted by placement, the order OpenSkill computes them in, so
// that both round alike.
std::vector<Rating> rate_game(const std::vector<Rating>& before,
                              const std::vector<int>& scores) {
  const std::size_t n = before.size();
  if (scores.size() != n)
    throw std::invalid_argument("one score per rated player");
  if (n < 2) throw std::invalid_argument("a game needs two players");

  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return scores[a] > scores[b]; });
  // rank[k]: the sorted position of the first player tied with the k-th.
  std::vector<std::size_t> rank(n);
  for (std::size_t k = 0; k < n; ++k)
    rank[k] =
        k > 0 && scores[order[k]] == scores[order[k - 1]] ? rank[k - 1] : k;

  double c_squared = 0;
  for (auto i : order)
    c_squared += before[i].sigma * before[i].sigma + kBeta * kBeta;
  const double c = std::sqrt(c_squared);

  std::vector<double> exp_mu(n), sum_q(n, 0.0), tied(n, 0.0);
  for (std::size_t k = 0; k < n; ++k)
    exp_mu[k] = std::exp(before[order[k]].mu / c);
  for (std::size_t q = 0; q < n; ++q)
    for (std::size_t k = 0; k < n; ++k) {
      if (rank[k] >= rank[q]) sum_q[q] += exp_mu[k];
      if (rank[k] == rank[q]) tied[q] += 1;
    }

  std::vector<Rating> after(n);
  for (std::size_t k = 0; k < n; ++k) {
    double omega = 0, delta = 0;
    for (std::size_t q = 0; q < n && rank[q] <= rank[k]; ++q) {
      const double quotient = exp_mu[k] / sum_q[q];
      omega += (k == q ? 1 - quotient : -quotient) / tied[q];
      delta += quotient * (1 - quotient) / tied[q];
    }
    const auto& r = before[order[k]];
    const double sigma_sq = r.sigma * r.sigma;
    const double gamma = std::sqrt(sigma_sq) / c;
    omega *= sigma_sq / c;
    delta = gamma * delta * (sigma_sq / (c * c));
    after[order[k]] = {r.mu + omega,
                       r.sigma * std::sqrt(std::max(1 - delta, kEpsilon))};
  }
  return after;
}

Proportion wilson_interval(int successes, int trials, double z) {
  Proportion p;
  p.successes = successes;
  p.trials = trials;
  if (trials <= 0) return p;
  const double nn = trials;
  const double phat = successes / nn;
  const double z2 = z * z;
  const double centre = (phat + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z *
                      std::sqrt(phat * (1 - phat) / nn + z2 / (4 * nn * nn)) /
                      (1 + z2 / nn);
  p.rate = phat;
  p.low = std::max(0.0, centre - half);
  p.high = std::min(1.0, centre + half);
  return p;
}

void RatingTable::add_game(
    const std::vector<std::pair<std::string, int>>& scores) {
  if (scores.size() < 2)
    throw std::invalid_argument("a game needs two players");
  std::set<std::string> seated;
  for (const auto& seat : scores)
    if (!seated.insert(seat.first).second)
      throw std::invalid_argument(seat.first + " is seated twice");
  std::vector<Rating> before;
  std::vector<int> points;
  for (const auto& [name, score] : scores) {
    auto it = standings_.find(name);
    before.push_back(it == standings_.end() ? Rating{} : it->second.rating);
    points.push_back(score);
  }
  auto after = rate_game(before, points);
  const int best = *std::max_element(points.begin(), points.end());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    auto& s = standings_[scores[i].first];
    s.rating = after[i];
    ++s.games;
    if (points[i] == best) ++s.wins;
  }
}

}  // namespace fourex::results
