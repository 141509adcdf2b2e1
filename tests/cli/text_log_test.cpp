// LOG_FORMAT=text (the default): one line per record, whatever a client
// puts in what is logged about its request.
#include <memory>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "cli/text_log_formatter.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

TEST_CASE("text logs: control characters in a message are escaped",
          "[cli][logs][hostile]") {
  std::ostringstream out;
  spdlog::logger logger("escaping",
                        std::make_shared<spdlog::sinks::ostream_sink_st>(out));
  logger.set_formatter(fourex::cli::text_log_formatter());
  logger.info("a\nb\x1b[31m\tc\rd\x7f");
  auto line = out.str();
  CHECK(line.find(" info a\\nb\\x1b[31m\\tc\\rd\\x7f\n") != std::string::npos);
  CHECK(line.find('\n') == line.size() - 1);  // one line
}

TEST_CASE("text logs: a client's text cannot forge a line of its own",
          "[cli][logs][hostile]") {
  TestDatabase db;
  ServerProcess server(db.url(), {{"LOG_FORMAT", "text"}});
  server.start();
  ApiClient api(server.port());
  // A game id with a newline and a whole forged record after it.
  auto forged = api.invalid().get(
      "/api/v1/state?game_id=x%0a2026-01-01%2000:00:00.000%20info%20FORGED");
  CHECK(forged.status == 400);
  REQUIRE(server.stop() == 0);

  const std::regex record(
      R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [a-z]+ .*)");
  std::istringstream lines(server.log());
  bool logged = false;
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK(std::regex_match(line, record));
    CHECK(line.rfind("2026-01-01 00:00:00.000", 0) != 0);
    logged =
        logged || line.find("http GET /api/v1/state 400") != std::string::npos;
  }
  CHECK(logged);
}
