// Views and legal actions. Both only read the state; the move choices of
// legal_actions are heuristics that keep the list short but useful.
#include "game/view.hpp"

#include <algorithm>
#include <bit>

#include "game/board.hpp"
#include "game/score.hpp"
#include "game/validate.hpp"
#include "game/visibility.hpp"

namespace fourex::game {

namespace {

bool has_proposal(const State& s, PlayerId from, PlayerId to) {
  for (const auto& pr : s.proposals)
    if (pr.from == from && pr.to == to) return true;
  return false;
}

bool tech_available(const Player& pl, Tech t) {
  if (pl.knows(t)) return false;
  for (const auto& pre : info(t).prerequisites)
    if (pre && !pl.knows(*pre)) return false;
  return true;
}

bool item_available(const Player& pl, const City& c, Item it) {
  const auto tech = it.kind == Item::Kind::unit ? kUnits[it.index].tech
                                                : kBuildings[it.index].tech;
  if (tech && !pl.knows(*tech)) return false;
  return !(it.kind == Item::Kind::building &&
           c.has(static_cast<Building>(it.index)));
}

int site_value(const State& s, int cx, int cy) {
  int v = 0;
  for (int y = cy - 1; y <= cy + 1; ++y)
    for (int x = cx - 1; x <= cx + 1; ++x) {
      if (!s.in_map(x, y)) continue;
      const auto& t = s.tile(x, y);
      const Yield a = info(t.terrain).yield, b = info(t.resource).bonus;
      v += 3 * (a.food + b.food) + 2 * (a.production + b.production) +
           a.science + b.science + a.gold + b.gold;
    }
  return v;
}

struct Point {
  int x, y;
};

// The step that gets closest to (tx, ty), if it gets closer than now.
const Step* toward(const std::vector<Step>& reach, const Unit& u, int tx,
                   int ty) {
  const Step* best = nullptr;
  int best_d = distance(u.x, u.y, tx, ty);
  for (const auto& st : reach) {
    const int d = distance(st.x, st.y, tx, ty);
    if (d < best_d || (best && d == best_d && st.cost < best->cost))
      best = &st, best_d = d;
  }
  return best;
}

const Point* nearest(const std::vector<Point>& pts, int x, int y) {
  const Point* best = nullptr;
  int best_d = 1 << 20;
  for (const auto& p : pts) {
    const int d = distance(p.x, p.y, x, y);
    if (d < best_d) best = &p, best_d = d;
  }
  return best;
}

}  // namespace

Orders legal_actions(const State& s, PlayerId p) {
  Orders out;
  if (s.finished || p < 0 || static_cast<std::size_t>(p) >= s.players.size() ||
      !s.players[p].alive)
    return out;
  const Player& me = s.players[p];
  const Board b(s);
  const int n = static_cast<int>(s.players.size());
  bool any_war = false;
  for (int q = 0; q < n; ++q) any_war = any_war || (q != p && s.at_war(p, q));

  // Points of interest: unexplored samples, enemy targets, own cities.
  std::vector<Point> frontier, enemies, home;
  for (int by = 0; by < s.height; by += 4)
    for (int bx = 0; bx < s.width; bx += 4) {
      bool found = false;
      for (int y = by; y < std::min(by + 4, s.height) && !found; ++y)
        for (int x = bx; x < std::min(bx + 4, s.width) && !found; ++x)
          if (!me.explored[s.index(x, y)]) {
            frontier.push_back({x, y});
            found = true;
          }
    }
  if (any_war) {
    const auto vis = visible_tiles(s, p);
    for (const auto& c : s.cities)
      if (c.owner != p && s.at_war(p, c.owner) && vis[s.index(c.x, c.y)])
        enemies.push_back({c.x, c.y});
    for (const auto& u : s.units)
      if (u.owner != p && s.at_war(p, u.owner) && vis[s.index(u.x, u.y)])
        enemies.push_back({u.x, u.y});
  }
  for (const auto& c : s.cities)
    if (c.owner == p) home.push_back({c.x, c.y});

  for (const auto& u : s.units) {
    if (u.owner != p) continue;
    const auto& ui = info(u.type);
    const auto reach = reachable(s, b, u);
    std::vector<const Step*> moves;
    auto add_move = [&](const Step* st) {
      if (!st || moves.size() >= 3) return;
      for (const auto* m : moves)
        if (m == st) return;
      moves.push_back(st);
    };
    // Explore: the step that reveals the most unexplored tiles.
    const Step* explore = nullptr;
    int best_reveal = 0;
    for (const auto& st : reach) {
      int reveal = 0;
      const int r = ui.vision;
      for (int y = std::max(0, st.y - r); y <= std::min(s.height - 1, st.y + r);
           ++y)
        for (int x = std::max(0, st.x - r);
             x <= std::min(s.width - 1, st.x + r); ++x)
          reveal += me.explored[s.index(x, y)] ? 0 : 1;
      if (reveal > best_reveal) explore = &st, best_reveal = reveal;
    }
    if (u.type == UnitType::settler) {
      if (!check_city_site(s, u.x, u.y))
        out.push_back(FoundCity{u.id, std::nullopt});
      const Step* site = nullptr;
      int best_site = 0;
      for (const auto& st : reach)
        if (!check_city_site(s, st.x, st.y)) {
          const int v = site_value(s, st.x, st.y);
          if (v > best_site) site = &st, best_site = v;
        }
      add_move(site);
      add_move(explore);
      if (const Point* f = nearest(frontier, u.x, u.y))
        add_move(toward(reach, u, f->x, f->y));
    } else {
      // Attacks on every enemy in range.
      if (any_war) {
        const int r = ui.range;
        for (int y = u.y - r; y <= u.y + r; ++y)
          for (int x = u.x - r; x <= u.x + r; ++x) {
            if ((x == u.x && y == u.y) || !s.in_map(x, y)) continue;
            const auto e = enemy_at(s, b, p, x, y);
            if (e && s.at_war(p, *e)) out.push_back(Attack{u.id, {x, y}});
          }
      }
      if (const Point* e = nearest(enemies, u.x, u.y))
        add_move(toward(reach, u, e->x, e->y));
      add_move(explore);
      if (const Point* f = nearest(frontier, u.x, u.y))
        add_move(toward(reach, u, f->x, f->y));
      if (const Point* h = nearest(home, u.x, u.y))
        add_move(toward(reach, u, h->x, h->y));
      if (!u.fortified) out.push_back(Fortify{u.id});
    }
    for (const auto* st : moves) out.push_back(MoveUnit{u.id, {st->x, st->y}});
    // Never the last settler of a player without a city: that is suicide.
    if (u.type != UnitType::settler || !home.empty())
      out.push_back(Disband{u.id});
  }
  for (const auto& c : s.cities) {
    if (c.owner != p) continue;
    for (int k = 0; k < kUnitTypeCount + kBuildingCount; ++k) {
      const Item it =
          k < kUnitTypeCount
              ? Item::unit(static_cast<UnitType>(k))
              : Item::building(static_cast<Building>(k - kUnitTypeCount));
      if (it == c.item || !item_available(me, c, it)) continue;
      out.push_back(SetProduction{c.id, std::string(item_name(it))});
    }
  }
  for (int t = 0; t < kTechCount; ++t) {
    const Tech tech = static_cast<Tech>(t);
    if (me.research == tech || !tech_available(me, tech)) continue;
    out.push_back(SetResearch{std::string(info(tech).name)});
  }
  std::vector<PlayerId> others;
  for (int q = 0; q < n; ++q) {
    if (q == p || !s.players[q].alive) continue;
    others.push_back(q);
    const auto& name = s.players[q].name;
    if (!s.at_war(p, q)) {
      out.push_back(DeclareWar{name});
      continue;
    }
    if (!has_proposal(s, p, q)) out.push_back(ProposePeace{name});
    if (has_proposal(s, q, p)) out.push_back(AcceptPeace{name});
  }
  // A message to each other player, at most the turn's limit so that any
  // subset passes; rotated by the turn so everyone is offered in time.
  const std::size_t offered =
      std::min(others.size(), std::size_t{rules::kMaxMessagesPerTurn});
  for (std::size_t k = 0; k < offered; ++k) {
    const PlayerId q = others[(s.turn + k) % others.size()];
    out.push_back(SendMessage{
        s.players[q].name,
        me.name + (s.at_war(p, q) ? " is ready to talk peace."
                                  : " wishes you peace and trade.")});
  }
  return out;
}

View make_view(const State& s, PlayerId p) {
  const Player& me = s.players.at(static_cast<std::size_t>(p));
  const auto vis = visible_tiles(s, p);
  const int n = static_cast<int>(s.players.size());
  View v;
  v.turn = s.turn;

  auto& you = v.you;
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
    if (tech_available(me, static_cast<Tech>(t)))
      you.available_techs.emplace_back(kTechs[t].name);
  }
  you.score = score(s, p);

