// Each check returns the first broken rule; its rule id is what agents see
// in 422 answers and in "skipped" order events.
#include "game/validate.hpp"

#include <set>

#include "game/overloaded.hpp"

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

}  // namespace

int order_unit(const Order& o) {
  return std::visit(overloaded{[](const MoveUnit& a) { return a.unit_id; },
                               [](const Attack& a) { return a.unit_id; },
                               [](const FoundCity& a) { return a.unit_id; },
                               [](const Fortify& a) { return a.unit_id; },
                               [](const Disband& a) { return a.unit_id; },
                               [](const SetProduction&) { return -1; },
                               [](const SetResearch&) { return -1; },
                               [](const DeclareWar&) { return -1; },
                               [](const ProposePeace&) { return -1; },
                               [](const AcceptPeace&) { return -1; },
                               [](const SendMessage&) { return -1; }},
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

std::optional<Tech> tech_needed(Item item) {
  return item.kind == Item::Kind::unit ? kUnits[item.index].tech
                                       : kBuildings[item.index].tech;
}

std::optional<Problem> check_tech_choice(const Player& pl, Tech t) {
  const std::string_view name = info(t).name;
  if (pl.knows(t))
    return problem("tech_already_researched", std::string(name) + " is known");
  for (const auto& pre : info(t).prerequisites)
    if (pre && !pl.knows(*pre))
      return problem(
          "tech_prerequisites_missing",
          std::string(name) + " needs " + std::string(info(*pre).name));
  return std::nullopt;
}

namespace {

// One check per kind of order, each against the state as it is.
struct OrderContext {
  const State& s;
  const Board& b;
  PlayerId p;
  const std::vector<std::uint8_t>& war_declared;
};

std::optional<Problem> check_move(const OrderContext& c, const MoveUnit& a) {
  const Unit* u = nullptr;
  if (auto e = own_unit(c.s, c.p, a.unit_id, u)) return e;
  const auto [x, y] = a.to;
  if (!c.s.in_map(x, y))
    return problem("tile_out_of_map", "destination outside the map");
  if (x == u->x && y == u->y)
    return problem("already_there", "the unit is already there");
  if (info(c.s.tile(x, y).terrain).move_cost == 0)
    return problem("impassable_terrain", "units cannot enter water");
  if (!c.b.can_enter(x, y, c.p))
    return problem("tile_occupied", "another player's unit or city is there");
  if (distance(x, y, u->x, u->y) <= info(u->type).moves)
    for (const auto& st : reachable(c.s, c.b, *u))
      if (st.x == x && st.y == y) return std::nullopt;
  return problem("insufficient_moves", "not reachable this turn with " +
                                           std::to_string(info(u->type).moves) +
                                           " moves");
}

std::optional<Problem> check_attack(const OrderContext& c, const Attack& a) {
  const Unit* u = nullptr;
  if (auto e = own_unit(c.s, c.p, a.unit_id, u)) return e;
  const auto& ui = info(u->type);
  if (ui.civilian)
    return problem("unit_cannot_attack", "civilian units cannot attack");
  const auto [x, y] = a.target;
  if (!c.s.in_map(x, y))
    return problem("tile_out_of_map", "target outside the map");
  const int d = distance(x, y, u->x, u->y);
  if (d < 1 || d > ui.range)
    return problem("out_of_range", "target must be within " +
                                       std::to_string(ui.range) + " tile(s)");
  const auto enemy = enemy_at(c.s, c.b, c.p, x, y);
  if (!enemy) return problem("no_target", "no enemy unit or city there");
  const bool declared_now =
      static_cast<std::size_t>(*enemy) < c.war_declared.size() &&
      c.war_declared[*enemy];
  if (!c.s.at_war(c.p, *enemy) && !declared_now)
    return problem("not_at_war", "not at war with " + c.s.players[*enemy].name);
  return std::nullopt;
}

std::optional<Problem> check_found_city(const OrderContext& c,
                                        const FoundCity& a) {
  const Unit* u = nullptr;
  if (auto e = own_unit(c.s, c.p, a.unit_id, u)) return e;
  if (u->type != UnitType::settler)
    return problem("not_a_settler", "only settlers found cities");
  return check_city_site(c.s, u->x, u->y);
}

std::optional<Problem> check_production(const OrderContext& c,
                                        const SetProduction& a) {
  const City* city = c.s.find_city(a.city_id);
  if (!city)
    return problem("city_not_found", "no city " + std::to_string(a.city_id));
  if (city->owner != c.p) return problem("city_not_owned", "not your city");
  const auto item = item_from_name(a.item);
  if (!item) return problem("unknown_item", "no item \"" + a.item + "\"");
  if (const auto tech = tech_needed(*item);
      tech && !c.s.players[c.p].knows(*tech))
    return problem("tech_not_researched",
                   a.item + " needs " + std::string(info(*tech).name));
  if (item->kind == Item::Kind::building &&
      city->has(static_cast<Building>(item->index)))
    return problem("already_built", city->name + " has a " + a.item);
  return std::nullopt;
}

std::optional<Problem> check_research(const OrderContext& c,
                                      const SetResearch& a) {
  const auto t = tech_from_name(a.tech);
  if (!t) return problem("unknown_tech", "no tech \"" + a.tech + "\"");
  return check_tech_choice(c.s.players[c.p], *t);
}

std::optional<Problem> check_fortify(const OrderContext& c, const Fortify& a) {
  const Unit* u = nullptr;
  if (auto e = own_unit(c.s, c.p, a.unit_id, u)) return e;
  if (info(u->type).civilian)
    return problem("unit_cannot_fortify", "civilians cannot fortify");
  if (u->fortified)
    return problem("already_fortified", "the unit is fortified");
  return std::nullopt;
}

std::optional<Problem> check_disband(const OrderContext& c, const Disband& a) {
  const Unit* u = nullptr;
  return own_unit(c.s, c.p, a.unit_id, u);
}

std::optional<Problem> check_declare_war(const OrderContext& c,
                                         const DeclareWar& a) {
  PlayerId q = 0;
  if (auto e = other_player(c.s, c.p, a.player, q)) return e;
  if (c.s.at_war(c.p, q))
    return problem("already_at_war", "already at war with " + a.player);
  return std::nullopt;
}

// Peace is made with a player in the game this player is at war with.
std::optional<Problem> enemy_player(const OrderContext& c,
                                    const std::string& name, PlayerId& out) {
  if (auto e = other_player(c.s, c.p, name, out)) return e;
  if (!c.s.at_war(c.p, out))
    return problem("not_at_war", "at peace with " + name);
  return std::nullopt;
}

std::optional<Problem> check_propose_peace(const OrderContext& c,
                                           const ProposePeace& a) {
  PlayerId q = 0;
  if (auto e = enemy_player(c, a.player, q)) return e;
  if (c.s.has_proposal(c.p, q))
    return problem("peace_already_proposed",
                   "your proposal to " + a.player + " is open");
  return std::nullopt;
}

std::optional<Problem> check_accept_peace(const OrderContext& c,
                                          const AcceptPeace& a) {
  PlayerId q = 0;
  if (auto e = enemy_player(c, a.player, q)) return e;
  if (!c.s.has_proposal(q, c.p))
    return problem("no_peace_proposal", a.player + " has not proposed peace");
  return std::nullopt;
}

std::optional<Problem> check_message(const OrderContext& c,
                                     const SendMessage& a) {
  if (a.to == "all") return std::nullopt;
  PlayerId q = 0;
  return other_player(c.s, c.p, a.to, q);
}

}  // namespace

std::optional<Problem> check_order(
    const State& s, const Board& b, PlayerId p, const Order& order,
    const std::vector<std::uint8_t>& war_declared) {
  const OrderContext c{s, b, p, war_declared};
  return std::visit(
      overloaded{
          [&](const MoveUnit& a) { return check_move(c, a); },
          [&](const Attack& a) { return check_attack(c, a); },
          [&](const FoundCity& a) { return check_found_city(c, a); },
          [&](const SetProduction& a) { return check_production(c, a); },
          [&](const SetResearch& a) { return check_research(c, a); },
          [&](const Fortify& a) { return check_fortify(c, a); },
          [&](const Disband& a) { return check_disband(c, a); },
          [&](const DeclareWar& a) { return check_declare_war(c, a); },
          [&](const ProposePeace& a) { return check_propose_peace(c, a); },
          [&](const AcceptPeace& a) { return check_accept_peace(c, a); },
          [&](const SendMessage& a) { return check_message(c, a); }},
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
      found = Problem{"too_many_messages",
                      "at most " + std::to_string(rules::kMaxMessagesPerTurn) +
                          " messages a turn"};
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
