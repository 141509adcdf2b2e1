// The picks keep the order suggested_actions gave, so the result is
// canonical.
#include "game/bot.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "game/suggested_actions.hpp"
#include "game/validate.hpp"

namespace fourex::game {

namespace {

constexpr int kUsualPercent = 80;

struct PickOdds {
  std::string_view type;
  int percent;
};

constexpr std::array kPickOdds{PickOdds{"move_unit", kUsualPercent},
                               PickOdds{"attack", kUsualPercent},
                               PickOdds{"found_city", 95},
                               PickOdds{"set_production", 30},
                               PickOdds{"set_research", kUsualPercent},
                               PickOdds{"fortify", kUsualPercent},
                               PickOdds{"disband", 1},
                               PickOdds{"declare_war", 2},
                               PickOdds{"propose_peace", 10},
                               PickOdds{"accept_peace", 30},
                               PickOdds{"send_message", 5}};
static_assert(kPickOdds.size() == std::variant_size_v<Action>);

}  // namespace

int random_pick_percent(std::string_view action_type) {
  const auto* it =
      std::find_if(kPickOdds.begin(), kPickOdds.end(),
                   [&](const PickOdds& o) { return o.type == action_type; });
  return it == kPickOdds.end() ? kUsualPercent : it->percent;
}

Orders random_orders(const State& s, PlayerId p, Rng& rng) {
  const Orders suggested = suggested_actions(s, p);
  std::vector<std::size_t> order(suggested.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[rng.below(i)]);
  std::vector<bool> take(suggested.size(), false);
  std::set<int> units, cities;
  bool research = false;
  for (std::size_t i : order) {
    const Order& o = suggested[i];
    const int percent = random_pick_percent(action_name(o));
    if (static_cast<int>(rng.below(100)) >= percent) continue;
    const int u = order_unit(o), c = order_city(o);
    if (u >= 0 && !units.insert(u).second) continue;
    if (c >= 0 && !cities.insert(c).second) continue;
    if (std::holds_alternative<SetResearch>(o.action)) {
      if (research) continue;
      research = true;
    }
    take[i] = true;
  }
  Orders out;
  for (std::size_t i = 0; i < suggested.size(); ++i)
    if (take[i]) out.push_back(suggested[i]);
  return out;
}

}  // namespace fourex::game
