// pg_dump / pg_restore for `fourex db backup|restore`, matched to the
// server's major version (an older pg_dump refuses a newer server).
#pragma once

#include <string>
#include <vector>

namespace fourex::cli {

// The path of PostgreSQL client program `name` (pg_dump, pg_restore) for a
// server of major version `major`: /usr/lib/postgresql/<major>/bin/<name>
// when installed (Debian's postgresql-client-<major>), else `name` on PATH.
std::string pg_program(const std::string& name, int major);

// Runs program with args (no shell), waiting; returns its exit status, or
// 127 when it cannot be started.
int run_program(const std::string& program,
                const std::vector<std::string>& args);

}  // namespace fourex::cli
