// `fourex bench server` end to end on a small load: it runs, and its last
// line is the JSON object docs/benchmarks.md records, with every submission
// it counted as acknowledged found in PostgreSQL.
#include <string>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include "tests/cli/run_fourex.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

TEST_CASE("bench server prints its figures, acked == db_rows", "[cli][bench]") {
  TestDatabase db{true};
  auto r = run_fourex(
      "bench server --games 8 --players 2 --connections 4 --seconds 1 "
      "--healthz-seconds 1 --views-seconds 1",
      db.url());
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  auto last = r.out.substr(r.out.rfind("\n{") + 1);  // the last line
  rapidjson::Document d;
  d.Parse(last.c_str());
  REQUIRE_FALSE(d.HasParseError());
  for (const char* field : {"submissions_per_s",
                            "healthz_per_s",
                            "ratio",
                            "p50_ms",
                            "p99_ms",
                            "acked",
                            "db_rows",
                            "writer_batch_mean",
                            "writer_rows_mean",
                            "commit_ms_p50",
                            "healthz_cpu_us",
                            "submission_cpu_us",
                            "cpu_ratio",
                            "healthz_own_us",
                            "submission_own_us",
                            "submission_db_us",
                            "own_cpu_ratio",
                            "healthz_cs",
                            "submission_cs",
                            "views_per_s",
                            "views_ratio",
                            "view_own_us",
                            "view_cs",
                            "rss_per_game_kib",
                            "ready_after_restart_ms",
                            "recovered_all_ms"}) {
    INFO(field);
    CHECK(d.HasMember(field));
  }
  // What a request cost, by part: the server's threads by name, PostgreSQL
  // and the load generator.
  for (const char* phase : {"healthz_us_by_part", "submission_us_by_part"}) {
    INFO(phase);
    REQUIRE(d.HasMember(phase));
    REQUIRE(d[phase].IsObject());
    CHECK(d[phase].HasMember("http-worker"));
    CHECK(d[phase].HasMember("load-generator"));
  }
  CHECK(d["submission_us_by_part"].HasMember("db-writer"));
  CHECK(d["acked"].GetInt64() > 0);
  CHECK(d["acked"].GetInt64() == d["db_rows"].GetInt64());
  CHECK(d["submission_cpu_us"].GetDouble() > 0);
  CHECK(d["submission_cs"].GetDouble() > 0);
  CHECK(d["submission_own_us"].GetDouble() > 0);
  // PostgreSQL's part of a submission's CPU, on the bench's loopback.
  CHECK(d["submission_db_us"].GetDouble() > 0);
  CHECK(d["submission_db_us"].GetDouble() < d["submission_own_us"].GetDouble());
  CHECK(d["views_per_s"].GetDouble() > 0);
  CHECK(d["writer_rows_mean"].GetDouble() >=
        d["writer_batch_mean"].GetDouble());
}