  for (int q = 0; q < n; ++q) {
    const auto sum = summarize(s, q);
    v.players.push_back({s.players[q].name, sum.alive, sum.score, sum.cities,
                         sum.techs,
                         q == p           ? "self"
                         : s.at_war(p, q) ? "war"
                                          : "peace",
                         has_proposal(s, q, p), has_proposal(s, p, q)});
  }

  v.map.width = s.width;
  v.map.height = s.height;
  std::string row(static_cast<std::size_t>(s.width), '?');
  for (int y = 0; y < s.height; ++y) {
    for (int x = 0; x < s.width; ++x) {
      const int i = s.index(x, y);
      const char c = info(s.tiles[i].terrain).symbol;
      row[x] = vis[i]           ? c
               : me.explored[i] ? static_cast<char>(c - 'A' + 'a')
                                : '?';
    }
    v.map.rows.push_back(row);
  }
  for (int i = 0; i < static_cast<int>(s.tiles.size()); ++i)
    if (s.tiles[i].resource != Resource::none && me.explored[i])
      v.map.resources.push_back({i % s.width, i / s.width,
                                 std::string(info(s.tiles[i].resource).name)});
  for (const auto& t : kTerrains)
    v.map.legend.emplace_back(std::string(1, t.symbol), t.name);
  v.map.legend.emplace_back("lowercase", "explored earlier, not visible now");
  v.map.legend.emplace_back("?", "unexplored");

