// The canonical JSON form of a State (snapshots, replay, hashing) and its
// strict parser.
#pragma once

#include <string>
#include <string_view>

#include "game/orders.hpp"
#include "game/state.hpp"

namespace fourex::game {

// The "format" the canonical JSON declares; raise it with any change to it.
inline constexpr int kStateFormat = 1;

// Fixed key order, integers only, no whitespace: the bytes that are hashed.
std::string to_json(const State& s);
void write_state(const State& s, JsonWriter& w);

// Throws ParseError (index -1, field = JSON path of the bad value) on
// anything malformed or inconsistent; to_json(state_from_json(x)) == x for
// every x that to_json produced.
State state_from_json(std::string_view json);

}  // namespace fourex::game
