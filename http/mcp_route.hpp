// /mcp: the Model Context Protocol's Streamable HTTP transport, so that any
// MCP client can play a game as one player through tools.
#pragma once

#include <httplib.h>

#include "http/context.hpp"

namespace fourex::http {

void add_mcp_routes(httplib::Server& server, Context& ctx);

}  // namespace fourex::http
