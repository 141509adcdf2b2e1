// The personality bots. One shared plan (found cities, garrison them, pick
// production and research, move the rest) whose knobs (Traits) differ by
// personality; everything is picked from the suggested actions.
#include "agents/bot.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdlib>
#include <set>

#include "game/bot.hpp"
#include "game/personalities.hpp"

namespace fourex::agents {
namespace {

struct Traits {
  int target_cities;  // keeps building settlers until it has this many
  int garrison;       // military units kept in each city
  int army_per_city;  // field army beyond the garrisons
  int war_turn;       // declares war from this turn when strong; 0: never
  int scouts;         // scouts it wants exploring
  bool peaceful;      // proposes and accepts peace
  bool talks;         // sends messages
  std::vector<std::string_view> research;   // preference order
  std::vector<std::string_view> buildings;  // preference order
  std::vector<std::string_view> army;       // best unit first
};

const std::vector<std::string_view> kAttackers{
    "swordsman", "horseman", "catapult", "archer", "spearman", "warrior"};
const std::vector<std::string_view> kDefenders{"spearman", "archer",
                                               "swordsman", "warrior"};

const Traits& traits(Personality p) {
  static const std::array<Traits, 8> all{{
      // aggressive
      {3,
       1,
       3,
       10,
       1,
       false,
       false,
       {"bronze_working", "horseback_riding", "iron_working", "archery",
        "masonry", "pottery", "writing", "mathematics", "currency",
        "construction", "mysticism", "philosophy"},
       {"barracks", "granary", "walls", "temple", "library", "market"},
       kAttackers},
      // defensive
      {3,
       2,
       0,
       0,
       1,
       true,
       false,
       {"masonry", "bronze_working", "archery", "pottery", "writing",
        "mysticism", "currency", "mathematics", "construction", "iron_working",
        "philosophy", "horseback_riding"},
       {"walls", "granary", "temple", "library", "market", "barracks"},
       kDefenders},
      // explorer
      {4,
       1,
       0,
       0,
       3,
       true,
       false,
       {"pottery", "horseback_riding", "writing", "mysticism", "masonry",
        "bronze_working", "currency", "philosophy", "mathematics", "archery",
        "iron_working", "construction"},
       {"granary", "library", "temple", "market", "walls", "barracks"},
       kDefenders},
      // economic
      {4,
       1,
       0,
       0,
       1,
       true,
       false,
       {"pottery", "bronze_working", "currency", "writing", "masonry",
        "mysticism", "construction", "mathematics", "philosophy", "archery",
        "iron_working", "horseback_riding"},
       {"market", "granary", "library", "temple", "walls", "barracks"},
       kDefenders},
      // expansionist
      {8,
       1,
       0,
       0,
       1,
       true,
       false,
       {"pottery", "bronze_working", "masonry", "writing", "mysticism",
        "currency", "archery", "mathematics", "construction", "philosophy",
        "iron_working", "horseback_riding"},
       {"granary", "temple", "library", "market", "walls", "barracks"},
       kDefenders},
      // scientific
      {4,
       1,
       0,
       0,
       1,
       true,
       false,
       {"pottery", "writing", "masonry", "mysticism", "philosophy",
        "mathematics", "bronze_working", "currency", "construction", "archery",
        "iron_working", "horseback_riding"},
       {"library", "temple", "granary", "market", "walls", "barracks"},
       kDefenders},
      // diplomatic
      {4,
       1,
       0,
       0,
       1,
       true,
       true,
       {"mysticism", "pottery", "writing", "philosophy", "bronze_working",
        "currency", "masonry", "mathematics", "construction", "archery",
        "iron_working", "horseback_riding"},
       {"temple", "granary", "library", "market", "walls", "barracks"},
       kDefenders},
      // balanced
      {5,
       1,
       1,
       40,
       1,
       false,
       false,
       {"pottery", "bronze_working", "writing", "masonry", "currency",
        "mysticism", "archery", "mathematics", "iron_working", "construction",
        "philosophy", "horseback_riding"},
       {"granary", "library", "temple", "market", "walls", "barracks"},
       kAttackers},
  }};
  return all.at(static_cast<std::size_t>(p));
}

constexpr const auto& kNames = game::kPersonalities;

bool is_military(const ViewUnit& u) {
  return u.type != "settler" && u.type != "scout";
}

int dist(int x1, int y1, int x2, int y2) {
  return std::max(std::abs(x1 - x2), std::abs(y1 - y2));
}

// Unexplored tiles within r of (x, y): how much a move would reveal.
int unexplored_near(const View& v, int x, int y, int r) {
  int n = 0;
  for (int yy = y - r; yy <= y + r; ++yy)
    for (int xx = x - r; xx <= x + r; ++xx)
      if (xx >= 0 && yy >= 0 && xx < v.width && yy < v.height &&
          v.tile(xx, yy) == '?')
        ++n;
  return n;
}

// One turn's decisions: what is still free, what has been chosen.
class Plan {
 public:
  Plan(const View& v, const Traits& t, std::mt19937_64& rng,
       const std::map<std::pair<int, int>, std::string>& enemy_cities)
      : v_(v), t_(t), rng_(rng), enemy_cities_(enemy_cities) {
    for (const auto& a : v.suggested) {
      if (a.unit_id >= 0) by_unit_[a.unit_id].push_back(&a);
      if (a.city_id >= 0) by_city_[a.city_id].push_back(&a);
    }
    for (const auto& u : v.units) (v.mine(u) ? mine_ : others_).push_back(&u);
    for (const auto& c : v.cities)
      if (v.mine(c)) cities_.push_back(&c);
  }

