// Numbered SQL migrations compiled into the binary, tracked in
// schema_migrations.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace fourex::persistence {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// All migrations, ascending by version (from persistence/migrations/*.sql).
const std::vector<Migration>& migrations();

// Applies the migrations not yet applied, each in its own transaction, under
// an advisory lock so concurrent starters do not race. Returns how many ran.
int migrate(pqxx::connection& conn);

// Highest applied version, 0 when none (or no schema_migrations table).
int schema_version(pqxx::connection& conn);

// Drops the six tables and schema_migrations (fourex db drop).
void drop_all(pqxx::connection& conn);

}  // namespace fourex::persistence
