// Loading and validating the Config. One table of options serves the parser,
// the --help text, .env.example and README's table.
#include "config/config.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

namespace fourex::config {
namespace {

struct Option {
  OptionInfo info;
  std::function<void(Config&, const std::string&)> apply;
};

[[noreturn]] void bad(const std::string& name, const std::string& value,
                      const std::string& expected) {
  throw ConfigError(name + "=" + value + ": expected " + expected);
}

std::int64_t to_int(const std::string& name, const std::string& value,
                    std::int64_t lo, std::int64_t hi) {
  const auto expected =
      "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (value.empty()) bad(name, value, expected);
  std::size_t used = 0;
  long long parsed = 0;
  try {
    parsed = std::stoll(value, &used, 10);
  } catch (const std::exception&) {
    bad(name, value, expected);
  }
  if (used != value.size() || parsed < lo || parsed > hi)
    bad(name, value, expected);
  return parsed;
}

bool to_bool(const std::string& name, const std::string& value) {
  std::string v;
  for (char c : value) v += static_cast<char>(std::tolower(c));
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  bad(name, value, "true or false");
}

// A comma-separated list of IPv4/IPv6 addresses ("" = none).
std::vector<std::string> ip_list(const std::string& name,
                                 const std::string& value) {
  std::vector<std::string> out;
  std::stringstream in(value);
  for (std::string item; std::getline(in, item, ',');) {
    auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    item = item.substr(first, item.find_last_not_of(' ') - first + 1);
    in6_addr buf{};
    if (::inet_pton(AF_INET, item.c_str(), &buf) != 1 &&
        ::inet_pton(AF_INET6, item.c_str(), &buf) != 1)
      bad(name, value, "comma-separated IP addresses");
    out.push_back(item);
  }
  return out;
}

template <class T>
Option int_option(std::string name, T Config::*field, std::int64_t lo,
                  std::int64_t hi, std::string help) {
  Config defaults;
  auto default_value = std::to_string(defaults.*field);
  return {{name, default_value, std::move(help)},
          [name, field, lo, hi](Config& c, const std::string& v) {
            c.*field = static_cast<T>(to_int(name, v, lo, hi));
          }};
}

Option bool_option(std::string name, bool Config::*field, std::string help) {
  Config defaults;
  return {{name, defaults.*field ? "true" : "false", std::move(help)},
          [name, field](Config& c, const std::string& v) {
            c.*field = to_bool(name, v);
          }};
}

// LLM_PRICES: "model=input:output,..." (model names may hold ':', as
// Ollama's do: the prices follow the last '=').
void parse_prices(Config& c, const std::string& v) {
  const std::string expected = "model=input:output,... (dollars per million)";
  c.llm_prices.clear();
  std::istringstream entries(v);
  std::string entry;
  while (std::getline(entries, entry, ',')) {
    const auto eq = entry.rfind('=');
    const auto colon = entry.rfind(':');
    if (eq == std::string::npos || eq == 0 || colon == std::string::npos ||
        colon < eq)
      bad("LLM_PRICES", v, expected);
    try {
      std::size_t in_used = 0, out_used = 0;
      const std::string in = entry.substr(eq + 1, colon - eq - 1);
      const std::string out = entry.substr(colon + 1);
      Config::ModelPrice price{std::stod(in, &in_used),
                               std::stod(out, &out_used)};
      if (in_used != in.size() || out_used != out.size() ||
          !(price.input_per_mtok >= 0) || !(price.output_per_mtok >= 0))
        bad("LLM_PRICES", v, expected);
      c.llm_prices[entry.substr(0, eq)] = price;
    } catch (const std::logic_error&) {
      bad("LLM_PRICES", v, expected);
    }
  }
}

const std::string default_database_url =
    "postgresql://fourex:fourex@localhost:5432/fourex";

const std::vector<Option>& option_table() {
  static const std::vector<Option> table = {
      {{"DATABASE_URL", default_database_url,
        "PostgreSQL URL (postgresql://, postgres:// or "
        "postgresql+asyncpg://); several hosts (h1:5432,h2:5432) with "
        "target_session_attrs=read-write follow a failover; scripts/run "
        "starts a local cluster when unset"},
       [](Config& c, const std::string& v) {
         c.database_url = normalize_database_url(v);
       }},
      bool_option("SQL_DEBUG", &Config::sql_debug,
                  "log every SQL statement with its duration"),
      bool_option("USE_PERSISTENT_GAME_CLIENT",
                  &Config::use_persistent_game_client,
                  "fourex play --game-id continues a stored game (false: an "
                  "existing id is an error)"),
      bool_option("ENABLE_GAME_SNAPSHOTS", &Config::enable_game_snapshots,
                  "write a full-state snapshot every SNAPSHOT_INTERVAL turns"),
      int_option("SNAPSHOT_INTERVAL", &Config::snapshot_interval, 1, 100000,
                 "completed turns between periodic snapshots"),
      int_option("DB_POOL_SIZE", &Config::db_pool_size, 1, 256,
                 "connections kept open for reads and admin work"),
      int_option("DB_MAX_OVERFLOW", &Config::db_max_overflow, 0, 1024,
                 "extra short-lived read connections past DB_POOL_SIZE"),
      int_option("WRITER_COUNT", &Config::writer_count, 1, 256,
                 "database writers sharing one queue, one connection each"),
      int_option("WRITER_BATCH_MAX", &Config::writer_batch_max, 1, 100000,
                 "most jobs one writer commits in one transaction"),
      int_option("WRITER_LINGER_US", &Config::writer_linger_us, 0, 1000000,
                 "how long a writer waits to fill a batch while another "
                 "commits (microseconds)"),
      int_option("WRITER_QUEUE_MAX", &Config::writer_queue_max, 1, 10000000,
                 "writer backlog past which writes get 503 + Retry-After"),
      {{"HOST", "127.0.0.1", "address the HTTP server binds"},
       [](Config& c, const std::string& v) {
         if (v.empty()) bad("HOST", v, "an IP address or host name");
         c.host = v;
       }},
      int_option("PORT", &Config::port, 0, 65535,
                 "HTTP port (0 picks a free one)"),
      int_option("HTTP_THREADS", &Config::http_threads, 4, 4096,
                 "HTTP worker threads; a request holds one only once it has "
                 "arrived whole; long-polls and SSE streams hold one each"),
      {{"ADMIN_TOKEN", "",
        "admin bearer token; generated and printed once on stdout at start "
        "when empty (a JSON object {\"msg\",\"admin_token\"} with "
        "LOG_FORMAT=json)"},
       [](Config& c, const std::string& v) { c.admin_token = v; }},
      int_option("MAX_BODY_BYTES", &Config::max_body_bytes, 1,
                 std::int64_t{1} << 30,
                 "largest request body accepted (413 beyond)"),
      int_option("RATE_LIMIT_PER_S", &Config::rate_limit_per_s, 0, 1000000,
                 "requests per second per token (0 = unlimited; 429 beyond); "
                 "a token the node does not know counts against its client's "
                 "address"),
      int_option("TOKEN_LOOKUPS_PER_S", &Config::token_lookups_per_s, 0,
                 1000000,
                 "database look-ups per second of tokens this node has not "
                 "seen, per client address, in bursts of ten seconds' worth "
                 "(0 = unlimited); beyond, such a token is answered as "
                 "unknown"),
      int_option("HTTP_MAX_CONNECTIONS", &Config::http_max_connections, 16,
                 1000000,
                 "open connections in all; beyond, the longest idle "
                 "keep-alive connection is closed, or the new one gets 503"),
      int_option("HTTP_CONNECTIONS_PER_IP", &Config::http_connections_per_ip, 0,
                 1000000,
                 "open connections per client address (429 beyond; 0 = no "
                 "cap, e.g. behind a proxy that limits addresses itself)"),
      {{"TRUSTED_PROXIES", "",
        "comma-separated addresses of proxies (HAProxy) whose "
        "X-Forwarded-For names the client that limits and logs apply to; "
        "empty: none, the header is ignored"},
       [](Config& c, const std::string& v) {
         c.trusted_proxies = ip_list("TRUSTED_PROXIES", v);
       }},
      int_option("HTTP_HEADER_TIMEOUT_MS", &Config::http_header_timeout_ms, 100,
                 3600000,
                 "a request line and headers must arrive whole within this, "
                 "in all (408 beyond)"),
      int_option("HTTP_BODY_TIMEOUT_MS", &Config::http_body_timeout_ms, 100,
                 3600000,
                 "a body must arrive whole within this after its headers "
                 "(408 beyond)"),
      int_option("HTTP_KEEP_ALIVE_TIMEOUT_S",
                 &Config::http_keep_alive_timeout_s, 1, 3600,
                 "an idle keep-alive connection is closed after this"),
      int_option("HTTP_WRITE_TIMEOUT_MS", &Config::http_write_timeout_ms, 100,
                 3600000,
                 "longest wait for a client to take more of an answer"),
      int_option("HTTP_MAX_HEADER_BYTES", &Config::http_max_header_bytes, 1024,
                 1048576, "largest request line + headers (431 beyond)"),
      int_option("HTTP_MAX_HEADERS", &Config::http_max_headers, 8, 10000,
                 "most header fields in a request (431 beyond)"),
      int_option("HTTP_BUFFER_BUDGET_BYTES", &Config::http_buffer_budget_bytes,
                 std::int64_t{1} << 20, std::int64_t{1} << 40,
                 "bytes of unfinished requests buffered in all; a request "
                 "may pass 64 KiB only under it (503 beyond)"),
      int_option("HTTP_HELD_SHARE_PERCENT", &Config::http_held_share_percent, 1,
                 90,
                 "share of HTTP_THREADS that long-polls and event streams "
                 "may hold together; beyond, a long-poll answers at once and "
                 "a stream gets 503"),
      int_option("HTTP_HELD_PER_IP", &Config::http_held_per_ip, 0, 100000,
                 "concurrent long-polls + event streams per client address "
                 "(0 = no cap)"),
      {{"GAME_CREATION", "open",
        "who may create games: open (anyone, GAME_CREATIONS_PER_MIN per "
        "client address) or admin (the admin token only)"},
       [](Config& c, const std::string& v) {
         if (v != "open" && v != "admin")
           bad("GAME_CREATION", v, "open or admin");
         c.open_game_creation = v == "open";
       }},
      int_option("GAME_CREATIONS_PER_MIN", &Config::game_creations_per_min, 0,
                 1000000,
                 "games one client address may create per minute without the "
                 "admin token (0 = unlimited; 429 beyond)"),
      bool_option("PUBLIC_HISTORY", &Config::public_history,
                  "a finished game's turns, events, stats, replay and prompt "
                  "logs are open to anyone (false: as during the game)"),
      int_option("TURN_TIMEOUT_MS", &Config::turn_timeout_ms, 0,
                 std::numeric_limits<int>::max(),
                 "default turn deadline for new games (0 = none)"),
      int_option("GAME_IDLE_S", &Config::game_idle_s, 1, 31536000,
                 "seconds before an idle game is dropped from memory"),
      int_option("RECOVERY_PARALLELISM", &Config::recovery_parallelism, 1, 256,
                 "games rebuilt at once in the background after start"),
      int_option("NODE_HEARTBEAT_MS", &Config::node_heartbeat_ms, 10, 600000,
                 "how often this node renews its membership in the cluster "
                 "(less than NODE_TTL_MS)"),
      int_option("NODE_TTL_MS", &Config::node_ttl_ms, 100, 3600000,
                 "a node that has not renewed for this long is presumed dead "
                 "and its games are taken over by the others"),
      {{"NODE_ADDRESS", "",
        "base URL other nodes forward this node's games to (empty: "
        "http://HOST:PORT, 127.0.0.1 for HOST=0.0.0.0)"},
       [](Config& c, const std::string& v) {
         if (!v.empty() && v.rfind("http://", 0) != 0)
           bad("NODE_ADDRESS", v, "empty or an http:// base URL");
         c.node_address = v;
       }},
      {{"LLM_PRICES", "",
        "price table for tournament leaderboards: model=input:output,... in "
        "US dollars per million tokens (thinking counts as output)"},
       parse_prices},
      int_option("MCP_MAX_SESSIONS", &Config::mcp_max_sessions, 1, 1000000,
                 "open MCP sessions on /mcp (503 for a new one beyond)"),
      int_option("MCP_SESSION_IDLE_S", &Config::mcp_session_idle_s, 1, 604800,
                 "seconds before an idle MCP session ends (404 then)"),
      {{"LOG_LEVEL", "info", "trace, debug, info, warn, error or off"},
       [](Config& c, const std::string& v) {
         static const char* levels[] = {"trace", "debug", "info",
                                        "warn",  "error", "off"};
         for (const char* l : levels)
           if (v == l) {
             c.log_level = v;
             return;
           }
         bad("LOG_LEVEL", v, "trace, debug, info, warn, error or off");
       }},
      {{"LOG_FORMAT", "text", "text, or json for one object per line"},
       [](Config& c, const std::string& v) {
         if (v == "text")
           c.log_format = LogFormat::text;
         else if (v == "json")
           c.log_format = LogFormat::json;
         else
           bad("LOG_FORMAT", v, "text or json");
       }},
  };
  return table;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool known(const std::string& name) {
  for (const auto& o : option_table())
    if (o.info.name == name) return true;
  return false;
}

}  // namespace

const std::vector<OptionInfo>& options() {
  static const std::vector<OptionInfo> infos = [] {
    std::vector<OptionInfo> v;
    for (const auto& o : option_table()) v.push_back(o.info);
    return v;
  }();
  return infos;
}

Variables parse_dotenv(const std::string& text) {
  Variables vars;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
    auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0)
      throw ConfigError(".env line " + std::to_string(number) +
                        ": expected KEY=VALUE");
    auto key = trim(line.substr(0, eq));
    auto value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (auto hash = value.find(" #"); hash != std::string::npos) {
      value = trim(value.substr(0, hash));
    }
    vars[key] = value;
  }
  return vars;
}

