// The turn resolver. All randomness comes from one Rng seeded by (game
// seed, turn) and is drawn in the fixed order of resolution.
#include "game/resolve.hpp"

#include <algorithm>
#include <set>

#include "game/board.hpp"
#include "game/overloaded.hpp"
#include "game/rng.hpp"
#include "game/score.hpp"
#include "game/validate.hpp"
#include "game/visibility.hpp"

namespace fourex::game {

namespace {

enum Phase { kDiplomacy, kMovement, kCombat, kCities, kResearch, kPhases };

Phase phase_of(const Order& o) {
  return std::visit(overloaded{[](const MoveUnit&) { return kMovement; },
                               [](const Fortify&) { return kMovement; },
                               [](const Disband&) { return kMovement; },
                               [](const Attack&) { return kCombat; },
                               [](const FoundCity&) { return kCities; },
                               [](const SetProduction&) { return kCities; },
                               [](const SetResearch&) { return kResearch; },
                               [](const DeclareWar&) { return kDiplomacy; },
                               [](const ProposePeace&) { return kDiplomacy; },
                               [](const AcceptPeace&) { return kDiplomacy; },
                               [](const SendMessage&) { return kDiplomacy; }},
                    o.action);
}

struct Pending {
  PlayerId player;
  std::size_t index;
  const Order* order;
};

class Resolver {
 public:
  Resolver(const State& prev, const std::map<PlayerId, Orders>& orders)
      : s_(prev),
        board_(s_),
        rng_(prev.seed, static_cast<std::uint64_t>(prev.turn)),
        orders_(orders) {}

  TurnResult run() {
    const int n = static_cast<int>(s_.players.size());
    used_units_.assign(n, {});
    used_cities_.assign(n, {});
    research_set_.assign(n, false);
    messages_.assign(n, 0);
    science_.assign(n, 0);
    s_.messages.clear();
    std::array<std::vector<Pending>, kPhases> phases;
    collect(phases);
    for (const auto& p : phases[kDiplomacy]) diplomacy(p);
    for (const auto& p : phases[kMovement]) movement(p);
    for (const auto& p : phases[kCombat]) combat_order(p);
    for (const auto& p : phases[kCities]) city_order(p);
    grow_and_produce();
    heal_units();
    pay_upkeep();
    for (const auto& p : phases[kResearch]) research_order(p);
    accumulate_science();
    eliminate_players();
    update_explored(s_);
    ++s_.turn;
    expire_proposals();
    check_game_over();
    return TurnResult{std::move(s_), std::move(events_), critical_};
  }

 private:
  // ---- ordering -------------------------------------------------------
  void collect(std::array<std::vector<Pending>, kPhases>& phases) {
    const int n = static_cast<int>(s_.players.size());
    std::vector<std::array<std::vector<Pending>, kPhases>> per(n);
    for (const auto& [p, list] : orders_) {
      if (p < 0 || p >= n) continue;
      for (std::size_t i = 0; i < list.size(); ++i)
        per[p][phase_of(list[i])].push_back({p, i, &list[i]});
    }
    const int first = (s_.turn - 1) % n;
    for (int ph = 0; ph < kPhases; ++ph)
      for (std::size_t round = 0;; ++round) {
        bool any = false;
        for (int k = 0; k < n; ++k) {
          const int p = (first + k) % n;
          if (round < per[p][ph].size()) {
            phases[ph].push_back(per[p][ph][round]);
            any = true;
          }
        }
        if (!any) break;
      }
  }