  std::string run() {
    diplomacy();
    research();
    production();
    settlers();
    military();
    scouts();
    std::string out = "[";
    for (std::size_t i = 0; i < chosen_.size(); ++i)
      out += (i ? "," : "") + chosen_[i];
    return out + "]";
  }

 private:
  void take(const SuggestedAction* a) {
    if (a) chosen_.push_back(a->json);
  }

  const SuggestedAction* find(const std::vector<const SuggestedAction*>& list,
                              std::string_view type,
                              std::string_view value = {}) const {
    for (const auto* a : list)
      if (a->type == type && (value.empty() || a->item == value ||
                              a->tech == value || a->player == value))
        return a;
    return nullptr;
  }
  const std::vector<const SuggestedAction*>& unit_actions(int id) const {
    static const std::vector<const SuggestedAction*> none;
    auto it = by_unit_.find(id);
    return it == by_unit_.end() ? none : it->second;
  }
  const std::vector<const SuggestedAction*>& city_actions(int id) const {
    static const std::vector<const SuggestedAction*> none;
    auto it = by_city_.find(id);
    return it == by_city_.end() ? none : it->second;
  }

  int count_mine(bool (*pred)(const ViewUnit&)) const {
    return static_cast<int>(
        std::count_if(mine_.begin(), mine_.end(),
                      [&](const ViewUnit* u) { return pred(*u); }));
  }

  const ViewPlayer* strongest_rival() const {
    const ViewPlayer* best = nullptr;
    for (const auto& p : v_.players)
      if (p.relation != "self" && p.alive && (!best || p.score > best->score))
        best = &p;
    return best;
  }

  void diplomacy() {
    std::vector<const SuggestedAction*> global;
    for (const auto& a : v_.suggested)
      if (a.unit_id < 0 && a.city_id < 0) global.push_back(&a);
    const int army =
        count_mine([](const ViewUnit& u) { return is_military(u); });
    const int ncities = static_cast<int>(cities_.size());
    for (const auto& p : v_.players) {
      if (p.relation == "self" || !p.alive) continue;
      if (p.relation == "war") {
        const bool tired = army < ncities * t_.garrison;
        if (t_.peaceful || tired) {
          take(find(global, "accept_peace", p.name));
          if (!find(global, "accept_peace", p.name))
            take(find(global, "propose_peace", p.name));
        }
      }
    }
    if (t_.war_turn > 0 && v_.turn >= t_.war_turn && !v_.at_war()) {
      // War on the owner of a known city, once the field army is ready.
      const int field = army - ncities * t_.garrison;
      if (!enemy_cities_.empty() && field >= std::max(2, t_.army_per_city))
        take(find(global, "declare_war", enemy_cities_.begin()->second));
    }
    if (t_.talks && v_.turn % 10 == 1)
      chosen_.push_back(
          "{\"type\":\"send_message\",\"to\":\"all\",\"text\":\"Peace and "
          "trade to all: let us grow together.\"}");
  }

  void research() {
    if (!v_.research.empty()) return;
    std::vector<const SuggestedAction*> all;
    for (const auto& a : v_.suggested)
      if (a.type == "set_research") all.push_back(&a);
    for (auto tech : t_.research)
      if (const auto* a = find(all, "set_research", tech)) return take(a);
    if (!all.empty()) take(all.front());
  }

  // Whether the city builds `item` now or may switch to it.
  const SuggestedAction* can_build(const ViewCity& c, std::string_view item,
                                   bool& current) const {
    current = c.item == item;
    return current ? nullptr : find(city_actions(c.id), "set_production", item);
  }

