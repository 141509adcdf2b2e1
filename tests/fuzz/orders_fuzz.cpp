// libFuzzer target: the order parser, then validate and resolve_turn on
// whatever parsed, against a small fixed game.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"

using namespace fourex;

namespace {

const game::State& small_game() {
  static const game::State s = [] {
    game::GameConfig c;
    c.players = {{"A", ""}, {"B", ""}, {"C", ""}};
    c.width = c.height = 8;
    c.seed = 5;
    game::State st = game::new_game(c);
    st.set_war(0, 1, true);
    return st;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  game::Orders orders;
  try {
    orders = game::parse_orders(
        std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const game::ParseError&) {
    return 0;
  }
  // What parsed writes back canonically and parses to the same orders.
  const std::string json = game::orders_to_json(orders);
  fuzz::expect(game::parse_orders(json) == orders);
  fuzz::expect(game::orders_to_json(game::parse_orders(json)) == json);
  const auto& s = small_game();
  (void)game::validate(s, 0, orders);
  fuzz::play_one_turn(s, {{0, orders}});
  return 0;
}
