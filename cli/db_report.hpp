// What `fourex db check|list|info|size` print: a table or aligned lines for
// people, one JSON document with --json for scripts.
#pragma once

#include <ostream>
#include <vector>

#include "config/config.hpp"
#include "persistence/admin_reader.hpp"

namespace fourex::cli {

struct CheckReport {
  persistence::ServerInfo server;
  int schema_version = 0;
  int latest_schema_version = 0;
  const config::Config* config = nullptr;  // pool settings
  persistence::ReplicationInfo replication;
};

void print_check(std::ostream& out, const CheckReport& report, bool json);
void print_list(std::ostream& out,
                const std::vector<persistence::GameSummary>& games, bool json);
void print_info(std::ostream& out, const persistence::GameDetails& game,
                bool json);
void print_size(std::ostream& out, const persistence::ServerInfo& server,
                const std::vector<persistence::TableSize>& tables, bool json);

// 1536 -> "1.5 kB" (powers of 1024, as pg_size_pretty).
std::string pretty_bytes(std::int64_t bytes);

}  // namespace fourex::cli
