// Renders rules_tables.cpp; the row formats mirror the tables' columns.
#include "game/rules_doc.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <stdexcept>
#include <utility>

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

struct Number {
  std::string_view name;
  int value;
};

// The constants the prose quotes, by their names in rules_tables.hpp (one
// derived value: the largest damage roll).
constexpr std::array kNumbers{
    Number{"kCityMinDistance", rules::kCityMinDistance},
    Number{"kCityWorkRadius", rules::kCityWorkRadius},
    Number{"kCityVision", rules::kCityVision},
    Number{"kCityMaxHp", rules::kCityMaxHp},
    Number{"kCityHeal", rules::kCityHeal},
    Number{"kCityBaseStrength", rules::kCityBaseStrength},
    Number{"kCityStrengthPerPop", rules::kCityStrengthPerPop},
    Number{"kWallsPercent", rules::kWallsPercent},
    Number{"kWallsUnitPercent", rules::kWallsUnitPercent},
    Number{"kCityCenterMinFood", rules::kCityCenterMinFood},
    Number{"kCityCenterBonusProduction", rules::kCityCenterBonusProduction},
    Number{"kCityCenterBonusScience", rules::kCityCenterBonusScience},
    Number{"kFoodPerPop", rules::kFoodPerPop},
    Number{"kGrowthBase", rules::kGrowthBase},
    Number{"kGrowthPerPop", rules::kGrowthPerPop},
    Number{"kGranaryKeepPercent", rules::kGranaryKeepPercent},
    Number{"kLibraryPercent", rules::kLibraryPercent},
    Number{"kPhilosophyPercent", rules::kPhilosophyPercent},
    Number{"kMarketPercent", rules::kMarketPercent},
    Number{"kCapturedCityHp", rules::kCapturedCityHp},
    Number{"kIdleProductionCap", rules::kIdleProductionCap},
    Number{"kUnitHeal", rules::kUnitHeal},
    Number{"kUnitHealInCity", rules::kUnitHealInCity},
    Number{"kFortifyPercent", rules::kFortifyPercent},
    Number{"kVeteranPercent", rules::kVeteranPercent},
    Number{"kCombatBaseDamage", rules::kCombatBaseDamage},
    Number{"max_damage_roll", rules::kCombatRandomDamage - 1},
    Number{"kFreeUnitsPerCity", rules::kFreeUnitsPerCity},
    Number{"kFreeUnitsBase", rules::kFreeUnitsBase},
    Number{"kMaxMessagesPerTurn", rules::kMaxMessagesPerTurn},
    Number{"kMaxMessageBytes", rules::kMaxMessageBytes},
    Number{"kMaxNameBytes", rules::kMaxNameBytes},
    Number{"kPeaceProposalTurns", rules::kPeaceProposalTurns},
    Number{"kMaxOrders", rules::kMaxOrders},
    Number{"kScorePerCity", rules::kScorePerCity},
    Number{"kScorePerPop", rules::kScorePerPop},
    Number{"kScorePerTech", rules::kScorePerTech},
    Number{"kScorePerBuilding", rules::kScorePerBuilding},
    Number{"kScorePerTemple", rules::kScorePerTemple},
};

// 2000 -> "2,000", as the prose writes numbers.
std::string with_commas(int v) {
  std::string digits = std::to_string(v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length of the number written at doc[at] ("12", "2,000"; 0 if none).
std::size_t number_length(const std::string& doc, std::size_t at) {
  std::size_t end = at;
  while (end < doc.size() && is_digit(doc[end])) ++end;
  while (end + 3 < doc.size() && doc[end] == ',' && is_digit(doc[end + 1]) &&
         is_digit(doc[end + 2]) && is_digit(doc[end + 3]))
    end += 4;
  return end - at;
}

}  // namespace

std::vector<std::string_view> rules_number_names() {
  std::vector<std::string_view> out;
  out.reserve(kNumbers.size());
  for (const auto& n : kNumbers) out.push_back(n.name);
  return out;
}

std::string with_rules_numbers(std::string doc) {
  constexpr std::string_view open = "<!--", close = "-->";
  for (std::size_t at = doc.find(open); at != std::string::npos;
       at = doc.find(open, at + 1)) {
    const std::size_t name_at = at + open.size();
    const std::size_t end = doc.find(close, name_at);
    if (end == std::string::npos) break;
    const std::string_view name(doc.data() + name_at, end - name_at);
    if (name.empty() || name.find(' ') != std::string_view::npos) continue;
    const auto* n =
        std::find_if(kNumbers.begin(), kNumbers.end(),
                     [&](const Number& k) { return k.name == name; });
    if (n == kNumbers.end())
      throw std::invalid_argument("unknown rules number " + std::string(name));
    const std::size_t value_at = end + close.size();
    doc.replace(value_at, number_length(doc, value_at), with_commas(n->value));
  }
  return doc;
}

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