  // ---- events ---------------------------------------------------------
  const std::string& name(PlayerId p) const { return s_.players[p].name; }
  void outcome(const Pending& p, bool applied, std::string rule,
               std::string message) {
    events_.push_back(OrderOutcome{name(p.player), static_cast<int>(p.index),
                                   std::string(action_name(*p.order)), applied,
                                   std::move(rule), std::move(message)});
  }
  void applied(const Pending& p) { outcome(p, true, "", ""); }
  void skip(const Pending& p, std::string rule, std::string message) {
    outcome(p, false, std::move(rule), std::move(message));
  }
  EventUnit event_unit(const Unit& u) const {
    return {u.id,
            name(u.owner),
            std::string(info(u.type).name),
            std::max(0, u.hp),
            u.x,
            u.y};
  }
  EventCity event_city(const City& c) const {
    return {c.id, c.name, name(c.owner), std::max(0, c.hp)};
  }
  CityRef city_ref(const City& c) const {
    return {c.id, c.name, name(c.owner)};
  }

  // Checks common to every order at its turn: the player is alive and the
  // at-most-once rules hold; then the rule checks on the state as it is.
  bool admissible(const Pending& p) {
    const auto& o = *p.order;
    if (s_.finished || !s_.players[p.player].alive) {
      skip(p, "player_eliminated", "the player has been eliminated");
      return false;
    }
    if (const int id = order_unit(o);
        id >= 0 && !used_units_[p.player].insert(id).second) {
      skip(p, "unit_already_ordered", "one order per unit a turn");
      return false;
    }
    if (const int id = order_city(o);
        id >= 0 && !used_cities_[p.player].insert(id).second) {
      skip(p, "city_already_ordered", "one order per city a turn");
      return false;
    }
    if (std::holds_alternative<SetResearch>(o.action)) {
      if (research_set_[p.player]) {
        skip(p, "research_already_set", "one set_research a turn");
        return false;
      }
      research_set_[p.player] = true;
    }
    if (std::holds_alternative<SendMessage>(o.action) &&
        ++messages_[p.player] > rules::kMaxMessagesPerTurn) {
      skip(p, "too_many_messages",
           "at most " + std::to_string(rules::kMaxMessagesPerTurn) +
               " messages a turn");
      return false;
    }
    if (auto e = check_order(s_, board_, p.player, o, no_declared_)) {
      skip(p, std::move(e->rule), std::move(e->message));
      return false;
    }
    return true;
  }

  // ---- diplomacy ------------------------------------------------------
  void drop_proposals(PlayerId a, PlayerId b) {
    std::erase_if(s_.proposals, [&](const PeaceProposal& pr) {
      return (pr.from == a && pr.to == b) || (pr.from == b && pr.to == a);
    });
  }
  void diplomacy(const Pending& p) {
    if (!admissible(p)) return;
    applied(p);
    const PlayerId me = p.player;
    // Only diplomacy orders come here (phase_of).
    std::visit(overloaded{[&](const DeclareWar& a) { declare_war(me, a); },
                          [&](const ProposePeace& a) { propose_peace(me, a); },
                          [&](const AcceptPeace& a) { accept_peace(me, a); },
                          [&](const SendMessage& a) { send_message(me, a); },
                          [](const auto&) {}},
               p.order->action);
  }
  // War or peace with the named player; what was proposed between them
  // no longer stands. The pair the event names.
  PlayerPair set_war(PlayerId me, const std::string& player, bool war) {
    const PlayerId q = *find_player(s_, player);
    s_.set_war(me, q, war);
    drop_proposals(me, q);
    return {name(me), name(q)};
  }
  void declare_war(PlayerId me, const DeclareWar& a) {
    events_.push_back(WarDeclared{set_war(me, a.player, true)});
  }
  void propose_peace(PlayerId me, const ProposePeace& a) {
    const PlayerId q = *find_player(s_, a.player);
    s_.proposals.push_back({me, q, s_.turn});
    std::sort(s_.proposals.begin(), s_.proposals.end(),
              [](const auto& x, const auto& y) {
                return std::pair(x.from, x.to) < std::pair(y.from, y.to);
              });
    events_.push_back(PeaceProposed{{name(me), name(q)}});
  }
  void accept_peace(PlayerId me, const AcceptPeace& a) {
    events_.push_back(PeaceMade{set_war(me, a.player, false)});
  }
  void send_message(PlayerId me, const SendMessage& a) {
    Message m{s_.turn, me, std::nullopt, a.text};
    if (a.to != "all") m.to = find_player(s_, a.to);
    s_.messages.push_back(std::move(m));
    events_.push_back(
        MessageSent{name(me), a.to, static_cast<int>(a.text.size())});
  }

