// Personality bots: each plays only from the view and its suggested actions,
// with a recognisable style (what it builds, researches, where its units
// go, whether it goes to war), and `random`, the baseline.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agents/view.hpp"

namespace fourex::agents {

enum class Personality {
  aggressive,
  defensive,
  explorer,
  economic,
  expansionist,
  scientific,
  diplomatic,
  balanced,
  random
};

std::optional<Personality> personality_from_name(std::string_view name);
std::string_view personality_name(Personality p);
// Every personality, `random` last.
const std::vector<Personality>& all_personalities();

class Bot {
 public:
  Bot(Personality personality, std::uint64_t seed);

  // The orders for this view, as a JSON array of suggested_actions entries
  // (plus a diplomat's messages): each unit and city at most once.
  std::string decide(const View& view);

  Personality personality() const { return personality_; }

 private:
  Personality personality_;
  std::mt19937_64 rng_;
  // Enemy cities seen before, by position: owner name. Fog hides them
  // again once our units move on, but an army still needs a destination.
  std::map<std::pair<int, int>, std::string> enemy_cities_;
};

}  // namespace fourex::agents
