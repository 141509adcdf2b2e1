// Is an order legal? The same checks serve submission (validate) and
// resolution (an order made void by earlier moves is skipped with the rule).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "game/board.hpp"
#include "game/orders.hpp"
#include "game/state.hpp"

namespace fourex::game {

// rule: snake_case id ("unit_not_owned", "not_at_war", ...).
struct Violation {
  std::size_t index = 0;
  std::string rule;
  std::string message;
};

struct Problem {
  std::string rule;
  std::string message;
};

// The first illegal order of the list, if any. Also: each unit and city is
// used at most once, at most one set_research, at most 5 send_message.
// An attack is legal against a player the same list declares war on.
std::optional<Violation> validate(const State& s, PlayerId p,
                                  const Orders& orders);

// Every illegal order of the list, as validate would find each one if the
// orders before it were legal (a dry run: the list is not applied).
std::vector<Violation> dry_run(const State& s, PlayerId p,
                               const Orders& orders);

// One order against the state as it is. `war_declared` (size players, may
// be empty) marks players this player declares war on in the same list.
std::optional<Problem> check_order(
    const State& s, const Board& b, PlayerId p, const Order& order,
    const std::vector<std::uint8_t>& war_declared);

// Can a city be founded on (x, y)? nullopt if so.
std::optional<Problem> check_city_site(const State& s, int x, int y);

// The player owning what stands on the tile (units first, then a city), if
// that is not p.
std::optional<PlayerId> enemy_at(const State& s, const Board& b, PlayerId p,
                                 int x, int y);

// The tech an item needs, if any.
std::optional<Tech> tech_needed(Item item);

// May the player start researching t? nullopt if so (not known yet, every
// prerequisite known).
std::optional<Problem> check_tech_choice(const Player& pl, Tech t);

// Units an order acts on (for the at-most-once rule); -1 if none.
int order_unit(const Order& o);
int order_city(const Order& o);

}  // namespace fourex::game