  // ---- movement -------------------------------------------------------
  void movement(const Pending& p) {
    if (!admissible(p)) return;
    applied(p);
    // Only movement orders come here (phase_of).
    std::visit(overloaded{[&](const MoveUnit& a) { move_unit(a); },
                          [&](const Fortify& a) {
                            s_.find_unit(a.unit_id)->fortified = true;
                          },
                          [&](const Disband& a) {
                            remove_unit(a.unit_id, "disbanded");
                          },
                          [](const auto&) {}},
               p.order->action);
  }
  void move_unit(const MoveUnit& a) {
    Unit* u = s_.find_unit(a.unit_id);
    board_.remove_unit(*u);
    u->x = a.to.x;
    u->y = a.to.y;
    u->fortified = false;
    board_.add_unit(*u);
    acted_.insert(u->id);
  }

  void remove_unit(int id, std::string_view why) {
    Unit* u = s_.find_unit(id);
    events_.push_back(UnitRemoved{event_unit(*u), std::string(why)});
    board_.remove_unit(*u);
    s_.units.erase(s_.units.begin() + (u - s_.units.data()));
  }

  // ---- combat ---------------------------------------------------------
  static int hp_percent(int hp) { return 50 + std::max(0, hp) / 2; }

  int attack_strength(const Unit& u, bool vs_city) const {
    const auto& ui = info(u.type);
    const int base = ui.range > 1 ? ui.ranged_strength : ui.strength;
    int pct = 100 + (u.veteran ? rules::kVeteranPercent : 0) +
              (vs_city ? ui.city_attack_percent : 0);
    return base * pct * hp_percent(u.hp) / 100;
  }
  int defense_strength(const Unit& u) const {
    const auto& ui = info(u.type);
    int pct = 100 + info(s_.tile(u.x, u.y).terrain).defense_percent +
              (u.fortified ? rules::kFortifyPercent : 0) +
              (u.veteran ? rules::kVeteranPercent : 0);
    if (const int cid = board_.city_id(u.x, u.y))
      if (s_.find_city(cid)->has(Building::walls))
        pct += rules::kWallsUnitPercent;
    return ui.strength * pct * hp_percent(u.hp) / 100;
  }
  static int city_strength(const City& c) {
    const int base =
        rules::kCityBaseStrength + rules::kCityStrengthPerPop * c.population;
    const int pct = 100 + (c.has(Building::walls) ? rules::kWallsPercent : 0);
    return base * pct * hp_percent(c.hp) / 100;
  }
  int damage(int a, int d) {
    return rules::kCombatBaseDamage * 2 * a / std::max(1, a + d) +
           rng_.range(0, rules::kCombatRandomDamage - 1);
  }

  void combat_order(const Pending& p) {
    if (!admissible(p)) return;
    applied(p);
    const auto& a = std::get<Attack>(p.order->action);
    const int attacker_id = a.unit_id;
    const int tx = a.target.x, ty = a.target.y;
    acted_.insert(attacker_id);
    s_.find_unit(attacker_id)->fortified = false;
    const bool melee = info(s_.find_unit(attacker_id)->type).range <= 1;
    // The best military defender, else civilians are destroyed.
    const Unit* best = nullptr;
    int best_d = -1;
    std::vector<int> civilians;
    if (board_.unit_count(tx, ty) > 0)
      for (const auto& u : s_.units) {
        if (u.x != tx || u.y != ty) continue;
        if (info(u.type).civilian) {
          civilians.push_back(u.id);
          continue;
        }
        const int d = defense_strength(u);
        if (d > best_d) best = &u, best_d = d;
      }
    if (best) {
      fight_unit(attacker_id, best->id, melee);
      return;
    }
    for (int id : civilians) remove_unit(id, "destroyed");
    if (const int cid = board_.city_id(tx, ty))
      fight_city(attacker_id, cid, melee);
  }