  void production() {
    int settlers =
        count_mine([](const ViewUnit& u) { return u.type == "settler"; });
    int military = count_mine([](const ViewUnit& u) { return is_military(u); });
    int scouts =
        count_mine([](const ViewUnit& u) { return u.type == "scout"; });
    const int ncities = static_cast<int>(cities_.size());
    const int free_units = 1 + 2 * ncities;
    const int late = v_.max_turns > 0 ? v_.max_turns - 12 : INT_MAX;
    for (const auto* c : cities_)
      if (c->item == "settler")
        ++settlers;
      else if (c->item == "scout")
        ++scouts;
    for (const auto* c : cities_) {
      std::vector<std::string_view> wish;
      const int garrison_need = ncities * t_.garrison;
      const int army_need = garrison_need + t_.army_per_city * ncities;
      const int upkeep_room = free_units + v_.gold / 8;
      if (military < garrison_need)
        wish.insert(wish.end(), t_.army.begin(), t_.army.end());
      if (ncities + settlers < t_.target_cities && v_.turn < late &&
          (c->population >= 2 || ncities == 1 || c->item == "settler"))
        wish.push_back("settler");
      if (scouts < t_.scouts) wish.push_back("scout");
      if (military < army_need && military < upkeep_room)
        wish.insert(wish.end(), t_.army.begin(), t_.army.end());
      wish.insert(wish.end(), t_.buildings.begin(), t_.buildings.end());
      if (military < upkeep_room)
        wish.insert(wish.end(), t_.army.begin(), t_.army.end());
      for (auto item : wish) {
        bool current = false;
        const auto* a = can_build(*c, item, current);
        if (!current && !a) continue;
        take(a);
        if (item == "settler" && c->item != "settler") ++settlers;
        if (item == "scout" && c->item != "scout") ++scouts;
        if (std::find(t_.army.begin(), t_.army.end(), item) != t_.army.end() &&
            c->production + 6 >= c->item_cost)
          ++military;
        break;
      }
    }
  }

  // The move of `u` that gets closest to (x, y); null if none gets closer.
  const SuggestedAction* move_toward(const ViewUnit& u, int x, int y) const {
    const SuggestedAction* best = nullptr;
    int best_d = dist(u.x, u.y, x, y);
    for (const auto* a : unit_actions(u.id))
      if (a->type == "move_unit" && dist(a->x, a->y, x, y) < best_d)
        best = a, best_d = dist(a->x, a->y, x, y);
    return best;
  }

  const SuggestedAction* explore_move(const ViewUnit& u) const {
    const SuggestedAction* best = nullptr;
    int best_n = 0;
    for (const auto* a : unit_actions(u.id))
      if (a->type == "move_unit") {
        const int n = unexplored_near(v_, a->x, a->y, 3);
        if (n > best_n) best = a, best_n = n;
      }
    if (best) return best;
    std::vector<const SuggestedAction*> moves;
    for (const auto* a : unit_actions(u.id))
      if (a->type == "move_unit") moves.push_back(a);
    if (moves.empty()) return nullptr;
    return moves[rng_() % moves.size()];
  }

  void settlers() {
    for (const auto* u : mine_) {
      if (u->type != "settler") continue;
      const auto& acts = unit_actions(u->id);
      if (const auto* f = find(acts, "found_city")) {
        take(f);
        continue;
      }
      // suggested_actions lists the best city site in reach first.
      take(find(acts, "move_unit"));
    }
  }

  const SuggestedAction* best_attack(const ViewUnit& u) const {
    const SuggestedAction* best = nullptr;
    int best_score = INT_MIN;
    for (const auto* a : unit_actions(u.id)) {
      if (a->type != "attack") continue;
      int score = 0;
      for (const auto& c : v_.cities)
        if (c.x == a->x && c.y == a->y) score += 50 - c.hp / 4;
      for (const auto* o : others_)
        if (o->x == a->x && o->y == a->y) score += 30 - o->hp / 4 - o->strength;
      if (score > best_score) best = a, best_score = score;
    }
    return best;
  }