  for (const auto& u : s.units) {
    if (u.owner != p && !vis[s.index(u.x, u.y)]) continue;
    const auto& ui = info(u.type);
    v.units.push_back({u.id, s.players[u.owner].name, std::string(ui.name), u.x,
                       u.y, u.hp, u.fortified, u.veteran, ui.moves, ui.strength,
                       ui.ranged_strength, ui.range});
  }

  for (const auto& c : s.cities) {
    if (c.owner != p && !vis[s.index(c.x, c.y)]) continue;
    ViewCity vc{c.id,   s.players[c.owner].name,
                c.name, c.x,
                c.y,    c.population,
                c.hp,   c.capital,
                {},     std::nullopt};
    for (int b = 0; b < kBuildingCount; ++b)
      if (c.has(static_cast<Building>(b)))
        vc.buildings.emplace_back(kBuildings[b].name);
    if (c.owner == p) {
      std::optional<std::string> item;
      if (c.item.kind != Item::Kind::none)
        item = std::string(item_name(c.item));
      vc.stocks = ViewCityStocks{
          c.food,
          rules::kGrowthBase + rules::kGrowthPerPop * c.population,
          c.production,
          item,
          item_cost(c.item),
          city_yield(s, c)};
    }
    v.cities.push_back(std::move(vc));
  }

  for (const auto& m : s.messages) {
    if (m.from == p || (m.to && *m.to != p)) continue;
    v.messages.push_back({m.turn, s.players[m.from].name,
                          m.to ? s.players[*m.to].name : "all", m.text});
  }

  v.legal_actions = legal_actions(s, p);
  return v;
}

void write_view_fields(const State& s, PlayerId p, JsonWriter& w) {
  write_view_fields(make_view(s, p), w);
}

}  // namespace fourex::game
