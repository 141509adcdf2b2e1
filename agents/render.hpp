// The compact text rendering of a view that an LLM reads: status, players,
// map, cities, units, messages and the legal actions.
#pragma once

#include <string>

#include "agents/view.hpp"

namespace fourex::agents {

std::string render_view(const View& view);

}  // namespace fourex::agents
