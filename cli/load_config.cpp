// Config loading and logging set-up shared by every subcommand.
#include <cstdlib>
#include <iostream>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/json_log_formatter.hpp"
#include "cli/text_log_formatter.hpp"

namespace fourex::cli {

config::Config load_config_or_exit(const std::vector<std::string>& flags) {
  try {
    const char* env_file = std::getenv("ENV_FILE");
    return config::load(config::read_dotenv_file(env_file ? env_file : ".env"),
                        config::process_environment(),
                        config::parse_flags(flags));
  } catch (const config::ConfigError& e) {
    std::cerr << "fourex: " << e.what() << "\n";
    std::exit(2);
  }
}

void setup_logging(const config::Config& config) {
  auto logger = spdlog::stderr_logger_mt("fourex");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (config.log_format == config::LogFormat::json) {
    spdlog::set_formatter(std::make_unique<JsonLogFormatter>());
  } else {
    spdlog::set_formatter(text_log_formatter());
  }
}

}  // namespace fourex::cli
