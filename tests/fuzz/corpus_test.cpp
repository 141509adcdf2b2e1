// The fuzz corpus as a regression test in every build (g++ included): each
// file of tests/fuzz/corpus/<target>/, seeds and crash-* reproducers alike,
// goes through the fuzz target's own entry point and must not throw.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "tests/fuzz/fuzz_support.hpp"

namespace {

// Feeds every file of corpus/<target> to `input`; returns the file count.
template <class Input>
int replay_corpus(const std::string& target, Input input) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::path(FOUREX_SOURCE_DIR) / "tests/fuzz/corpus" / target;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    INFO(entry.path().string());
    CHECK_NOTHROW(input(bytes.str()));
    ++files;
  }
  return files;
}

}  // namespace

TEST_CASE("the order parser's fuzz corpus replays without a finding",
          "[fuzz]") {
  CHECK(replay_corpus("orders", fourex::fuzz::orders_input) > 0);
}

TEST_CASE("the state parser's fuzz corpus replays without a finding",
          "[fuzz]") {
  CHECK(replay_corpus("state", fourex::fuzz::state_input) > 0);
}
