// Each check returns the first broken rule; its rule id is what agents see
// in 422 answers and in "skipped" order events.
#include "game/validate.hpp"

#include <set>

namespace fourex::game {

namespace {

std::optional<Problem> problem(std::string rule, std::string message) {
  return Problem{std::move(rule), std::move(message)};
}

std::optional<Problem> own_unit(const State& s, PlayerId p, int id,
                                const Unit*& out) {
  out = s.find_unit(id);
  if (!out) return problem("unit_not_found", "no unit " + std::to_string(id));
  if (out->owner != p)
    return problem("unit_not_owned",
                   "unit " + std::to_string(id) + " is not yours");
  return std::nullopt;
}

std::optional<Problem> other_player(const State& s, PlayerId p,
                                    const std::string& name, PlayerId& out) {
  const auto q = find_player(s, name);
  if (!q) return problem("unknown_player", "no player \"" + name + "\"");
  if (*q == p) return problem("own_player", "that is you");
  if (!s.players[*q].alive)
    return problem("player_eliminated", name + " has been eliminated");
  out = *q;
  return std::nullopt;
}

bool has_proposal(const State& s, PlayerId from, PlayerId to) {
  for (const auto& pr : s.proposals)
    if (pr.from == from && pr.to == to) return true;
  return false;
}

}  // namespace

int order_unit(const Order& o) {
  return std::visit(
      [](const auto& a) -> int {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, MoveUnit> ||
                      std::is_same_v<T, Attack> ||
                      std::is_same_v<T, FoundCity> ||
                      std::is_same_v<T, Fortify> || std::is_same_v<T, Disband>)
          return a.unit_id;
        else
          return -1;
      },
      o.action);
}

int order_city(const Order& o) {
  if (auto* a = std::get_if<SetProduction>(&o.action)) return a->city_id;
  return -1;
}

std::optional<Problem> check_city_site(const State& s, int x, int y) {
  if (!s.in_map(x, y)) return problem("tile_out_of_map", "outside the map");
  if (info(s.tile(x, y).terrain).move_cost == 0)
    return problem("impassable_terrain", "cities are founded on land");
  for (const auto& c : s.cities)
    if (distance(c.x, c.y, x, y) < rules::kCityMinDistance)
      return problem("city_too_close",
                     "within " + std::to_string(rules::kCityMinDistance - 1) +
                         " tiles of " + c.name);
  return std::nullopt;
}

std::optional<PlayerId> enemy_at(const State& s, const Board& b, PlayerId p,
                                 int x, int y) {
  if (!s.in_map(x, y)) return std::nullopt;
  const int o = b.unit_owner(x, y);
  if (o >= 0) return o == p ? std::nullopt : std::optional<PlayerId>(o);
  if (const int id = b.city_id(x, y)) {
    const City* c = s.find_city(id);
    if (c && c->owner != p) return c->owner;
  }
  return std::nullopt;
}

