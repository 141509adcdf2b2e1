// The one typed configuration of fourex: flags > environment > .env > defaults.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fourex::config {

enum class LogFormat { text, json };

struct Config {
  // Database
  std::string database_url;  // normalized to a libpq URI (postgresql://...)
  bool sql_debug = false;
  bool use_persistent_game_client = true;
  bool enable_game_snapshots = true;
  int snapshot_interval = 10;
  int db_pool_size = 10;
  int db_max_overflow = 20;
  // Writers
  int writer_count = 2;
  int writer_batch_max = 512;
  int writer_linger_us = 1000;
  int writer_queue_max = 10000;
  // HTTP
  std::string host = "127.0.0.1";
  int port = 8000;
  int http_threads = 256;
  std::string admin_token;  // empty: generated at start
  std::int64_t max_body_bytes = 1 << 20;
  int rate_limit_per_s = 0;  // per token; 0 = unlimited
  // Database look-ups of tokens this node has not seen, per client address;
  // 0 = unlimited
  int token_lookups_per_s = 100;
  // HTTP connection gate (http/connection_gate.hpp)
  int http_max_connections = 4096;
  int http_connections_per_ip = 64;  // 0 = no cap
  // Proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES).
  std::vector<std::string> trusted_proxies;
  int http_header_timeout_ms = 10000;
  int http_body_timeout_ms = 30000;
  int http_keep_alive_timeout_s = 5;
  int http_write_timeout_ms = 30000;
  int http_max_header_bytes = 16384;
  int http_max_headers = 64;
  std::int64_t http_buffer_budget_bytes = std::int64_t{64} << 20;
  int http_held_share_percent = 50;
  int http_held_per_ip = 16;  // 0 = no cap
  // Who may create games: anyone (bounded per client address), or only the
  // holder of the admin token.
  bool open_game_creation = true;
  int game_creations_per_min = 30;  // per address without the admin token
  // A finished game's history is open to anyone.
  bool public_history = true;
  // Games
  int turn_timeout_ms = 0;
  int game_idle_s = 600;
  int recovery_parallelism = 4;
  // Cluster membership (every process is a node; one alone owns every game)
  int node_heartbeat_ms = 1000;
  int node_ttl_ms = 5000;
  std::string node_address;  // empty: http://<HOST, or 127.0.0.1>:<PORT>
  // Tournaments: US dollars per million tokens of an LLM model, for the
  // leaderboard's cost per game (completion and thinking tokens are output).
  struct ModelPrice {
    double input_per_mtok = 0, output_per_mtok = 0;
  };
  std::map<std::string, ModelPrice> llm_prices;
  // MCP (/mcp)
  int mcp_max_sessions = 1000;
  int mcp_session_idle_s = 1800;
  // Logging
  std::string log_level = "info";
  LogFormat log_format = LogFormat::text;
};

// A bad value: names the variable, the value and the expected form.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One documented option: its variable name, default and meaning.
struct OptionInfo {
  std::string name;
  std::string default_value;
  std::string help;
};

// Every option, in the order of .env.example and README's table.
const std::vector<OptionInfo>& options();

using Variables = std::map<std::string, std::string>;

// Parses a .env file's text (KEY=VALUE, '#' comments, optional quotes and
// `export`). Throws ConfigError on a malformed line.
Variables parse_dotenv(const std::string& text);

// Parses `--port 8000` / `--port=8000` / `--sql-debug` into variables
// (PORT=8000, SQL_DEBUG=true). Unknown flags and stray arguments are errors.
Variables parse_flags(const std::vector<std::string>& args);

// Builds a Config from layered sources; later layers win. Throws ConfigError.
Config load(const Variables& dotenv, const Variables& environment,
            const Variables& flags);

// Reads the process environment (only the names in options()).
Variables process_environment();

// Reads `.env` from `path` if it exists; empty otherwise.
Variables read_dotenv_file(const std::string& path);

// Accepts postgresql://, postgres:// and postgresql+asyncpg:// URLs and
// returns the libpq form. Throws ConfigError naming DATABASE_URL.
std::string normalize_database_url(const std::string& url);

// The URL with its password replaced by ***, for logs.
std::string redact_database_url(const std::string& url);

}  // namespace fourex::config
