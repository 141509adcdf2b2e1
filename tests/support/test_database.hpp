// A throw-away PostgreSQL database per test: created from DATABASE_URL (an
// admin-capable URL) with a unique name, dropped in the destructor.
#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

namespace fourex::testing {

class TestDatabase {
 public:
  // Fails the current Catch2 test when DATABASE_URL is unset. With
  // migrate = true, applies persistence's migrations to the new database.
  explicit TestDatabase(bool migrate = false);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // libpq URI of the new database.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

  // A new connection to the database.
  std::unique_ptr<pqxx::connection> connect() const;

  // DATABASE_URL, or fails the current test with a clear message.
  static std::string admin_url();

  // url with its database name replaced (URI form only).
  static std::string with_database(const std::string& url,
                                   const std::string& database);

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

}  // namespace fourex::testing
