// The personalities a seat can be given when a game is created: the styles
// of the bots in agents/ (in the order of agents::Personality), `random`
// last. The rules ignore them; they say who plays a seat, so an unknown
// name is refused at creation.
#pragma once

#include <array>
#include <string_view>

namespace fourex::game {

inline constexpr std::array<std::string_view, 9> kPersonalities{
    "aggressive", "defensive",  "explorer", "economic", "expansionist",
    "scientific", "diplomatic", "balanced", "random"};

}  // namespace fourex::game
