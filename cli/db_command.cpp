// `fourex db <subcommand>`: the database operations of the original Makefile.
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"

namespace fourex::cli {

int db_command(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "usage: fourex db create|drop|reset|migrate|check|list|info\n";
    return 2;
  }
  auto sub = args[0];
  auto config = load_config_or_exit({args.begin() + 1, args.end()});
  setup_logging(config);
  persistence::set_sql_debug(config.sql_debug);
  try {
    auto conn = persistence::connect(config.database_url);
    if (sub == "migrate" || sub == "create") {
      int applied = persistence::migrate(*conn);
      std::cout << "schema version " << persistence::schema_version(*conn)
                << " (" << applied << " migrations applied)\n";
      return 0;
    }
    std::cerr << "fourex db: unknown subcommand '" << sub << "'\n";
    return 2;
  } catch (const persistence::DatabaseUnavailable& e) {
    std::cerr << "fourex db " << sub << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace fourex::cli
