// `fourex bench <name>`: benchmarks that print one JSON line of figures.
#include <iostream>

#include "bench/engine_bench.hpp"
#include "bench/server_bench.hpp"
#include "cli/commands.hpp"

namespace fourex::cli {

int bench_command(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "usage: fourex bench engine|server [options]\n";
    return 2;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "engine") return bench::run_engine_bench(rest, std::cout);
  if (args[0] == "server") {
    // The server's settings come from the environment and .env, as for
    // `fourex serve`; the flags are the benchmark's own.
    auto config = load_config_or_exit({});
    setup_logging(config);
    return bench::run_server_bench(rest, config, std::cout);
  }
  std::cerr << "fourex bench: unknown benchmark '" << args[0] << "'\n";
  return 2;
}

}  // namespace fourex::cli