std::optional<Problem> check_order(
    const State& s, const Board& b, PlayerId p, const Order& order,
    const std::vector<std::uint8_t>& war_declared) {
  const Unit* u = nullptr;
  return std::visit(
      [&](const auto& a) -> std::optional<Problem> {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, MoveUnit>) {
          if (auto e = own_unit(s, p, a.unit_id, u)) return e;
          const auto [x, y] = a.to;
          if (!s.in_map(x, y))
            return problem("tile_out_of_map", "destination outside the map");
          if (x == u->x && y == u->y)
            return problem("already_there", "the unit is already there");
          if (info(s.tile(x, y).terrain).move_cost == 0)
            return problem("impassable_terrain", "units cannot enter water");
          if (!b.can_enter(x, y, p))
            return problem("tile_occupied",
                           "another player's unit or city is there");
          if (distance(x, y, u->x, u->y) <= info(u->type).moves)
            for (const auto& st : reachable(s, b, *u))
              if (st.x == x && st.y == y) return std::nullopt;
          return problem("insufficient_moves",
                         "not reachable this turn with " +
                             std::to_string(info(u->type).moves) + " moves");
        } else if constexpr (std::is_same_v<T, Attack>) {
          if (auto e = own_unit(s, p, a.unit_id, u)) return e;
          const auto& ui = info(u->type);
          if (ui.civilian)
            return problem("unit_cannot_attack",
                           "civilian units cannot attack");
          const auto [x, y] = a.target;
          if (!s.in_map(x, y))
            return problem("tile_out_of_map", "target outside the map");
          const int d = distance(x, y, u->x, u->y);
          if (d < 1 || d > ui.range)
            return problem("out_of_range", "target must be within " +
                                               std::to_string(ui.range) +
                                               " tile(s)");
          const auto enemy = enemy_at(s, b, p, x, y);
          if (!enemy)
            return problem("no_target", "no enemy unit or city there");
          if (!s.at_war(p, *enemy) &&
              !(static_cast<std::size_t>(*enemy) < war_declared.size() &&
                war_declared[*enemy]))
            return problem("not_at_war",
                           "not at war with " + s.players[*enemy].name);
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, FoundCity>) {
          if (auto e = own_unit(s, p, a.unit_id, u)) return e;
          if (u->type != UnitType::settler)
            return problem("not_a_settler", "only settlers found cities");
          return check_city_site(s, u->x, u->y);
        } else if constexpr (std::is_same_v<T, SetProduction>) {
          const City* c = s.find_city(a.city_id);
          if (!c)
            return problem("city_not_found",
                           "no city " + std::to_string(a.city_id));
          if (c->owner != p) return problem("city_not_owned", "not your city");
          const auto item = item_from_name(a.item);
          if (!item)
            return problem("unknown_item", "no item \"" + a.item + "\"");
          std::optional<Tech> tech;
          if (item->kind == Item::Kind::unit)
            tech = kUnits[item->index].tech;
          else
            tech = kBuildings[item->index].tech;
          if (tech && !s.players[p].knows(*tech))
            return problem("tech_not_researched",
                           a.item + " needs " + std::string(info(*tech).name));
          if (item->kind == Item::Kind::building &&
              c->has(static_cast<Building>(item->index)))
            return problem("already_built", c->name + " has a " + a.item);
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, SetResearch>) {
          const auto t = tech_from_name(a.tech);
          if (!t) return problem("unknown_tech", "no tech \"" + a.tech + "\"");
          const auto& pl = s.players[p];
          if (pl.knows(*t))
            return problem("tech_already_researched", a.tech + " is known");
          for (const auto& pre : info(*t).prerequisites)
            if (pre && !pl.knows(*pre))
              return problem("tech_prerequisites_missing",
                             a.tech + " needs " + std::string(info(*pre).name));
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, Fortify>) {
          if (auto e = own_unit(s, p, a.unit_id, u)) return e;
          if (info(u->type).civilian)
            return problem("unit_cannot_fortify", "civilians cannot fortify");
          if (u->fortified)
            return problem("already_fortified", "the unit is fortified");
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, Disband>) {
          return own_unit(s, p, a.unit_id, u);
        } else if constexpr (std::is_same_v<T, DeclareWar>) {
          PlayerId q = 0;
          if (auto e = other_player(s, p, a.player, q)) return e;
          if (s.at_war(p, q))
            return problem("already_at_war", "already at war with " + a.player);
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, ProposePeace>) {
          PlayerId q = 0;
          if (auto e = other_player(s, p, a.player, q)) return e;
          if (!s.at_war(p, q))
            return problem("not_at_war", "at peace with " + a.player);
          if (has_proposal(s, p, q))
            return problem("peace_already_proposed",
                           "your proposal to " + a.player + " is open");
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, AcceptPeace>) {
          PlayerId q = 0;
          if (auto e = other_player(s, p, a.player, q)) return e;
          if (!s.at_war(p, q))
            return problem("not_at_war", "at peace with " + a.player);
          if (!has_proposal(s, q, p))
            return problem("no_peace_proposal",
                           a.player + " has not proposed peace");
          return std::nullopt;
        } else {
          static_assert(std::is_same_v<T, SendMessage>);
          if (a.to == "all") return std::nullopt;
          PlayerId q = 0;
          return other_player(s, p, a.to, q);
        }
      },
      order.action);
}

namespace {

// Calls report(index, problem) for each illegal order, in order, until it
// returns false: validate stops at the first, dry_run sees them all.
template <class Report>
void for_each_violation(const State& s, PlayerId p, const Orders& orders,
                        Report report) {
  if (orders.empty()) return;
  if (p < 0 || static_cast<std::size_t>(p) >= s.players.size()) {
    report(0, Problem{"unknown_player", "no such player"});
    return;
  }
  if (s.finished) {
    report(0, Problem{"game_finished", "the game is over"});
    return;
  }
  if (!s.players[p].alive) {
    report(0, Problem{"player_eliminated", "you have been eliminated"});
    return;
  }
  const Board b(s);
  std::vector<std::uint8_t> declared(s.players.size(), 0);
  for (const auto& o : orders)
    if (auto* d = std::get_if<DeclareWar>(&o.action))
      if (auto q = find_player(s, d->player)) declared[*q] = 1;
  std::set<int> units, cities;
  bool research = false;
  int messages = 0;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const auto& o = orders[i];
    std::optional<Problem> found;
    if (const int id = order_unit(o); id >= 0 && !units.insert(id).second)
      found = Problem{"unit_already_ordered",
                      "unit " + std::to_string(id) + " has an order already"};
    else if (const int cid = order_city(o);
             cid >= 0 && !cities.insert(cid).second)
      found = Problem{"city_already_ordered",
                      "city " + std::to_string(cid) + " has an order already"};
    else if (std::holds_alternative<SetResearch>(o.action) && research)
      found = Problem{"research_already_set", "one set_research a turn"};
    else if (std::holds_alternative<SendMessage>(o.action) &&
             ++messages > rules::kMaxMessagesPerTurn)
      found = Problem{"too_many_messages", "at most 5 messages a turn"};
    else
      found = check_order(s, b, p, o, declared);
    if (std::holds_alternative<SetResearch>(o.action)) research = true;
    if (found && !report(i, std::move(*found))) return;
  }
}

}  // namespace

std::optional<Violation> validate(const State& s, PlayerId p,
                                  const Orders& orders) {
  std::optional<Violation> first;
  for_each_violation(s, p, orders, [&](std::size_t i, Problem problem) {
    first = Violation{i, std::move(problem.rule), std::move(problem.message)};
    return false;
  });
  return first;
}

std::vector<Violation> dry_run(const State& s, PlayerId p,
                               const Orders& orders) {
  std::vector<Violation> all;
  for_each_violation(s, p, orders, [&](std::size_t i, Problem problem) {
    all.push_back({i, std::move(problem.rule), std::move(problem.message)});
    return true;
  });
  return all;
}

}  // namespace fourex::game
