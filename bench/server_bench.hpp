// `fourex bench server`: the whole server in this process (runtime + HTTP on
// a loopback port, on DATABASE_URL) driven by a keep-alive load generator.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace fourex::bench {

// Flags: --seconds N (10) submission phase, --healthz-seconds N (5),
// --views-seconds N (3; 0 skips the phase of GET /state),
// --connections N (64), --games N (256), --players N (4), --map WxH (32x32),
// --max-turns N (10000), --target HOST:PORT (load a running server, or
// HAProxy in front of a cluster, with ADMIN_TOKEN as its admin token, instead
// of one in this process; no restart phase: its figures are -1). Prints
// human lines, then one JSON object as the last line. Returns 0, 1 when the
// server fails, 2 on a bad flag.
int run_server_bench(const std::vector<std::string>& args,
                     config::Config config, std::ostream& out);

}  // namespace fourex::bench
