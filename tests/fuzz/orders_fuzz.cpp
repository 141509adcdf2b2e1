// libFuzzer target: the order parser (fuzz::orders_input).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  fourex::fuzz::orders_input(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
