// The move choices are heuristics that keep the list short but useful;
// everything offered is checked by the same rules validate applies.
#include "game/suggested_actions.hpp"

#include <algorithm>

#include "game/board.hpp"
#include "game/validate.hpp"
#include "game/visibility.hpp"

namespace fourex::game {

namespace {

struct Point {
  int x, y;
};

// Where a unit may want to go: a sample of unexplored tiles (one per 4x4
// block), enemies seen now (only at war), the player's own cities.
struct Destinations {
  std::vector<Point> frontier, enemies, home;
};

constexpr int kFrontierBlock = 4;

std::vector<Point> frontier_samples(const State& s, const Player& me) {
  std::vector<Point> out;
  for (int by = 0; by < s.height; by += kFrontierBlock)
    for (int bx = 0; bx < s.width; bx += kFrontierBlock) {
      bool found = false;
      for (int y = by; y < std::min(by + kFrontierBlock, s.height) && !found;
           ++y)
        for (int x = bx; x < std::min(bx + kFrontierBlock, s.width) && !found;
             ++x)
          if (!me.explored[s.index(x, y)]) {
            out.push_back({x, y});
            found = true;
          }
    }
  return out;
}

std::vector<Point> enemies_seen(const State& s, PlayerId p) {
  std::vector<Point> out;
  const auto vis = visible_tiles(s, p);
  for (const auto& c : s.cities)
    if (c.owner != p && s.at_war(p, c.owner) && vis[s.index(c.x, c.y)])
      out.push_back({c.x, c.y});
  for (const auto& u : s.units)
    if (u.owner != p && s.at_war(p, u.owner) && vis[s.index(u.x, u.y)])
      out.push_back({u.x, u.y});
  return out;
}

Destinations destinations(const State& s, PlayerId p, bool any_war) {
  Destinations d;
  d.frontier = frontier_samples(s, s.players[p]);
  if (any_war) d.enemies = enemies_seen(s, p);
  for (const auto& c : s.cities)
    if (c.owner == p) d.home.push_back({c.x, c.y});
  return d;
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

// The step that gets closest to the nearest of `pts`, if it gets closer
// than the unit is now.
const Step* toward_nearest(const std::vector<Step>& reach, const Unit& u,
                           const std::vector<Point>& pts) {
  const Point* target = nearest(pts, u.x, u.y);
  if (!target) return nullptr;
  const Step* best = nullptr;
  int best_d = distance(u.x, u.y, target->x, target->y);
  for (const auto& st : reach) {
    const int d = distance(st.x, st.y, target->x, target->y);
    if (d < best_d || (best && d == best_d && st.cost < best->cost))
      best = &st, best_d = d;
  }
  return best;
}

// The step that reveals the most unexplored tiles, if any.
const Step* most_revealing(const State& s, const Player& me, const Unit& u,
                           const std::vector<Step>& reach) {
  const int r = info(u.type).vision;
  const Step* best = nullptr;
  int best_reveal = 0;
  for (const auto& st : reach) {
    int reveal = 0;
    for (int y = std::max(0, st.y - r); y <= std::min(s.height - 1, st.y + r);
         ++y)
      for (int x = std::max(0, st.x - r); x <= std::min(s.width - 1, st.x + r);
           ++x)
        reveal += me.explored[s.index(x, y)] ? 0 : 1;
    if (reveal > best_reveal) best = &st, best_reveal = reveal;
  }
  return best;
}

// What the 3x3 around a tile yields, food weighted most.
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

// The reachable tile where a city may be founded that yields the most.
const Step* best_city_site(const State& s, const std::vector<Step>& reach) {
  const Step* best = nullptr;
  int best_value = 0;
  for (const auto& st : reach)
    if (!check_city_site(s, st.x, st.y)) {
      const int v = site_value(s, st.x, st.y);
      if (v > best_value) best = &st, best_value = v;
    }
  return best;
}

// Up to kMaxSuggestedMoves distinct steps, in the order offered.
class MoveChoices {
 public:
  void add(const Step* st) {
    if (!st || steps_.size() >= kMaxSuggestedMoves) return;
    if (std::find(steps_.begin(), steps_.end(), st) == steps_.end())
      steps_.push_back(st);
  }
  void write(const Unit& u, Orders& out) const {
    for (const auto* st : steps_) out.push_back(MoveUnit{u.id, {st->x, st->y}});
  }

 private:
  std::vector<const Step*> steps_;
};

class Suggestions {
 public:
  Suggestions(const State& s, PlayerId p)
      : s_(s),
        p_(p),
        me_(s.players[p]),
        board_(s),
        any_war_(at_war_at_all()),
        to_(destinations(s, p, any_war_)) {}

  Orders run() {
    for (const auto& u : s_.units)
      if (u.owner == p_) unit_orders(u);
    for (const auto& c : s_.cities)
      if (c.owner == p_) production(c);
    research();
    diplomacy();
    messages();
    return std::move(out_);
  }

 private:
  bool at_war_at_all() const {
    for (int q = 0; q < static_cast<int>(s_.players.size()); ++q)
      if (q != p_ && s_.at_war(p_, q)) return true;
    return false;
  }

  void unit_orders(const Unit& u) {
    const auto reach = reachable(s_, board_, u);
    const Step* explore = most_revealing(s_, me_, u, reach);
    MoveChoices moves;
    if (u.type == UnitType::settler) {
      if (!check_city_site(s_, u.x, u.y))
        out_.push_back(FoundCity{u.id, std::nullopt});
      moves.add(best_city_site(s_, reach));
      moves.add(explore);
      moves.add(toward_nearest(reach, u, to_.frontier));
    } else {
      if (any_war_) attacks(u);
      moves.add(toward_nearest(reach, u, to_.enemies));
      moves.add(explore);
      moves.add(toward_nearest(reach, u, to_.frontier));
      moves.add(toward_nearest(reach, u, to_.home));
      if (!u.fortified) out_.push_back(Fortify{u.id});
    }
    moves.write(u, out_);
    // Never the last settler of a player without a city: that is suicide.
    if (u.type != UnitType::settler || !to_.home.empty())
      out_.push_back(Disband{u.id});
  }

  // Every enemy in range.
  void attacks(const Unit& u) {
    const int r = info(u.type).range;
    for (int y = u.y - r; y <= u.y + r; ++y)
      for (int x = u.x - r; x <= u.x + r; ++x) {
        if ((x == u.x && y == u.y) || !s_.in_map(x, y)) continue;
        const auto e = enemy_at(s_, board_, p_, x, y);
        if (e && s_.at_war(p_, *e)) out_.push_back(Attack{u.id, {x, y}});
      }
  }

  // Every item the city may switch to.
  void production(const City& c) {
    for (int k = 0; k < kUnitTypeCount + kBuildingCount; ++k) {
      const Item it =
          k < kUnitTypeCount
              ? Item::unit(static_cast<UnitType>(k))
              : Item::building(static_cast<Building>(k - kUnitTypeCount));
      if (it == c.item) continue;
      if (const auto tech = tech_needed(it); tech && !me_.knows(*tech))
        continue;
      if (it.kind == Item::Kind::building &&
          c.has(static_cast<Building>(it.index)))
        continue;
      out_.push_back(SetProduction{c.id, std::string(item_name(it))});
    }
  }

  // Every tech the player may switch its research to.
  void research() {
    for (int t = 0; t < kTechCount; ++t) {
      const Tech tech = static_cast<Tech>(t);
      if (me_.research == tech || check_tech_choice(me_, tech)) continue;
      out_.push_back(SetResearch{std::string(info(tech).name)});
    }
  }

  void diplomacy() {
    for (const PlayerId q : others()) {
      const auto& name = s_.players[q].name;
      if (!s_.at_war(p_, q)) {
        out_.push_back(DeclareWar{name});
        continue;
      }
      if (!s_.has_proposal(p_, q)) out_.push_back(ProposePeace{name});
      if (s_.has_proposal(q, p_)) out_.push_back(AcceptPeace{name});
    }
  }

  // A message to each other player, at most the turn's limit so that any
  // subset passes; rotated by the turn so everyone is offered in time.
  void messages() {
    const auto to = others();
    const std::size_t offered =
        std::min(to.size(), std::size_t{rules::kMaxMessagesPerTurn});
    for (std::size_t k = 0; k < offered; ++k) {
      const PlayerId q = to[(s_.turn + k) % to.size()];
      out_.push_back(SendMessage{
          s_.players[q].name,
          me_.name + (s_.at_war(p_, q) ? " is ready to talk peace."
                                       : " wishes you peace and trade.")});
    }
  }

  // The other players still in the game, in id order.
  std::vector<PlayerId> others() const {
    std::vector<PlayerId> out;
    for (int q = 0; q < static_cast<int>(s_.players.size()); ++q)
      if (q != p_ && s_.players[q].alive) out.push_back(q);
    return out;
  }

  const State& s_;
  PlayerId p_;
  const Player& me_;
  const Board board_;
  const bool any_war_;
  const Destinations to_;
  Orders out_;
};

}  // namespace

Orders suggested_actions(const State& s, PlayerId p) {
  if (s.finished || p < 0 || static_cast<std::size_t>(p) >= s.players.size() ||
      !s.players[p].alive)
    return {};
  return Suggestions(s, p).run();
}

}  // namespace fourex::game
