// TestDatabase (see test_database.hpp).
#include "tests/support/test_database.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <random>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "persistence/database.hpp"
#include "persistence/migrator.hpp"

namespace fourex::testing {
namespace {

std::string unique_name() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  std::uniform_int_distribution<unsigned> dist(0, 0xffffff);
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%06x", dist(rd));
  return "fourex_test_" + std::to_string(::getpid()) + "_" +
         std::to_string(counter++) + "_" + suffix;
}

}  // namespace

std::string TestDatabase::admin_url() {
  const char* env = std::getenv("DATABASE_URL");
  if (env == nullptr || *env == '\0') {
    FAIL(
        "DATABASE_URL is not set: point it at an admin-capable PostgreSQL "
        "URL, e.g. postgresql://fourex@127.0.0.1:55432/fourex "
        "(scripts/pg start; export DATABASE_URL=$(scripts/pg url))");
  }
  return persistence::libpq_url(env);
}

std::string TestDatabase::with_database(const std::string& url,
                                        const std::string& database) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) {
    throw std::invalid_argument("DATABASE_URL must be a postgresql:// URI");
  }
  auto path = url.find('/', scheme + 3);
  auto query = url.find('?', scheme + 3);
  if (path == std::string::npos ||
      (query != std::string::npos && query < path)) {
    // No database in the URL: insert one before the query string.
    std::string tail = query == std::string::npos ? "" : url.substr(query);
    return url.substr(0, query) + "/" + database + tail;
  }
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, path) + "/" + database + tail;
}

TestDatabase::TestDatabase(bool migrate)
    : admin_url_(admin_url()), name_(unique_name()) {
  url_ = with_database(admin_url_, name_);
  {
    auto admin = persistence::connect(admin_url_);
    pqxx::nontransaction tx(*admin);
    // CREATE DATABASE cannot run in a transaction; the name is ours, quoted.
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  }
  if (migrate) {
    auto conn = connect();
    persistence::migrate(*conn);
  }
}

TestDatabase::~TestDatabase() {
  try {
    auto admin = persistence::connect(admin_url_);
    pqxx::nontransaction tx(*admin);
    tx.exec_params(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = $1 AND pid <> pg_backend_pid()",
        name_);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) +
            " WITH (FORCE)");
  } catch (const std::exception& e) {
    // Not WARN: this may run outside a test case's context.
    std::fprintf(stderr, "could not drop test database %s: %s\n", name_.c_str(),
                 e.what());
  }
}

std::unique_ptr<pqxx::connection> TestDatabase::connect() const {
  return persistence::connect(url_);
}

}  // namespace fourex::testing
