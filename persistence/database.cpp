// Connections, failure classification and SQL_DEBUG logging.
#include "persistence/database.hpp"

#include <atomic>
#include <mutex>
#include <optional>

#include <spdlog/spdlog.h>

namespace fourex::persistence {
namespace {

std::atomic<bool> g_sql_debug{false};

// The losses of the database and the connections after them, for every
// connection of the process (writers and the read pool).
class LossClock {
 public:
  void lost() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!since_) since_ = std::chrono::steady_clock::now();
  }
  void connected() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!since_) return;
    total_ += std::chrono::steady_clock::now() - *since_;
    since_.reset();
    ++reconnects_;
  }
  ConnectionStats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    auto total = total_;
    if (since_) total += std::chrono::steady_clock::now() - *since_;
    return {reconnects_, std::chrono::duration<double>(total).count(),
            since_.has_value()};
  }

 private:
  std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> since_;
  std::chrono::steady_clock::duration total_{};
  std::int64_t reconnects_ = 0;
};

LossClock& loss_clock() {
  static LossClock clock;
  return clock;
}

// libpq's reasons, one line: a multi-host URL gets one reason per host, each
// with an indented hint ("\n\tIs the server running...").
std::string one_line(const std::string& why) {
  std::string out;
  for (std::size_t i = 0; i < why.size(); ++i) {
    if (why[i] != '\n') {
      out += why[i] == '\t' ? ' ' : why[i];
      continue;
    }
    if (i + 1 < why.size() && why[i + 1] == '\t') continue;
    out += "; ";
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';'))
    out.pop_back();
  return out;
}

}  // namespace

std::string libpq_url(const std::string& url) {
  for (std::string_view prefix :
       {"postgresql+asyncpg://", "postgres+asyncpg://", "postgresql+psycopg://",
        "postgresql+psycopg2://"}) {
    if (url.rfind(prefix, 0) == 0) {
      return "postgresql://" + url.substr(prefix.size());
    }
  }
  return url;
}

std::string connection_string(const std::string& url) {
  static const std::pair<const char*, const char*> kDefaults[] = {
      {"connect_timeout", "5"},
      {"tcp_user_timeout", "15000"},
      {"keepalives_idle", "10"},
      {"keepalives_interval", "5"},
      {"keepalives_count", "3"}};
  std::string out = libpq_url(url);
  const bool uri = out.find("://") != std::string::npos;
  for (const auto& [key, value] : kDefaults) {
    if (out.find(std::string(key) + "=") != std::string::npos) continue;
    if (uri)
      out += (out.find('?') == std::string::npos ? '?' : '&');
    else if (!out.empty())
      out += ' ';
    out += std::string(key) + "=" + value;
  }
  return out;
}

std::string redact_url(const std::string& url) {
  // scheme://user:password@host... → scheme://user:***@host...
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    // key=value form: hide a password=... value.
    auto pos = url.find("password=");
    if (pos == std::string::npos) return url;
    auto end = url.find(' ', pos);
    return url.substr(0, pos) + "password=***" +
           (end == std::string::npos ? "" : url.substr(end));
  }
  auto authority = scheme_end + 3;
  auto at = url.find('@', authority);
  auto slash = url.find('/', authority);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) {
    return url;
  }
  auto colon = url.find(':', authority);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::unique_ptr<pqxx::connection> connect(const std::string& url) {
  try {
    auto conn = std::make_unique<pqxx::connection>(connection_string(url));
    loss_clock().connected();
    return conn;
  } catch (const pqxx::broken_connection& e) {
    loss_clock().lost();
    throw DatabaseUnavailable("cannot connect to PostgreSQL at " +
                              redact_url(url) + ": " + one_line(e.what()));
  } catch (const pqxx::sql_error& e) {
    if (is_unavailable_sqlstate(e.sqlstate())) {
      loss_clock().lost();
      throw DatabaseUnavailable("cannot connect to PostgreSQL at " +
                                redact_url(url) + ": " + one_line(e.what()));
    }
    throw;
  }
}

void set_sql_debug(bool on) {
  g_sql_debug.store(on, std::memory_order_relaxed);
}

bool sql_debug() { return g_sql_debug.load(std::memory_order_relaxed); }

void log_statement(std::string_view name, std::string_view sql,
                   std::chrono::nanoseconds took, std::size_t rows) {
  // One line per statement: runs of white space become one space, and a
  // migration's whole file is cut short.
  constexpr std::size_t kMaxText = 400;
  std::string text;
  for (char c : sql) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (text.empty() || text.back() == ' ')) continue;
    text += space ? ' ' : c;
    if (text.size() > kMaxText) {
      text += "...";
      break;
    }
  }
  spdlog::info("sql {} {:.3f} ms {} rows: {}", name,
               std::chrono::duration<double, std::milli>(took).count(), rows,
               text);
}

bool is_unavailable_sqlstate(const std::string& sqlstate) {
  // 25006 read_only_sql_transaction: the server we hold a connection to is
  // no longer the primary (a switchover demoted it); a new connection finds
  // the one that is (target_session_attrs=read-write).
  return sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0 ||
         sqlstate.rfind("53", 0) == 0 || sqlstate == "25006";
}

ConnectionStats connection_stats() { return loss_clock().stats(); }

void rethrow_classified() {
  try {
    throw;
  } catch (const DatabaseUnavailable&) {
    throw;
  } catch (const pqxx::in_doubt_error& e) {
    loss_clock().lost();
    throw CommitInDoubt(std::string("commit in doubt: ") + e.what());
  } catch (const pqxx::broken_connection& e) {
    loss_clock().lost();
    throw DatabaseUnavailable(std::string("connection lost: ") + e.what());
  } catch (const pqxx::sql_error& e) {
    if (is_unavailable_sqlstate(e.sqlstate())) {
      loss_clock().lost();
      throw DatabaseUnavailable("database unavailable (" + e.sqlstate() +
                                "): " + e.what());
    }
    throw;
  }
}

}  // namespace fourex::persistence
