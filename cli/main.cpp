// fourex: one binary, subcommands. Each subcommand lives in its own file.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" ||
      args[0] == "-h") {
    fourex::cli::print_usage(std::cout);
    return args.empty() ? 2 : 0;
  }
  auto command = args[0];
  args.erase(args.begin());
  if (command == "serve") return fourex::cli::serve_command(args);
  if (command == "db") return fourex::cli::db_command(args);
  if (command == "bench") return fourex::cli::bench_command(args);
  if (command == "play") return fourex::cli::play_command(args);
  if (command == "export") return fourex::cli::export_command(args);
  if (command == "verify") return fourex::cli::verify_command(args);
  if (command == "tournament") return fourex::cli::tournament_command(args);
  if (command == "version" || command == "--version") {
    std::cout << "fourex " << FOUREX_VERSION << "\n";
    return 0;
  }
  std::cerr << "fourex: unknown command '" << command << "'\n";
  fourex::cli::print_usage(std::cerr);
  return 2;
}