  void military() {
    std::vector<const ViewUnit*> free;
    for (const auto* u : mine_)
      if (is_military(*u)) free.push_back(u);
    // Garrisons first: the nearest units hold each city.
    for (const auto* c : cities_) {
      for (int k = 0; k < t_.garrison && !free.empty(); ++k) {
        auto it = std::min_element(free.begin(), free.end(),
                                   [&](const ViewUnit* a, const ViewUnit* b) {
                                     return dist(a->x, a->y, c->x, c->y) <
                                            dist(b->x, b->y, c->x, c->y);
                                   });
        const ViewUnit* unit = *it;
        free.erase(it);
        const ViewUnit& u = *unit;
        const auto& acts = unit_actions(u.id);
        if (const auto* a = best_attack(u);
            a && dist(u.x, u.y, c->x, c->y) == 0 && u.range > 1)
          take(a);  // ranged defenders shoot from the walls
        else if (u.x == c->x && u.y == c->y)
          take(find(acts, "fortify"));
        else
          take(move_toward(u, c->x, c->y));
      }
    }
    for (const auto* u : free) {
      if (const auto* a = best_attack(*u)) {
        take(a);
        continue;
      }
      if (const auto* target = nearest_target(*u)) {
        if (const auto* m = move_toward(*u, target->first, target->second)) {
          take(m);
          continue;
        }
      }
      if (t_.war_turn > 0 || t_.scouts > 1) {
        take(explore_move(*u));
      } else if (const auto* home = nearest_city(*u);
                 home && dist(u->x, u->y, home->x, home->y) > 1) {
        take(move_toward(*u, home->x, home->y));
      } else {
        take(find(unit_actions(u->id), "fortify"));
      }
    }
  }

  const std::pair<int, int>* nearest_target(const ViewUnit& u) {
    if (!v_.at_war()) return nullptr;
    targets_.clear();
    for (const auto* o : others_)
      if (relation(o->owner) == "war") targets_.push_back({o->x, o->y});
    for (const auto& [pos, owner] : enemy_cities_)
      if (relation(owner) == "war") targets_.push_back(pos);
    const std::pair<int, int>* best = nullptr;
    int best_d = INT_MAX;
    for (const auto& t : targets_)
      if (dist(u.x, u.y, t.first, t.second) < best_d)
        best = &t, best_d = dist(u.x, u.y, t.first, t.second);
    return best;
  }

  const ViewCity* nearest_city(const ViewUnit& u) const {
    const ViewCity* best = nullptr;
    for (const auto* c : cities_)
      if (!best ||
          dist(u.x, u.y, c->x, c->y) < dist(u.x, u.y, best->x, best->y))
        best = c;
    return best;
  }

  std::string relation(const std::string& player) const {
    for (const auto& p : v_.players)
      if (p.name == player) return p.relation;
    return {};
  }

  void scouts() {
    for (const auto* u : mine_)
      if (u->type == "scout") take(explore_move(*u));
  }

  const View& v_;
  const Traits& t_;
  std::mt19937_64& rng_;
  const std::map<std::pair<int, int>, std::string>& enemy_cities_;
  std::map<int, std::vector<const SuggestedAction*>> by_unit_, by_city_;
  std::vector<const ViewUnit*> mine_, others_;
  std::vector<const ViewCity*> cities_;
  std::vector<std::pair<int, int>> targets_;
  std::vector<std::string> chosen_;
};

// The baseline: a random subset of suggested_actions, each unit and city at
// most once, with the odds of game::random_orders except that it never
// disbands (a baseline that weakens itself by chance would flatter the
// personalities measured against it).
std::string random_orders(const View& v, std::mt19937_64& rng) {
  std::vector<const SuggestedAction*> order;
  for (const auto& a : v.suggested) order.push_back(&a);
  std::shuffle(order.begin(), order.end(), rng);
  std::set<int> units, cities;
  bool research = false;
  std::string out = "[";
  for (const auto* a : order) {
    const int percent =
        a->type == "disband" ? 0 : game::random_pick_percent(a->type);
    if (static_cast<int>(rng() % 100) >= percent) continue;
    if (a->unit_id >= 0 && !units.insert(a->unit_id).second) continue;
    if (a->city_id >= 0 && !cities.insert(a->city_id).second) continue;
    if (a->type == "set_research") {
      if (research) continue;
      research = true;
    }
    out += (out.size() > 1 ? "," : "") + a->json;
  }
  return out + "]";
}

}  // namespace

std::optional<Personality> personality_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Personality>(i);
  return std::nullopt;
}

std::string_view personality_name(Personality p) {
  return kNames.at(static_cast<std::size_t>(p));
}

const std::vector<Personality>& all_personalities() {
  static const std::vector<Personality> all = [] {
    std::vector<Personality> v;
    for (std::size_t i = 0; i < kNames.size(); ++i)
      v.push_back(static_cast<Personality>(i));
    return v;
  }();
  return all;
}

Bot::Bot(Personality personality, std::uint64_t seed)
    : personality_(personality), rng_(seed) {}

std::string Bot::decide(const View& view) {
  if (personality_ == Personality::random) return random_orders(view, rng_);
  for (const auto& c : view.cities) {
    if (view.mine(c))
      enemy_cities_.erase({c.x, c.y});
    else
      enemy_cities_[{c.x, c.y}] = c.owner;
  }
  return Plan(view, traits(personality_), rng_, enemy_cities_).run();
}

}  // namespace fourex::agents