  void fight_unit(int attacker_id, int defender_id, bool melee) {
    Unit* att = s_.find_unit(attacker_id);
    Unit* def = s_.find_unit(defender_id);
    const int A = attack_strength(*att, false), D = defense_strength(*def);
    const int to_def = damage(A, D);
    const int to_att = melee ? damage(D, A) : 0;
    def->hp -= to_def;
    att->hp -= to_att;
    events_.push_back(
        Combat{event_unit(*att), event_unit(*def), to_def, to_att});
    const int tx = def->x, ty = def->y;
    if (def->hp <= 0) remove_unit(defender_id, "killed");
    if (s_.find_unit(attacker_id)->hp <= 0) {
      remove_unit(attacker_id, "killed");
      return;
    }
    // A melee win over the last defender destroys civilians left there.
    if (melee && board_.unit_count(tx, ty) > 0) {
      bool military = false;
      std::vector<int> civ;
      for (const auto& u : s_.units)
        if (u.x == tx && u.y == ty)
          (info(u.type).civilian ? civ.push_back(u.id)
                                 : (void)(military = true));
      if (!military)
        for (int id : civ) remove_unit(id, "destroyed");
    }
  }

  void fight_city(int attacker_id, int city_id, bool melee) {
    Unit* att = s_.find_unit(attacker_id);
    City* c = s_.find_city(city_id);
    const int A = attack_strength(*att, true), D = city_strength(*c);
    const int to_city = damage(A, D);
    const int to_att = melee ? damage(D, A) : 0;
    c->hp -= to_city;
    if (!melee) c->hp = std::max(1, c->hp);
    att->hp -= to_att;
    events_.push_back(
        Combat{event_unit(*att), event_city(*c), to_city, to_att});
    if (att->hp <= 0) {
      c->hp = std::max(1, c->hp);
      remove_unit(attacker_id, "killed");
      return;
    }
    if (c->hp > 0) return;
    // Captured by the melee unit, which moves in.
    const PlayerId from = c->owner;
    c->owner = att->owner;
    c->hp = rules::kCapturedCityHp;
    c->population = std::max(1, c->population - 1);
    c->food = 0;
    c->production = 0;
    c->item = Item{};
    const bool was_capital = c->capital;
    c->capital = false;
    board_.remove_unit(*att);
    att->x = c->x;
    att->y = c->y;
    board_.add_unit(*att);
    events_.push_back(
        CityCaptured{c->id, c->name, name(from), name(c->owner), was_capital});
    if (was_capital) critical_ = true;
  }

  // ---- cities ---------------------------------------------------------
  void city_order(const Pending& p) {
    if (!admissible(p)) return;
    applied(p);
    if (auto* a = std::get_if<FoundCity>(&p.order->action)) {
      const Unit u = *s_.find_unit(a->unit_id);
      auto& pl = s_.players[p.player];
      City c;
      c.id = s_.next_city_id++;
      c.owner = p.player;
      c.name = a->name ? *a->name
                       : pl.name + " " + std::to_string(pl.cities_founded + 1);
      c.x = u.x;
      c.y = u.y;
      c.capital = pl.cities_founded == 0;
      c.item = Item::unit(UnitType::warrior);
      c.founded_turn = s_.turn;
      ++pl.cities_founded;
      board_.remove_unit(u);
      s_.units.erase(s_.units.begin() + (s_.find_unit(u.id) - s_.units.data()));
      board_.set_city(c.x, c.y, c.id);
      s_.cities.push_back(c);
      events_.push_back(CityFounded{city_ref(c), c.x, c.y});
    } else {
      const auto& sp = std::get<SetProduction>(p.order->action);
      s_.find_city(sp.city_id)->item = *item_from_name(sp.item);
    }
  }

