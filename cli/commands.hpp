// The subcommands of the fourex binary; each returns the process exit code.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace fourex::cli {

void print_usage(std::ostream& out);

int serve_command(const std::vector<std::string>& args);
int db_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);
int play_command(const std::vector<std::string>& args);
int export_command(const std::vector<std::string>& args);
int verify_command(const std::vector<std::string>& args);
int tournament_command(const std::vector<std::string>& args);

// Loads the Config from flags, environment and ./.env (ENV_FILE overrides the
// path). On a bad value prints one line to stderr and exits with status 2.
config::Config load_config_or_exit(const std::vector<std::string>& flags);

// Sets up spdlog from LOG_LEVEL and LOG_FORMAT.
void setup_logging(const config::Config& config);

}  // namespace fourex::cli
