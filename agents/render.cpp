// Keeps the prompt short: one line per object, the map as its rows, the
// legal actions as the exact JSON to copy.
#include "agents/render.hpp"

#include <sstream>

#include "game/rules_tables.hpp"

namespace fourex::agents {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

}  // namespace

std::string render_view(const View& v) {
  std::ostringstream o;
  o << "Turn " << v.turn << " of " << v.max_turns << ". You are " << v.you
    << ". Gold " << v.gold << ", score " << v.score << ", science/turn "
    << v.science_per_turn << ".\n";
  o << "Research: " << (v.research.empty() ? "none" : v.research)
    << ". Known techs: " << join(v.techs)
    << ". Available techs: " << join(v.available_techs) << ".\n";
  o << "Players:\n";
  for (const auto& p : v.players) {
    if (p.relation == "self") continue;
    o << "- " << p.name << ": " << (p.alive ? p.relation : "eliminated")
      << ", score " << p.score << ", " << p.cities << " cities, " << p.techs
      << " techs" << (p.proposed_peace_to_you ? ", proposes peace to you" : "")
      << "\n";
  }
  o << "Map " << v.width << "x" << v.height
    << " (row y, column x from 0; uppercase visible, lowercase remembered, "
       "? unexplored;";
  for (const auto& t : game::kTerrains) o << " " << t.symbol << "=" << t.name;
  o << "):\n";
  for (std::size_t y = 0; y < v.rows.size(); ++y)
    o << (y < 10 ? " " : "") << y << " " << v.rows[y] << "\n";
  o << "Your cities:\n";
  for (const auto& c : v.cities)
    if (v.mine(c))
      o << "- #" << c.id << " " << c.name << " at (" << c.x << "," << c.y
        << ") pop " << c.population << " hp " << c.hp << ", building "
        << (c.item.empty() ? "nothing" : c.item) << " " << c.production << "/"
        << c.item_cost << ", buildings: " << join(c.buildings) << "\n";
  o << "Your units:\n";
  for (const auto& u : v.units)
    if (v.mine(u))
      o << "- #" << u.id << " " << u.type << " at (" << u.x << "," << u.y
        << ") hp " << u.hp << (u.fortified ? " fortified" : "") << "\n";
  o << "Others you see:\n";
  for (const auto& c : v.cities)
    if (!v.mine(c))
      o << "- city " << c.name << " of " << c.owner << " at (" << c.x << ","
        << c.y << ") pop " << c.population << " hp " << c.hp << "\n";
  for (const auto& u : v.units)
    if (!v.mine(u))
      o << "- " << u.type << " of " << u.owner << " at (" << u.x << "," << u.y
        << ") hp " << u.hp << "\n";
  if (!v.messages.empty()) {
    o << "Messages:\n";
    for (const auto& m : v.messages)
      o << "- from " << m.from << " to " << m.to << ": " << m.text << "\n";
  }
  o << "Legal actions now (any subset using each unit and city at most once "
       "and at most one set_research is accepted):\n";
  for (const auto& a : v.suggested) o << a.json << "\n";
  return o.str();
}

}  // namespace fourex::agents