  // Each city in id order: its yield, growth or starvation, production,
  // healing. Gold and science are collected for upkeep and research.
  void grow_and_produce() {
    income_.assign(s_.players.size(), 0);
    for (auto& c : s_.cities) {
      const Yield y = city_yield(s_, c);
      income_[c.owner] += y.gold;
      science_[c.owner] += y.science;
      grow(c, y.food);
      produce(c, y.production);
      c.hp = std::min(rules::kCityMaxHp, c.hp + rules::kCityHeal);
    }
  }

  void grow(City& c, int food) {
    c.food += food - rules::kFoodPerPop * c.population;
    const int need = rules::kGrowthBase + rules::kGrowthPerPop * c.population;
    if (c.food >= need) {
      c.food -= need;
      if (c.has(Building::granary))
        c.food += need * rules::kGranaryKeepPercent / 100;
      c.food = std::min(c.food, need);
      ++c.population;
      events_.push_back(CityGrew{city_ref(c), c.population});
    } else if (c.food < 0) {
      c.food = 0;
      if (c.population > 1) {
        --c.population;
        events_.push_back(CityStarved{city_ref(c), c.population});
      }
    }
  }

  void produce(City& c, int production) {
    c.production += production;
    if (c.item.kind == Item::Kind::none) {
      c.production = std::min(c.production, rules::kIdleProductionCap);
      return;
    }
    if (c.production < item_cost(c.item)) return;
    c.production -= item_cost(c.item);
    ProductionCompleted done{city_ref(c), std::string(item_name(c.item)),
                             std::nullopt};
    if (c.item.kind == Item::Kind::unit) {
      done.unit_id = build_unit(c);
    } else {
      c.buildings |= 1u << c.item.index;
      c.item = Item{};
    }
    events_.push_back(std::move(done));
  }

  // The city's unit item, standing in the city; its id.
  int build_unit(const City& c) {
    Unit u;
    u.id = s_.next_unit_id++;
    u.owner = c.owner;
    u.type = static_cast<UnitType>(c.item.index);
    u.x = c.x;
    u.y = c.y;
    u.veteran = c.has(Building::barracks) && !info(u.type).civilian;
    s_.units.push_back(u);
    board_.add_unit(u);
    return u.id;
  }

  // Units that neither moved nor fought this turn, more at home.
  void heal_units() {
    for (auto& u : s_.units) {
      if (acted_.count(u.id)) continue;
      const int cid = board_.city_id(u.x, u.y);
      const bool home = cid && s_.find_city(cid)->owner == u.owner;
      u.hp = std::min(rules::kUnitMaxHp, u.hp + (home ? rules::kUnitHealInCity
                                                      : rules::kUnitHeal));
    }
  }

  // Gold: income less upkeep; a player in debt loses its newest unit.
  void pay_upkeep() {
    const int n = static_cast<int>(s_.players.size());
    std::vector<int> units(n, 0), ncities(n, 0), newest(n, 0);
    for (const auto& u : s_.units)
      if (u.type != UnitType::settler) {
        ++units[u.owner];
        newest[u.owner] = u.id;
      }
    for (const auto& c : s_.cities) ++ncities[c.owner];
    for (int p = 0; p < n; ++p) {
      auto& pl = s_.players[p];
      if (!pl.alive) continue;
      const int free_units =
          rules::kFreeUnitsBase + rules::kFreeUnitsPerCity * ncities[p];
      pl.gold += income_[p] - std::max(0, units[p] - free_units);
      if (pl.gold < 0) {
        pl.gold = 0;
        if (newest[p]) remove_unit(newest[p], "upkeep");
      }
    }
  }

  // ---- research -------------------------------------------------------
  void research_order(const Pending& p) {
    if (!admissible(p)) return;
    applied(p);
    const auto& a = std::get<SetResearch>(p.order->action);
    s_.players[p.player].research = tech_from_name(a.tech);
  }

