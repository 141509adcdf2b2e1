// The rules tables as Markdown: docs/rules.md embeds this text, and a test
// keeps the two identical, so the documented tables cannot drift.
#pragma once

#include <string>

namespace fourex::game {

// Terrain, resources, units, buildings and techs, one Markdown table each.
std::string rules_tables_markdown();

}  // namespace fourex::game
