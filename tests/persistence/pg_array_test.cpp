// PgArray: array literals that PostgreSQL reads back unchanged.
#include "persistence/pg_array.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/support/test_database.hpp"

using fourex::persistence::PgArray;

TEST_CASE("PgArray builds quoted literals", "[persistence][pg_array]") {
  CHECK(PgArray{}.str() == "{}");
  CHECK(PgArray{}.add("a").add("").str() == R"({"a",""})");
  CHECK(PgArray{}.add(R"(say "hi")").str() == R"({"say \"hi\""})");
  CHECK(PgArray{}.add(R"(C:\dir)").str() == R"({"C:\\dir"})");
  CHECK(PgArray{}.add(std::int64_t{-5}).add(7).add_null().str() ==
        "{-5,7,NULL}");
  CHECK(PgArray{}.add(std::optional<std::string>{}).add("NULL").str() ==
        R"({NULL,"NULL"})");
  CHECK(PgArray{}.add(std::optional<int>{3}).str() == "{3}");
  CHECK(PgArray{}.add(true).add(false).str() == "{t,f}");
}

TEST_CASE("PgArray rejects NUL bytes", "[persistence][pg_array]") {
  PgArray a;
  CHECK_THROWS_AS(a.add(std::string("a\0b", 3)), std::invalid_argument);
}

TEST_CASE("PgArray round trips through PostgreSQL",
          "[persistence][pg_array][db]") {
  fourex::testing::TestDatabase db;
  auto conn = db.connect();
  std::vector<std::optional<std::string>> values{
      "plain",
      "",
      "\"quoted\"",
      "back\\slash\\",
      "a,b,c",
      "{braces}",
      "  spaces  ",
      "new\nline\ttab\r",
      "NULL",
      std::nullopt,
      "unicode: \xc3\xa9\xe2\x82\xac\xf0\x9f\x8e\xb2 \xe4\xb8\xad",
      "'single' \"double\" \\\" mix {,}",
  };
  PgArray arr;
  for (const auto& v : values) arr.add(v);
  pqxx::work tx(*conn);
  auto r = tx.exec_params(
      "SELECT v, v IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i)"
      " ORDER BY i",
      arr.str());
  REQUIRE(r.size() == values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    INFO("element " << i);
    if (values[i]) {
      CHECK_FALSE(r[i][1].as<bool>());
      CHECK(r[i][0].as<std::string>() == *values[i]);
    } else {
      CHECK(r[i][1].as<bool>());
    }
  }
}
