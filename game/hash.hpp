// SHA-256 of a state's canonical JSON.
#pragma once

#include <string>
#include <string_view>

#include "game/state.hpp"

namespace fourex::game {

std::string sha256_hex(std::string_view bytes);  // lowercase hex
std::string state_hash(const State& s);          // sha256_hex(to_json(s))

}  // namespace fourex::game
