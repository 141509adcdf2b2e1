// docs/rules.md embeds rules_tables_markdown() between two markers and
// quotes the rules' numbers as <!--name-->value; this test keeps both in
// sync with game/. FOUREX_UPDATE_DOCS=1 rewrites the file.
#include "game/rules_doc.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <catch2/catch.hpp>

namespace {

constexpr std::string_view kBegin = "<!-- rules tables: begin -->\n";
constexpr std::string_view kEnd = "<!-- rules tables: end -->";
const std::string kPath = FOUREX_SOURCE_DIR "/docs/rules.md";

std::string read_doc() {
  std::ifstream in(kPath);
  REQUIRE(in);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The doc as game/ would write it: tables and numbers regenerated.
std::string regenerated(std::string doc) {
  const auto begin = doc.find(kBegin);
  REQUIRE(begin != std::string::npos);
  const auto from = begin + kBegin.size();
  const auto end = doc.find(kEnd, from);
  REQUIRE(end != std::string::npos);
  doc.replace(from, end - from, fourex::game::rules_tables_markdown());
  return fourex::game::with_rules_numbers(std::move(doc));
}

}  // namespace

TEST_CASE("docs/rules.md shows the tables and numbers of game/", "[rules]") {
  const std::string doc = read_doc();
  const std::string expected = regenerated(doc);
  if (const char* u = std::getenv("FOUREX_UPDATE_DOCS"); u && *u == '1')
    std::ofstream(kPath) << expected;
  INFO("run the game tests with FOUREX_UPDATE_DOCS=1 to regenerate");
  CHECK(doc == expected);
  for (const auto name : fourex::game::rules_number_names()) {
    INFO(name << " is quoted nowhere");
    CHECK(doc.find("<!--" + std::string(name) + "-->") != std::string::npos);
  }
}

TEST_CASE("rules numbers are rewritten in place, with thousands separators",
          "[rules]") {
  using fourex::game::with_rules_numbers;
  CHECK(with_rules_numbers("at most <!--kMaxOrders-->7, then") ==
        "at most <!--kMaxOrders-->1,000, then");
  CHECK(with_rules_numbers("<!--kCityMinDistance-->12,5 <!-- a note -->") ==
        "<!--kCityMinDistance-->4,5 <!-- a note -->");
  CHECK_THROWS_AS(with_rules_numbers("<!--kNoSuchRule-->1"),
                  std::invalid_argument);
}