Variables parse_flags(const std::vector<std::string>& args) {
  Variables vars;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg.rfind("--", 0) != 0)
      throw ConfigError("unexpected argument '" + arg + "'");
    auto body = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = body.find('='); eq != std::string::npos) {
      value = body.substr(eq + 1);
      body = body.substr(0, eq);
      has_value = true;
    }
    std::string name;
    for (char c : body)
      name += c == '-' ? '_' : static_cast<char>(std::toupper(c));
    if (!known(name)) throw ConfigError("unknown option --" + body);
    if (!has_value) {
      bool next_is_value =
          i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0;
      if (next_is_value) {
        value = args[++i];
      } else {
        value = "true";  // a bare boolean flag; other types reject it
      }
    }
    vars[name] = value;
  }
  return vars;
}

Config load(const Variables& dotenv, const Variables& environment,
            const Variables& flags) {
  Config config;
  config.database_url = default_database_url;
  for (const auto& option : option_table()) {
    const auto& name = option.info.name;
    for (const Variables* layer : {&dotenv, &environment, &flags}) {
      auto it = layer->find(name);
      if (it == layer->end()) continue;
      // Later layers override earlier ones; each value is still checked.
      option.apply(config, it->second);
    }
  }
  if (config.node_heartbeat_ms >= config.node_ttl_ms)
    throw ConfigError(
        "NODE_HEARTBEAT_MS=" + std::to_string(config.node_heartbeat_ms) +
        ": expected less than NODE_TTL_MS (" +
        std::to_string(config.node_ttl_ms) + ")");
  return config;
}

