// `fourex bench engine`: times the game engine on one random game.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace fourex::bench {

// Flags: --turns N (200) --players N (8) --map WxH (64x64) --seed N (1).
// Prints human lines, then one JSON object as the last line. Returns 0, or
// 2 on a bad flag.
int run_engine_bench(const std::vector<std::string>& args, std::ostream& out);

}  // namespace fourex::bench
