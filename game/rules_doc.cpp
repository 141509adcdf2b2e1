// Renders rules_tables.cpp; the row formats mirror the tables' columns.
#include "game/rules_doc.hpp"

#include <sstream>

#include "game/rules_tables.hpp"

namespace fourex::game {

namespace {

// Appends item to a ", "-separated list (appends only: GCC 12 warns on
// "literal" + std::string).
void add_item(std::string& list, std::string_view item) {
  if (!list.empty()) list.append(", ");
  list.append(item);
}

// "+<v><unit>", e.g. "+2 food".
std::string plus(int v, std::string_view unit) {
  std::string out("+");
  out.append(std::to_string(v)).append(unit);
  return out;
}

std::string tech_name(const std::optional<Tech>& t) {
  return t ? std::string(info(*t).name) : "-";
}

std::string terrains_of(std::uint32_t mask) {
  std::string out;
  for (int t = 0; t < kTerrainCount; ++t)
    if ((mask >> t) & 1u) add_item(out, kTerrains[t].name);
  return out;
}

std::string yield_text(const Yield& y) {
  std::string out;
  auto add = [&](int v, std::string_view what) {
    if (v) add_item(out, plus(v, what));
  };
  add(y.food, " food");
  add(y.production, " production");
  add(y.science, " science");
  add(y.gold, " gold");
  return out.empty() ? "-" : out;
}

}  // namespace

std::string rules_tables_markdown() {
  std::ostringstream o;
  o << "### Terrain\n\n"
       "| terrain | symbol | food | production | science | gold | move cost "
       "| defense |\n"
       "|---|---|---|---|---|---|---|---|\n";
  for (const auto& t : kTerrains)
    o << "| " << t.name << " | " << t.symbol << " | " << t.yield.food << " | "
      << t.yield.production << " | " << t.yield.science << " | " << t.yield.gold
      << " | " << (t.move_cost ? std::to_string(t.move_cost) : "impassable")
      << " | +" << t.defense_percent << "% |\n";
  o << "\n### Resources\n\n"
       "| resource | symbol | bonus | found on |\n|---|---|---|---|\n";
  for (int r = 1; r < kResourceCount; ++r) {
    const auto& ri = kResources[r];
    o << "| " << ri.name << " | " << ri.symbol << " | " << yield_text(ri.bonus)
      << " | " << terrains_of(ri.terrains) << " |\n";
  }
  o << "\n### Units\n\n"
       "| unit | cost | moves | strength | ranged | range | vision | tech "
       "| notes |\n|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& u : kUnits) {
    std::string notes = u.civilian ? "civilian" : "";
    if (u.city_attack_percent)
      add_item(notes, plus(u.city_attack_percent, "% attacking cities"));
    o << "| " << u.name << " | " << u.cost << " | " << u.moves << " | "
      << u.strength << " | " << u.ranged_strength << " | " << u.range << " | "
      << u.vision << " | " << tech_name(u.tech) << " | "
      << (notes.empty() ? "-" : notes) << " |\n";
  }
  o << "\n### Buildings\n\n"
       "| building | cost | tech | effect |\n|---|---|---|---|\n";
  for (const auto& b : kBuildings)
    o << "| " << b.name << " | " << b.cost << " | " << tech_name(b.tech)
      << " | " << b.effect << " |\n";
  o << "\n### Techs\n\n"
       "| tech | cost | prerequisites | unlocks |\n|---|---|---|---|\n";
  for (int t = 0; t < kTechCount; ++t) {
    const auto& ti = kTechs[t];
    std::string pre, unlocks;
    for (const auto& p : ti.prerequisites)
      if (p) add_item(pre, info(*p).name);
    for (const auto& u : kUnits)
      if (u.tech == static_cast<Tech>(t)) add_item(unlocks, u.name);
    for (const auto& b : kBuildings)
      if (b.tech == static_cast<Tech>(t)) add_item(unlocks, b.name);
    if (t == static_cast<int>(Tech::philosophy))
      add_item(unlocks, plus(rules::kPhilosophyPercent, "% science"));
    o << "| " << ti.name << " | " << ti.cost << " | "
      << (pre.empty() ? "-" : pre) << " | " << (unlocks.empty() ? "-" : unlocks)
      << " |\n";
  }
  return o.str();
}

}  // namespace fourex::game
