// Connection failures become DatabaseUnavailable; URLs are redacted.
#include "persistence/database.hpp"

#include <catch2/catch.hpp>

#include "persistence/batch_writer.hpp"

using namespace fourex::persistence;

namespace {
// Port 1 on loopback: nothing listens there, the connection is refused.
const std::string kClosedUrl =
    "postgresql://fourex:s3cret@127.0.0.1:1/fourex?connect_timeout=2";
}  // namespace

TEST_CASE(
    "connect to a closed port throws DatabaseUnavailable without the "
    "password",
    "[persistence][database]") {
  try {
    connect(kClosedUrl);
    FAIL("connect succeeded");
  } catch (const DatabaseUnavailable& e) {
    std::string what = e.what();
    CHECK(what.find("127.0.0.1") != std::string::npos);
    CHECK(what.find("s3cret") == std::string::npos);
  }
}

TEST_CASE("BatchWriter::write to a closed port throws DatabaseUnavailable",
          "[persistence][database]") {
  BatchWriter writer(kClosedUrl);
  WriteBatch batch;
  StatsDelta delta;
  // std::string(...): assigning a literal trips GCC 12's -Wrestrict bug.
  delta.game_id = std::string("g");
  delta.player = std::string("p");
  batch.stats.push_back(delta);
  CHECK_THROWS_AS(writer.write(batch), DatabaseUnavailable);
  // And again: the writer retries from scratch each time.
  CHECK_THROWS_AS(writer.write(batch), DatabaseUnavailable);
}

TEST_CASE("URL helpers", "[persistence][database]") {
  CHECK(libpq_url("postgresql+asyncpg://u:p@h:5/db") ==
        "postgresql://u:p@h:5/db");
  CHECK(libpq_url("postgresql://h/db") == "postgresql://h/db");
  CHECK(redact_url("postgresql://u:p@h:5/db") == "postgresql://u:***@h:5/db");
  CHECK(redact_url("postgresql://u@h:5/db") == "postgresql://u@h:5/db");
  CHECK(redact_url("postgresql://h:5/db") == "postgresql://h:5/db");
  CHECK(redact_url("host=h password=x user=u") == "host=h password=*** user=u");
}

TEST_CASE("Connection strings carry time limits unless the URL sets them",
          "[persistence][database]") {
  const std::string limits =
      "connect_timeout=5&tcp_user_timeout=15000&keepalives_idle=10"
      "&keepalives_interval=5&keepalives_count=3";
  CHECK(connection_string("postgresql+asyncpg://u@h/db") ==
        "postgresql://u@h/db?" + limits);
  CHECK(connection_string("postgresql://h/db?sslmode=disable") ==
        "postgresql://h/db?sslmode=disable&" + limits);
  auto kept = connection_string("postgresql://h/db?connect_timeout=60");
  CHECK(kept.find("connect_timeout=60&tcp_user_timeout=15000") !=
        std::string::npos);
  CHECK(kept.find("connect_timeout=5") == std::string::npos);
  // libpq's multi-host form and its parameters pass through unchanged.
  CHECK(connection_string("postgresql+asyncpg://u@h1:1,h2:2/db?"
                          "target_session_attrs=read-write&sslmode=require") ==
        "postgresql://u@h1:1,h2:2/db?target_session_attrs=read-write&"
        "sslmode=require&" +
            limits);
  CHECK(connection_string("host=h dbname=d")
            .rfind("host=h dbname=d connect_timeout=5 tcp_user_timeout=15000",
                   0) == 0);
}

TEST_CASE("SQLSTATE classification", "[persistence][database]") {
  CHECK(is_unavailable_sqlstate("08006"));
  CHECK(is_unavailable_sqlstate("57P01"));
  CHECK(is_unavailable_sqlstate("53300"));
  CHECK(is_unavailable_sqlstate("25006"));  // a demoted primary
  CHECK_FALSE(is_unavailable_sqlstate("25001"));
  CHECK_FALSE(is_unavailable_sqlstate("23505"));
  CHECK_FALSE(is_unavailable_sqlstate("57014"));  // query_canceled
  try {
    try {
      throw pqxx::broken_connection("gone");
    } catch (...) {
      rethrow_classified();
    }
  } catch (const DatabaseUnavailable&) {
    SUCCEED();
  }
  CHECK_THROWS_AS(
      [] {
        try {
          throw std::logic_error("x");
        } catch (...) {
          rethrow_classified();
        }
      }(),
      std::logic_error);
  // A commit in doubt is an outage that may have committed: its own type.
  CHECK_THROWS_AS(
      [] {
        try {
          throw pqxx::in_doubt_error("lost during COMMIT");
        } catch (...) {
          rethrow_classified();
        }
      }(),
      CommitInDoubt);
}
