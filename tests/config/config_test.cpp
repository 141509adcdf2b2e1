// Config: every variable parses, layers override in order, every bad value
// is refused with a message naming the variable, the value and the form.
#include "config/config.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

using namespace fourex::config;

namespace {

Config from_env(const Variables& env) { return load({}, env, {}); }

std::string error_of(const Variables& env) {
  try {
    from_env(env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("defaults match the original design") {
  auto c = load({}, {}, {});
  CHECK(c.enable_game_snapshots);
  CHECK(c.snapshot_interval == 10);
  CHECK(c.db_pool_size == 10);
  CHECK(c.db_max_overflow == 20);
  CHECK(c.writer_count == 2);
  CHECK(c.port == 8000);
  CHECK(c.host == "127.0.0.1");
  CHECK_FALSE(c.sql_debug);
  CHECK(c.use_persistent_game_client);
  CHECK(c.max_body_bytes == 1 << 20);
  CHECK(c.log_format == LogFormat::text);
  CHECK(c.database_url == "postgresql://fourex:fourex@localhost:5432/fourex");
}

TEST_CASE("every variable is read") {
  auto c = from_env({{"DATABASE_URL", "postgres://u:p@db:6543/x"},
                     {"SQL_DEBUG", "true"},
                     {"USE_PERSISTENT_GAME_CLIENT", "false"},
                     {"ENABLE_GAME_SNAPSHOTS", "0"},
                     {"SNAPSHOT_INTERVAL", "5"},
                     {"DB_POOL_SIZE", "3"},
                     {"DB_MAX_OVERFLOW", "7"},
                     {"WRITER_COUNT", "5"},
                     {"WRITER_BATCH_MAX", "64"},
                     {"WRITER_LINGER_US", "250"},
                     {"WRITER_QUEUE_MAX", "99"},
                     {"HOST", "0.0.0.0"},
                     {"PORT", "9001"},
                     {"HTTP_THREADS", "32"},
                     {"ADMIN_TOKEN", "secret"},
                     {"MAX_BODY_BYTES", "4096"},
                     {"RATE_LIMIT_PER_S", "5"},
                     {"TURN_TIMEOUT_MS", "1500"},
                     {"GAME_IDLE_S", "60"},
                     {"RECOVERY_PARALLELISM", "2"},
                     {"NODE_HEARTBEAT_MS", "200"},
                     {"NODE_TTL_MS", "1500"},
                     {"NODE_ADDRESS", "http://10.0.0.7:9001"},
                     {"MCP_MAX_SESSIONS", "12"},
                     {"MCP_SESSION_IDLE_S", "90"},
                     {"LOG_LEVEL", "debug"},
                     {"LOG_FORMAT", "json"}});
  CHECK(c.database_url == "postgresql://u:p@db:6543/x");
  CHECK(c.sql_debug);
  CHECK_FALSE(c.use_persistent_game_client);
  CHECK_FALSE(c.enable_game_snapshots);
  CHECK(c.snapshot_interval == 5);
  CHECK(c.db_pool_size == 3);
  CHECK(c.db_max_overflow == 7);
  CHECK(c.writer_count == 5);
  CHECK(c.writer_batch_max == 64);
  CHECK(c.writer_linger_us == 250);
  CHECK(c.writer_queue_max == 99);
  CHECK(c.host == "0.0.0.0");
  CHECK(c.port == 9001);
  CHECK(c.http_threads == 32);
  CHECK(c.admin_token == "secret");
  CHECK(c.max_body_bytes == 4096);
  CHECK(c.rate_limit_per_s == 5);
  CHECK(c.turn_timeout_ms == 1500);
  CHECK(c.game_idle_s == 60);
  CHECK(c.recovery_parallelism == 2);
  CHECK(c.node_heartbeat_ms == 200);
  CHECK(c.node_ttl_ms == 1500);
  CHECK(c.node_address == "http://10.0.0.7:9001");
  CHECK(c.mcp_max_sessions == 12);
  CHECK(c.mcp_session_idle_s == 90);
  CHECK(c.log_level == "debug");
  CHECK(c.log_format == LogFormat::json);
}

TEST_CASE("every option is documented with a default") {
  for (const auto& o : options()) {
    INFO(o.name);
    CHECK_FALSE(o.help.empty());
  }
  CHECK(options().size() == 44);
}

TEST_CASE("TRUSTED_PROXIES is a list of IP addresses") {
  auto c = from_env({{"TRUSTED_PROXIES", " 10.0.0.2,::1 ,"}});
  CHECK(c.trusted_proxies == std::vector<std::string>{"10.0.0.2", "::1"});
  CHECK(from_env({}).trusted_proxies.empty());
  CHECK_THROWS_WITH(from_env({{"TRUSTED_PROXIES", "10.0.0.2,haproxy"}}),
                    Catch::Contains("TRUSTED_PROXIES"));
}

TEST_CASE("flags override the environment, which overrides .env") {
  auto dotenv = parse_dotenv("PORT=1000\nSNAPSHOT_INTERVAL=3\nHOST=10.0.0.1\n");
  Variables env = {{"PORT", "2000"}, {"SNAPSHOT_INTERVAL", "4"}};
  auto flags = parse_flags({"--port", "3000"});
  auto c = load(dotenv, env, flags);
  CHECK(c.port == 3000);
  CHECK(c.snapshot_interval == 4);
  CHECK(c.host == "10.0.0.1");
}

TEST_CASE("flags take both --name value and --name=value forms") {
  auto flags = parse_flags(
      {"--snapshot-interval=7", "--sql-debug", "--log-level", "warn"});
  CHECK(flags.at("SNAPSHOT_INTERVAL") == "7");
  CHECK(flags.at("SQL_DEBUG") == "true");
  CHECK(flags.at("LOG_LEVEL") == "warn");
  CHECK_THROWS_WITH(parse_flags({"--no-such-thing"}),
                    Catch::Contains("unknown option --no-such-thing"));
  CHECK_THROWS_WITH(parse_flags({"stray"}), Catch::Contains("stray"));
}

TEST_CASE(".env files: comments, quotes, export, blank lines") {
  auto vars = parse_dotenv(
      "# a comment\n\nexport PORT=8100\nADMIN_TOKEN=\"a b c\"\n"
      "LOG_LEVEL='warn'\nHOST=127.0.0.2 # trailing comment\n");
  CHECK(vars.at("PORT") == "8100");
  CHECK(vars.at("ADMIN_TOKEN") == "a b c");
  CHECK(vars.at("LOG_LEVEL") == "warn");
  CHECK(vars.at("HOST") == "127.0.0.2");
  CHECK_THROWS_WITH(parse_dotenv("JUSTAWORD\n"),
                    Catch::Contains(".env line 1"));
  CHECK_THROWS_WITH(parse_dotenv("PORT=1\n=8000\n"),
                    Catch::Contains(".env line 2: expected KEY=VALUE"));
}

TEST_CASE("a flag that needs a value and has none is refused by its type") {
  // A bare flag reads as "true": right for booleans, an error for others.
  auto flags = parse_flags({"--port", "--sql-debug"});
  CHECK(flags.at("PORT") == "true");
  CHECK_THROWS_WITH(load({}, {}, flags), Catch::StartsWith("PORT=true:"));
  CHECK_THROWS_WITH(load({}, {}, parse_flags({"--port"})),
                    Catch::StartsWith("PORT=true: expected"));
}

TEST_CASE("DATABASE_URL accepts the three URL forms") {
  CHECK(normalize_database_url(
            "postgresql+asyncpg://fourex:fourex@localhost:5432/fourex") ==
        "postgresql://fourex:fourex@localhost:5432/fourex");
  CHECK(normalize_database_url("postgres://h/db") == "postgresql://h/db");
  CHECK(normalize_database_url("postgresql://u@127.0.0.1:55432/x") ==
        "postgresql://u@127.0.0.1:55432/x");
}

TEST_CASE("DATABASE_URL accepts libpq's multi-host form, parameters as given") {
  const std::string ha =
      "postgresql://u:pw@10.0.0.1:5432,10.0.0.2:5433,[::1]:5434/db"
      "?target_session_attrs=read-write&sslmode=verify-full";
  CHECK(normalize_database_url(ha) == ha);
  CHECK(normalize_database_url("postgresql+asyncpg://u@h1,h2:6000/db") ==
        "postgresql://u@h1,h2:6000/db");
  CHECK(redact_database_url(ha) ==
        "postgresql://u:***@10.0.0.1:5432,10.0.0.2:5433,[::1]:5434/db"
        "?target_session_attrs=read-write&sslmode=verify-full");
  CHECK(error_of({{"DATABASE_URL", "postgresql://h1:5432,h2:x/db"}})
            .find("DATABASE_URL=") == 0);
  CHECK(error_of({{"DATABASE_URL", "postgresql://h1:,h2:5432/db"}})
            .find("DATABASE_URL=") == 0);
}

TEST_CASE("bad values name the variable, the value and the expected form") {
  CHECK(error_of({{"DATABASE_URL", "nonsense"}}) ==
        "DATABASE_URL=nonsense: expected postgresql://user[:password]@host"
        "[:port][,host2[:port2]...]/database (postgres:// and "
        "postgresql+asyncpg:// also accepted)");
  CHECK(error_of({{"DATABASE_URL", "postgresql://h:notaport/db"}})
            .find("DATABASE_URL=") == 0);
  CHECK(error_of({{"PORT", "abc"}}) ==
        "PORT=abc: expected an integer from 0 to 65535");
  CHECK(error_of({{"PORT", "70000"}}).find("PORT=70000") == 0);
  CHECK(error_of({{"PORT", "80x"}}).find("PORT=80x") == 0);
  CHECK(error_of({{"SNAPSHOT_INTERVAL", "0"}}).find("SNAPSHOT_INTERVAL=0") ==
        0);
  CHECK(error_of({{"DB_POOL_SIZE", "-1"}}).find("DB_POOL_SIZE=-1") == 0);
  CHECK(error_of({{"DB_MAX_OVERFLOW", ""}}).find("DB_MAX_OVERFLOW=") == 0);
  CHECK(error_of({{"SQL_DEBUG", "maybe"}}) ==
        "SQL_DEBUG=maybe: expected true or false");
  CHECK(error_of({{"ENABLE_GAME_SNAPSHOTS", "2"}})
            .find("ENABLE_GAME_SNAPSHOTS=2") == 0);
  CHECK(error_of({{"USE_PERSISTENT_GAME_CLIENT", "x"}})
            .find("USE_PERSISTENT_GAME_CLIENT=x") == 0);
  CHECK(error_of({{"HTTP_THREADS", "1"}}).find("HTTP_THREADS=1") == 0);
  CHECK(error_of({{"MAX_BODY_BYTES", "0"}}).find("MAX_BODY_BYTES=0") == 0);
  CHECK(error_of({{"TURN_TIMEOUT_MS", "-5"}}).find("TURN_TIMEOUT_MS=-5") == 0);
  CHECK(error_of({{"GAME_IDLE_S", "0"}}).find("GAME_IDLE_S=0") == 0);
  CHECK(error_of({{"LOG_LEVEL", "loud"}}) ==
        "LOG_LEVEL=loud: expected trace, debug, info, warn, error or off");
  CHECK(error_of({{"LOG_FORMAT", "xml"}}) ==
        "LOG_FORMAT=xml: expected text or json");
  CHECK(error_of({{"HOST", ""}}).find("HOST=") == 0);
  CHECK(error_of({{"WRITER_BATCH_MAX", "0"}}).find("WRITER_BATCH_MAX=0") == 0);
  CHECK(error_of({{"WRITER_LINGER_US", "-1"}}).find("WRITER_LINGER_US=-1") ==
        0);
  CHECK(error_of({{"WRITER_QUEUE_MAX", "0"}}).find("WRITER_QUEUE_MAX=0") == 0);
  CHECK(error_of({{"RATE_LIMIT_PER_S", "-1"}}).find("RATE_LIMIT_PER_S=-1") ==
        0);
  CHECK(error_of({{"RECOVERY_PARALLELISM", "0"}})
            .find("RECOVERY_PARALLELISM=0") == 0);
  CHECK(error_of({{"NODE_TTL_MS", "50"}}).find("NODE_TTL_MS=50") == 0);
  CHECK(error_of({{"NODE_HEARTBEAT_MS", "5000"}})
            .find("NODE_HEARTBEAT_MS=5000: expected less than NODE_TTL_MS") ==
        0);
  CHECK(error_of({{"NODE_ADDRESS", "10.0.0.1:8000"}})
            .find("NODE_ADDRESS=10.0.0.1:8000") == 0);
}

TEST_CASE("passwords are redacted for logs") {
  CHECK(redact_database_url("postgresql://u:secret@h:5432/db") ==
        "postgresql://u:***@h:5432/db");
  CHECK(redact_database_url("postgresql://u@h/db") == "postgresql://u@h/db");
}

TEST_CASE(".env.example lists every option with its default") {
  auto vars =
      read_dotenv_file(std::string(FOUREX_SOURCE_DIR) + "/.env.example");
  for (const auto& o : options()) {
    INFO(o.name);
    // DATABASE_URL and ADMIN_TOKEN are commented out: unset has a meaning.
    if (o.name == "DATABASE_URL" || o.name == "ADMIN_TOKEN") continue;
    REQUIRE(vars.count(o.name) == 1);
    CHECK(vars.at(o.name) == o.default_value);
  }
  CHECK_NOTHROW(load(vars, {}, {}));
}

TEST_CASE(
    "README's configuration table lists every option as fourex help does") {
  std::ifstream readme(std::string(FOUREX_SOURCE_DIR) + "/README.md");
  std::map<std::string, std::pair<std::string, std::string>> rows;
  std::string line;
  while (std::getline(readme, line)) {
    // | `NAME` | default | meaning |
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream cells_in(line.substr(1));
    std::string cell;
    while (std::getline(cells_in, cell, '|')) {
      cell.erase(std::remove(cell.begin(), cell.end(), '`'), cell.end());
      auto first = cell.find_first_not_of(' ');
      auto last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos
                          ? ""
                          : cell.substr(first, last - first + 1));
    }
    if (cells.size() >= 3) rows[cells[0]] = {cells[1], cells[2]};
  }
  for (const auto& o : options()) {
    INFO(o.name);
    REQUIRE(rows.count(o.name) == 1);
    if (o.name != "ADMIN_TOKEN") CHECK(rows[o.name].first == o.default_value);
    CHECK(rows[o.name].second == o.help);
  }
}

TEST_CASE("LLM_PRICES is a price table per model") {
  CHECK(from_env({}).llm_prices.empty());
  auto c = from_env({{"LLM_PRICES", "gpt-4o=2.5:10,qwen2.5:7b=0:0.5"}});
  REQUIRE(c.llm_prices.size() == 2);
  CHECK(c.llm_prices.at("gpt-4o").input_per_mtok == 2.5);
  CHECK(c.llm_prices.at("gpt-4o").output_per_mtok == 10);
  // A model name may hold ':' (Ollama's do): the price is after the '='.
  CHECK(c.llm_prices.at("qwen2.5:7b").output_per_mtok == 0.5);
  for (const char* bad :
       {"gpt", "gpt=1", "=1:2", "gpt=a:1", "gpt=1:-2", "gpt=1:2x"}) {
    INFO(bad);
    CHECK(error_of({{"LLM_PRICES", bad}}).rfind("LLM_PRICES=", 0) == 0);
  }
}
