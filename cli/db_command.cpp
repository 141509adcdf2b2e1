// `fourex db <subcommand>`: the database operations of the original Makefile
// (create, drop, reset, migrate, check, list, info) plus size, backup and
// restore, all on DATABASE_URL.
#include <iostream>
#include <string>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/db_report.hpp"
#include "cli/pg_tools.hpp"
#include "persistence/admin_reader.hpp"
#include "persistence/database.hpp"
#include "persistence/migrator.hpp"

namespace fourex::cli {
namespace {

constexpr const char* kUsage =
    "usage: fourex db <subcommand> [--json] [--yes] [options of serve]\n"
    "  create              create the tables (apply the migrations)\n"
    "  migrate             apply pending migrations\n"
    "  drop                drop every fourex table (asks; --yes otherwise)\n"
    "  reset               drop, then create (asks; --yes otherwise)\n"
    "  check               server (primary?), standbys and lag, WAL archive\n"
    "                      and backup age, schema version, size, pool\n"
    "  list                the games: id, status, turn, players, updated\n"
    "  info <game_id>      one game: players, scores, turns, snapshots...\n"
    "  size                rows and bytes per table\n"
    "  backup <file>       pg_dump in custom format to <file>\n"
    "  restore <file>      pg_restore <file> (replaces the tables)\n";

struct DbArgs {
  std::string sub;
  std::string operand;  // game id or file
  bool json = false;
  bool yes = false;
  std::vector<std::string> flags;  // for the configuration
};

bool needs_operand(const std::string& sub) {
  return sub == "info" || sub == "backup" || sub == "restore";
}

// Splits our own flags and the operand from the configuration flags.
DbArgs parse(const std::vector<std::string>& args) {
  DbArgs a;
  a.sub = args[0];
  std::size_t i = 1;
  if (needs_operand(a.sub) && i < args.size() && args[i].rfind('-', 0) != 0)
    a.operand = args[i++];
  for (; i < args.size(); ++i) {
    if (args[i] == "--json")
      a.json = true;
    else if (args[i] == "--yes" || args[i] == "-y")
      a.yes = true;
    else
      a.flags.push_back(args[i]);
  }
  return a;
}

// drop/reset destroy data: a person at a terminal types "yes"; a script
// must say --yes.
bool confirmed(const DbArgs& a, const config::Config& config) {
  if (a.yes) return true;
  auto target = config::redact_database_url(config.database_url);
  if (!::isatty(STDIN_FILENO)) {
    std::cerr << "fourex db " << a.sub << ": refusing to delete every table "
              << "of " << target << " without --yes (stdin is not a "
              << "terminal)\n";
    return false;
  }
  std::cerr << "This deletes every game in " << target
            << ". Type 'yes' to continue: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "yes") return true;
  std::cerr << "fourex db " << a.sub << ": aborted\n";
  return false;
}

int migrate_and_report(pqxx::connection& conn) {
  int applied = persistence::migrate(conn);
  std::cout << "schema version " << persistence::schema_version(conn) << " ("
            << applied << " migrations applied)\n";
  return 0;
}

int latest_schema_version() {
  const auto& all = persistence::migrations();
  return all.empty() ? 0 : all.back().version;
}

int check(pqxx::connection& conn, const DbArgs& a,
          const config::Config& config) {
  CheckReport report{persistence::server_info(conn),
                     persistence::schema_version(conn), latest_schema_version(),
                     &config, persistence::replication_info(conn)};
  print_check(std::cout, report, a.json);
  if (report.schema_version < report.latest_schema_version) {
    std::cerr << "fourex db check: schema version " << report.schema_version
              << " is behind " << report.latest_schema_version
              << ": run `fourex db migrate`\n";
    return 1;
  }
  return 0;
}

int info(pqxx::connection& conn, const DbArgs& a) {
  auto details = persistence::game_details(conn, a.operand);
  if (!details) {
    std::cerr << "fourex db info: no game '" << a.operand << "'\n";
    return 1;
  }
  print_info(std::cout, *details, a.json);
  return 0;
}

int backup_or_restore(pqxx::connection& conn, const DbArgs& a,
                      const config::Config& config) {
  int major = persistence::server_info(conn).version_num / 10000;
  bool backup = a.sub == "backup";
  auto program = pg_program(backup ? "pg_dump" : "pg_restore", major);
  std::vector<std::string> args =
      backup ? std::vector<std::string>{"--format=custom", "--no-owner",
                                        "--file=" + a.operand}
             : std::vector<std::string>{"--clean", "--if-exists", "--no-owner",
                                        "--single-transaction", a.operand};
  args.push_back("--dbname=" + config.database_url);
  int status = run_program(program, args);
  if (status != 0) {
    std::cerr << "fourex db " << a.sub << ": " << program << " exited with "
              << status << "\n";
    return 1;
  }
  std::cout << (backup ? "backed up " : "restored ")
            << config::redact_database_url(config.database_url)
            << (backup ? " to " : " from ") << a.operand << "\n";
  return 0;
}

int run(const DbArgs& a, const config::Config& config) {
  auto conn = persistence::connect(config.database_url);
  const auto& sub = a.sub;
  if (sub == "migrate" || sub == "create") return migrate_and_report(*conn);
  if (sub == "drop" || sub == "reset") {
    if (!confirmed(a, config)) return 2;
    persistence::drop_all(*conn);
    std::cout << "dropped every fourex table\n";
    return sub == "reset" ? migrate_and_report(*conn) : 0;
  }
  if (sub == "check") return check(*conn, a, config);
  if (sub == "list") {
    print_list(std::cout, persistence::game_summaries(*conn), a.json);
    return 0;
  }
  if (sub == "info") return info(*conn, a);
  if (sub == "size") {
    print_size(std::cout, persistence::server_info(*conn),
               persistence::table_sizes(*conn), a.json);
    return 0;
  }
  return backup_or_restore(*conn, a, config);
}

bool known(const std::string& sub) {
  for (const char* s : {"create", "drop", "reset", "migrate", "check", "list",
                        "info", "size", "backup", "restore"})
    if (sub == s) return true;
  return false;
}

}  // namespace

int db_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? 2 : 0;
  }
  auto a = parse(args);
  if (!known(a.sub)) {
    std::cerr << "fourex db: unknown subcommand '" << a.sub << "'\n" << kUsage;
    return 2;
  }
  if (needs_operand(a.sub) && a.operand.empty()) {
    std::cerr << "fourex db " << a.sub << ": missing "
              << (a.sub == "info" ? "<game_id>" : "<file>") << "\n";
    return 2;
  }
  auto config = load_config_or_exit(a.flags);
  setup_logging(config);
  persistence::set_sql_debug(config.sql_debug);
  try {
    return run(a, config);
  } catch (const persistence::DatabaseUnavailable& e) {
    std::cerr << "fourex db " << a.sub << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "fourex db " << a.sub << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace fourex::cli
