#include "game/event_audience.hpp"

#include <type_traits>

namespace fourex::game {
namespace {

std::string_view owner_of(const std::variant<EventUnit, EventCity>& d) {
  return std::visit([](const auto& x) -> std::string_view { return x.owner; },
                    d);
}

// Written per kind, so that a new kind of event fails to compile here until
// someone decides who sees it.
bool seen(const Event& event, std::string_view p) {
  return std::visit(
      [p](const auto& e) -> bool {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, OrderOutcome> ||
                      std::is_base_of_v<CityRef, T> ||
                      std::is_same_v<T, TechResearched>) {
          return e.player == p;
        } else if constexpr (std::is_same_v<T, MessageSent>) {
          return e.from == p || e.to == p || e.to == "all";
        } else if constexpr (std::is_base_of_v<PlayerPair, T>) {
          return e.player == p || e.target == p;
        } else if constexpr (std::is_same_v<T, UnitRemoved>) {
          return e.unit.owner == p;
        } else if constexpr (std::is_same_v<T, Combat>) {
          return e.attacker.owner == p || owner_of(e.defender) == p;
        } else if constexpr (std::is_same_v<T, CityCaptured>) {
          return e.from == p || e.to == p;
        } else if constexpr (std::is_same_v<T, PlayerEliminated> ||
                             std::is_same_v<T, GameOver>) {
          return true;
        } else {
          static_assert(!sizeof(T), "decide who sees this kind of event");
        }
      },
      event);
}

}  // namespace

Events events_seen_by(const Events& events, std::string_view player) {
  Events out;
  for (const auto& e : events) {
    const bool is_public = std::holds_alternative<PlayerEliminated>(e) ||
                           std::holds_alternative<GameOver>(e);
    if (player.empty() ? is_public : seen(e, player)) out.push_back(e);
  }
  return out;
}

}  // namespace fourex::game
