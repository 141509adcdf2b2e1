// The rules tables and numbers as Markdown: docs/rules.md embeds them, and
// a test keeps the two identical, so the documented rules cannot drift.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fourex::game {

// Terrain, resources, units, buildings and techs, one Markdown table each.
std::string rules_tables_markdown();

// The numbers the prose of docs/rules.md quotes: each is written there as
// <!--name-->value (the comment is invisible once rendered). Returns doc
// with every value rewritten from the rules' constants; throws
// std::invalid_argument on a name it does not know.
std::string with_rules_numbers(std::string doc);

// The names with_rules_numbers knows.
std::vector<std::string_view> rules_number_names();

}  // namespace fourex::game
