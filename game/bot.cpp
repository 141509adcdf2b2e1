// The picks keep the order legal_actions gave, so the result is canonical.
#include "game/bot.hpp"

#include <set>

#include "game/validate.hpp"
#include "game/view.hpp"

namespace fourex::game {

Orders random_orders(const State& s, PlayerId p, Rng& rng) {
  const Orders legal = legal_actions(s, p);
  std::vector<std::size_t> order(legal.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[rng.below(i)]);
  std::vector<bool> take(legal.size(), false);
  std::set<int> units, cities;
  bool research = false;
  for (std::size_t i : order) {
    const Order& o = legal[i];
    int percent = 80;
    if (std::holds_alternative<DeclareWar>(o.action)) percent = 2;
    if (std::holds_alternative<ProposePeace>(o.action)) percent = 10;
    if (std::holds_alternative<AcceptPeace>(o.action)) percent = 30;
    if (std::holds_alternative<SetProduction>(o.action)) percent = 30;
    if (std::holds_alternative<FoundCity>(o.action)) percent = 95;
    if (std::holds_alternative<SendMessage>(o.action)) percent = 5;
    if (std::holds_alternative<Disband>(o.action)) percent = 1;
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
  for (std::size_t i = 0; i < legal.size(); ++i)
    if (take[i]) out.push_back(legal[i]);
  return out;
}

}  // namespace fourex::game
