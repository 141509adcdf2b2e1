// Applies the compiled-in migrations (migrations_data.cpp is generated from
// persistence/migrations/*.sql by CMake).
#include "persistence/migrator.hpp"

#include <set>

#include <spdlog/spdlog.h>

#include "persistence/database.hpp"
#include "persistence/statements.hpp"

namespace fourex::persistence {

int migrate(pqxx::connection& conn) {
  try {
    {
      // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can
      // still collide on the catalog's unique index.
      pqxx::work tx(conn, "migrate_bootstrap");
      sql::run_once(tx, sql::kMigrationLock);
      sql::run_once(tx, sql::kCreateSchemaMigrations);
      tx.commit();
    }
    int applied = 0;
    for (const Migration& m : migrations()) {
      // One transaction per migration, each under the advisory lock: a
      // second server starting at the same time waits, then sees the
      // version recorded and skips it.
      pqxx::work tx(conn, "migrate");
      sql::run_once(tx, sql::kMigrationLock);
      std::set<int> done;
      for (const auto& row : sql::run_once(tx, sql::kAppliedVersions)) {
        done.insert(row[0].as<int>());
      }
      if (done.count(m.version) != 0) continue;
      timed("migration " + std::to_string(m.version), m.sql,
            [&] { return tx.exec(m.sql); });
      sql::run_once(tx, sql::kRecordMigration, m.version, m.name);
      tx.commit();
      spdlog::info("applied migration {:04d}_{}", m.version, m.name);
      ++applied;
    }
    return applied;
  } catch (...) {
    rethrow_classified();
  }
}

int schema_version(pqxx::connection& conn) {
  try {
    pqxx::read_transaction tx(conn, "schema_version");
    if (!sql::run_once(tx, sql::kSchemaMigrationsExists)[0][0].as<bool>()) {
      return 0;
    }
    return sql::run_once(tx, sql::kMaxVersion)[0][0].as<int>();
  } catch (...) {
    rethrow_classified();
  }
}

void drop_all(pqxx::connection& conn) {
  try {
    pqxx::work tx(conn, "drop_all");
    sql::run_once(tx, sql::kMigrationLock);
    sql::run_once(tx, sql::kDropAll);
    tx.commit();
  } catch (...) {
    rethrow_classified();
  }
}

}  // namespace fourex::persistence
