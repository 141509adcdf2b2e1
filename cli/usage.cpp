// `fourex help`: the subcommands and every configuration variable.
#include <iomanip>
#include <ostream>

#include "cli/commands.hpp"

namespace fourex::cli {

void print_usage(std::ostream& out) {
  out << "usage: fourex <command> [options]\n\n"
         "commands:\n"
         "  serve            run the game server (HTTP API on HOST:PORT)\n"
         "  db <subcommand>  create | drop | reset | migrate | check | list |\n"
         "                   info <game_id> | size | backup <file> |\n"
         "                   restore <file> (fourex db --help)\n"
         "  bench <name>     engine | server: print a JSON line of figures\n"
         "  play [options]   play agent games against a server (fourex play\n"
         "                   --help; docs/agents.md)\n"
         "  export <game_id|tournament_id>\n"
         "                   write the result bundle (--out FILE,\n"
         "                   --prompt-logs; docs/bundles.md)\n"
         "  verify <file>    replay a result bundle offline: verified, or the\n"
         "                   first turn that does not reproduce\n"
         "  tournament <subcommand>\n"
         "                   create | list | show <id> | run <id> against a\n"
         "                   server (fourex tournament --help;\n"
         "                   docs/tournaments.md)\n"
         "  version          print the version\n\n"
         "options of serve (flags > environment > .env > defaults; "
         "--port 8000 sets PORT):\n";
  for (const auto& option : config::options()) {
    out << "  " << std::left << std::setw(28) << option.name << option.help;
    if (!option.default_value.empty())
      out << " [" << option.default_value << "]";
    out << "\n";
  }
}

}  // namespace fourex::cli
