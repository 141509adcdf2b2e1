// Views: what a player sees of the state, figures it would otherwise have
// to compute, and the suggested actions. Only reads the state.
#include "game/view.hpp"

#include "game/score.hpp"
#include "game/suggested_actions.hpp"
#include "game/validate.hpp"
#include "game/visibility.hpp"

namespace fourex::game {

namespace {

ViewSelf self_view(const State& s, PlayerId p) {
  const Player& me = s.players[p];
  ViewSelf you;
  you.name = me.name;
  you.id = p;
  you.alive = me.alive;
  you.gold = me.gold;
  for (const auto& c : s.cities)
    if (c.owner == p) {
      const Yield y = city_yield(s, c);
      you.science_per_turn += y.science;
      you.gold_per_turn_before_upkeep += y.gold;
    }
  if (me.knows(Tech::philosophy))
    you.science_per_turn +=
        you.science_per_turn * rules::kPhilosophyPercent / 100;
  if (me.research)
    you.research = ViewResearch{std::string(info(*me.research).name),
                                me.science, info(*me.research).cost};
  you.science_stock = me.science;
  for (int t = 0; t < kTechCount; ++t) {
    if (me.knows(static_cast<Tech>(t))) you.techs.emplace_back(kTechs[t].name);
    if (!check_tech_choice(me, static_cast<Tech>(t)))
      you.available_techs.emplace_back(kTechs[t].name);
  }
  you.score = score(s, p);
  return you;
}

std::vector<ViewPlayer> players_view(const State& s, PlayerId p) {
  std::vector<ViewPlayer> out;
  for (int q = 0; q < static_cast<int>(s.players.size()); ++q) {
    const auto sum = summarize(s, q);
    out.push_back({s.players[q].name, sum.alive, sum.score, sum.cities,
                   sum.techs,
                   q == p           ? "self"
                   : s.at_war(p, q) ? "war"
                                    : "peace",
                   s.has_proposal(q, p), s.has_proposal(p, q)});
  }
  return out;
}

ViewMap map_view(const State& s, const Player& me,
                 const std::vector<std::uint8_t>& vis) {
  ViewMap m;
  m.width = s.width;
  m.height = s.height;
  std::string row(static_cast<std::size_t>(s.width), '?');
  for (int y = 0; y < s.height; ++y) {
    for (int x = 0; x < s.width; ++x) {
      const int i = s.index(x, y);
      const char c = info(s.tiles[i].terrain).symbol;
      row[x] = vis[i]           ? c
               : me.explored[i] ? static_cast<char>(c - 'A' + 'a')
                                : '?';
    }
    m.rows.push_back(row);
  }
  for (int i = 0; i < static_cast<int>(s.tiles.size()); ++i)
    if (s.tiles[i].resource != Resource::none && me.explored[i])
      m.resources.push_back({i % s.width, i / s.width,
                             std::string(info(s.tiles[i].resource).name)});
  for (const auto& t : kTerrains)
    m.legend.emplace_back(std::string(1, t.symbol), t.name);
  m.legend.emplace_back("lowercase", "explored earlier, not visible now");
  m.legend.emplace_back("?", "unexplored");
  return m;
}

ViewUnit unit_view(const State& s, const Unit& u) {
  const auto& ui = info(u.type);
  return {u.id,
          s.players[u.owner].name,
          std::string(ui.name),
          u.x,
          u.y,
          u.hp,
          u.fortified,
          u.veteran,
          ui.moves,
          ui.strength,
          ui.ranged_strength,
          ui.range};
}

ViewCityStocks city_stocks(const State& s, const City& c) {
  std::optional<std::string> item;
  if (c.item.kind != Item::Kind::none) item = std::string(item_name(c.item));
  return {c.food,
          rules::kGrowthBase + rules::kGrowthPerPop * c.population,
          c.production,
          item,
          item_cost(c.item),
          city_yield(s, c)};
}

ViewCity city_view(const State& s, const City& c, PlayerId p) {
  ViewCity vc{c.id,   s.players[c.owner].name,
              c.name, c.x,
              c.y,    c.population,
              c.hp,   c.capital,
              {},     std::nullopt};
  for (int b = 0; b < kBuildingCount; ++b)
    if (c.has(static_cast<Building>(b)))
      vc.buildings.emplace_back(kBuildings[b].name);
  if (c.owner == p) vc.stocks = city_stocks(s, c);
  return vc;
}

}  // namespace

View make_view(const State& s, PlayerId p) {
  const Player& me = s.players.at(static_cast<std::size_t>(p));
  const auto vis = visible_tiles(s, p);
  View v;
  v.turn = s.turn;
  v.you = self_view(s, p);
  v.players = players_view(s, p);
  v.map = map_view(s, me, vis);
  for (const auto& u : s.units)
    if (u.owner == p || vis[s.index(u.x, u.y)])
      v.units.push_back(unit_view(s, u));
  for (const auto& c : s.cities)
    if (c.owner == p || vis[s.index(c.x, c.y)])
      v.cities.push_back(city_view(s, c, p));
  for (const auto& m : s.messages) {
    if (m.from == p || (m.to && *m.to != p)) continue;
    v.messages.push_back({m.turn, s.players[m.from].name,
                          m.to ? s.players[*m.to].name : "all", m.text});
  }
  v.suggested_actions = suggested_actions(s, p);
  return v;
}

void write_view_fields(const State& s, PlayerId p, JsonWriter& w) {
  write_view_fields(make_view(s, p), w);
}

}  // namespace fourex::game
