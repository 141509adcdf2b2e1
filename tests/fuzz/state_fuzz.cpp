// libFuzzer target: the state parser. A state that parses must write back
// to bytes that parse again identically, and must play a turn safely.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"

using namespace fourex;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  game::State s;
  try {
    s = game::state_from_json(
        std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const game::ParseError&) {
    return 0;
  }
  const std::string json = game::to_json(s);
  fuzz::expect(game::state_from_json(json) == s);
  fuzz::play_one_turn(s, {});
  return 0;
}
