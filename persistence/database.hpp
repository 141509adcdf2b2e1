// Opening libpqxx connections, classifying failures, SQL_DEBUG logging.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <pqxx/pqxx>

namespace fourex::persistence {

// The database could not be reached or the transaction's fate is unknown:
// the caller may retry later (HTTP 503).
class DatabaseUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The connection broke during COMMIT: the transaction may or may not have
// been committed. Rewriting the same rows is safe (resends are recognised).
class CommitInDoubt : public DatabaseUnavailable {
 public:
  using DatabaseUnavailable::DatabaseUnavailable;
};

// Opens a connection (libpq URI; the SQLAlchemy form postgresql+asyncpg://
// is accepted too). Throws DatabaseUnavailable, whose message names the
// server but never the password.
std::unique_ptr<pqxx::connection> connect(const std::string& url);

// postgresql+asyncpg://... → postgresql://...; anything else unchanged.
std::string libpq_url(const std::string& url);

// The libpq connection string for `url`: libpq_url, plus time limits the
// URL does not set itself, so that a dead or stalled server fails a call in
// seconds instead of hanging it: connect_timeout=5 and tcp_user_timeout of
// 15 s (unacknowledged data), with TCP keepalives after 10 s idle.
std::string connection_string(const std::string& url);

// The URL with its password (if any) replaced by "***", for messages.
std::string redact_url(const std::string& url);

// How the connections fared since start, for /metrics and the overview:
// `reconnects` counts connections opened after the database was lost (a
// failover or an outage: a connection broke, or none could be opened), and
// `without_primary_s` the seconds from each loss to the next connection
// that worked, plus the current loss when `losing`.
struct ConnectionStats {
  std::int64_t reconnects = 0;
  double without_primary_s = 0;
  bool losing = false;
};
ConnectionStats connection_stats();

// When on, every statement run through this layer is logged with its duration.
void set_sql_debug(bool on);
bool sql_debug();

// Logs one statement (spdlog info): its name, duration, row count and SQL
// text on one line.
void log_statement(std::string_view name, std::string_view sql,
                   std::chrono::nanoseconds took, std::size_t rows);

// Runs f (one statement `sql`, returning pqxx::result) and logs it when
// SQL_DEBUG is on.
template <typename F>
pqxx::result timed(std::string_view name, std::string_view sql, F&& f) {
  if (!sql_debug()) return std::forward<F>(f)();
  auto start = std::chrono::steady_clock::now();
  pqxx::result r = std::forward<F>(f)();
  log_statement(name, sql, std::chrono::steady_clock::now() - start, r.size());
  return r;
}

// True when the SQLSTATE means the server is gone or cannot serve us now
// (classes 08 connection exception, 57P operator intervention, 53
// insufficient resources, and 25006: a read-only server, a demoted primary).
bool is_unavailable_sqlstate(const std::string& sqlstate);

// Rethrows the current exception as DatabaseUnavailable when it means the
// server is gone (broken_connection, the SQLSTATEs above), as
// CommitInDoubt for in_doubt_error; otherwise rethrows it unchanged.
[[noreturn]] void rethrow_classified();

// f(tx) in one read-only transaction named `name`, failures classified.
template <typename F>
auto read_only(pqxx::connection& conn, const char* name, F&& f) {
  try {
    pqxx::read_transaction tx(conn, name);
    return f(tx);
  } catch (...) {
    rethrow_classified();
  }
}

}  // namespace fourex::persistence