Variables process_environment() {
  Variables vars;
  for (const auto& option : option_table())
    if (const char* v = std::getenv(option.info.name.c_str()))
      vars[option.info.name] = v;
  return vars;
}

Variables read_dotenv_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return parse_dotenv(text.str());
}

namespace {

// One host of a DATABASE_URL's host list: [host][:port], no white space; an
// empty host means libpq's default (the unix socket).
bool host_and_port_ok(const std::string& host) {
  for (char c : host)
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  // [::1]:5432 and [::1] are IPv6 literals: the port follows the ']'.
  auto colon = host.rfind(':');
  auto bracket = host.rfind(']');
  if (colon == std::string::npos ||
      (bracket != std::string::npos && bracket > colon))
    return true;
  auto port = host.substr(colon + 1);
  return !port.empty() &&
         port.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::string normalize_database_url(const std::string& url) {
  static const char* expected =
      "postgresql://user[:password]@host[:port][,host2[:port2]...]/database"
      " (postgres:// and postgresql+asyncpg:// also accepted)";
  std::string rest;
  for (const char* scheme :
       {"postgresql+asyncpg://", "postgresql://", "postgres://"}) {
    std::string s = scheme;
    if (url.rfind(s, 0) == 0) {
      rest = url.substr(s.size());
      break;
    }
  }
  if (rest.empty()) bad("DATABASE_URL", redact_database_url(url), expected);
  // The host list: between '@' (if any) and the first '/' or '?'; libpq's
  // multi-host form separates hosts by commas, each with its own port.
  auto authority_end = rest.find_first_of("/?");
  auto authority = rest.substr(0, authority_end);
  auto at = authority.rfind('@');
  auto hosts = at == std::string::npos ? authority : authority.substr(at + 1);
  std::size_t from = 0;
  while (from <= hosts.size()) {
    auto comma = std::min(hosts.find(',', from), hosts.size());
    auto host = hosts.substr(from, comma - from);
    from = comma + 1;
    if (!host_and_port_ok(host))
      bad("DATABASE_URL", redact_database_url(url), expected);
  }
  return "postgresql://" + rest;
}

std::string redact_database_url(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  auto at = url.find('@', scheme_end);
  auto colon = url.find(':', scheme_end + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at)
    return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace fourex::config
