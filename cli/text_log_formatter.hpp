// LOG_FORMAT=text: one line per record, its message with every control
// character escaped (\n, \r, \t, \xHH). A message carries what clients
// sent (a query parameter, an MCP method, a database's error text); escaped,
// it can neither forge a line of its own nor send a terminal its escape
// sequences.
#pragma once

#include <memory>

#include <spdlog/formatter.h>

namespace fourex::cli {

std::unique_ptr<spdlog::formatter> text_log_formatter();

}  // namespace fourex::cli