  // The science of the turn goes to the current research.
  void accumulate_science() {
    for (std::size_t p = 0; p < s_.players.size(); ++p) {
      auto& pl = s_.players[p];
      if (!pl.alive) continue;
      int sci = science_[p];
      if (pl.knows(Tech::philosophy))
        sci += sci * rules::kPhilosophyPercent / 100;
      pl.science += sci;
      if (pl.research && pl.science >= info(*pl.research).cost) {
        pl.science -= info(*pl.research).cost;
        pl.techs |= 1u << static_cast<int>(*pl.research);
        events_.push_back(
            TechResearched{pl.name, std::string(info(*pl.research).name)});
        pl.research.reset();
      }
    }
  }

  // ---- end of turn ----------------------------------------------------
  // A player with no city and no settler is out.
  void eliminate_players() {
    const int n = static_cast<int>(s_.players.size());
    std::vector<bool> keeps(n, false);
    for (const auto& c : s_.cities) keeps[c.owner] = true;
    for (const auto& u : s_.units)
      if (u.type == UnitType::settler) keeps[u.owner] = true;
    for (int p = 0; p < n; ++p)
      if (s_.players[p].alive && !keeps[p]) eliminate(p);
  }

  void eliminate(PlayerId p) {
    auto& pl = s_.players[p];
    pl.alive = false;
    pl.research.reset();
    std::erase_if(s_.units, [&](const Unit& u) { return u.owner == p; });
    for (int q = 0; q < static_cast<int>(s_.players.size()); ++q)
      if (q != p) s_.set_war(p, q, false);
    std::erase_if(s_.proposals, [&](const PeaceProposal& pr) {
      return pr.from == p || pr.to == p;
    });
    events_.push_back(PlayerEliminated{pl.name});
    critical_ = true;
  }

  // Run after the turn number moved on.
  void expire_proposals() {
    std::erase_if(s_.proposals, [&](const PeaceProposal& pr) {
      return s_.turn - pr.turn > rules::kPeaceProposalTurns;
    });
  }

  // Conquest (at most one player left) or the last turn played.
  void check_game_over() {
    const int n = static_cast<int>(s_.players.size());
    int alive = 0;
    PlayerId last = 0;
    for (int p = 0; p < n; ++p)
      if (s_.players[p].alive) ++alive, last = p;
    std::string_view reason;
    if (alive <= 1) {
      reason = "conquest";
      if (alive == 1) s_.winner = last;
    } else if (completed_turns(s_) >= s_.max_turns) {
      reason = "max_turns";
      s_.winner = highest_score();
    }
    if (reason.empty()) return;
    s_.finished = true;
    critical_ = true;
    GameOver over{std::string(reason), std::nullopt, {}};
    if (s_.winner) over.winner = name(*s_.winner);
    for (int p = 0; p < n; ++p) over.scores.emplace_back(name(p), score(s_, p));
    events_.push_back(std::move(over));
  }

  // The alive player with the highest score; ties: more cities, then the
  // lower player id.
  std::optional<PlayerId> highest_score() const {
    std::optional<PlayerId> best;
    std::pair<int, int> best_key{-1, -1};
    for (int p = 0; p < static_cast<int>(s_.players.size()); ++p) {
      if (!s_.players[p].alive) continue;
      const auto sum = summarize(s_, p);
      const std::pair<int, int> key{sum.score, sum.cities};
      if (key > best_key) best_key = key, best = p;
    }
    return best;
  }

  State s_;
  Board board_;
  Rng rng_;
  const std::map<PlayerId, Orders>& orders_;
  Events events_;
  bool critical_ = false;
  std::vector<std::set<int>> used_units_, used_cities_;
  std::vector<bool> research_set_;
  std::vector<int> messages_, science_, income_;
  std::set<int> acted_;
  const std::vector<std::uint8_t> no_declared_;
};

}  // namespace

TurnResult resolve_turn(const State& state,
                        const std::map<PlayerId, Orders>& orders) {
  if (state.finished || state.players.empty())
    return TurnResult{state, {}, false};
  Resolver r(state, orders);
  return r.run();
}

}  // namespace fourex::game
