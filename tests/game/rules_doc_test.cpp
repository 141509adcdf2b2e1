// docs/rules.md embeds rules_tables_markdown() between two markers; this
// test keeps them identical. FOUREX_UPDATE_DOCS=1 rewrites the block.
#include "game/rules_doc.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

namespace {

constexpr std::string_view kBegin = "<!-- rules tables: begin -->\n";
constexpr std::string_view kEnd = "<!-- rules tables: end -->";

}  // namespace

TEST_CASE("docs/rules.md shows the tables of rules_tables.cpp", "[rules]") {
  const std::string path = FOUREX_SOURCE_DIR "/docs/rules.md";
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string doc = buf.str();
  const auto begin = doc.find(kBegin);
  REQUIRE(begin != std::string::npos);
  REQUIRE(doc.find(kEnd) != std::string::npos);
  const auto from = begin + kBegin.size();
  const std::string tables = fourex::game::rules_tables_markdown();
  if (const char* u = std::getenv("FOUREX_UPDATE_DOCS"); u && *u == '1') {
    doc.replace(from, doc.find(kEnd) - from, tables);
    std::ofstream(path) << doc;
  }
  INFO("run the game tests with FOUREX_UPDATE_DOCS=1 to regenerate");
  CHECK(doc.substr(from, doc.find(kEnd) - from) == tables);
}
