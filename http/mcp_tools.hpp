// What an MCP session offers its player: tools (each with input and output
// JSON Schemas), resources (the rules, the current view) and a prompt. Every
// answer goes through actors::Runtime with the session's token, exactly as
// the HTTP routes do, and shows only what the player's view shows.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "http/context.hpp"
#include "http/mcp_sessions.hpp"

namespace fourex::http::mcp {

// Reports the progress of a long call (wait_for_turn): done of total.
using Progress =
    std::function<void(int done, int total, const std::string& message)>;

struct Player {
  Context& ctx;
  const Session& session;
  std::string token;  // the request's, already matched to the session
  Progress progress;
};

// tools/list, tools/call, resources/list, resources/read,
// resources/templates/list, prompts/list and prompts/get: the result's JSON.
// Throws RpcError (method_not_found for any other method).
std::string call_method(const std::string& method,
                        const rapidjson::Value* params, const Player& player);

// docs/rules.md, compiled in (a game test keeps it equal to the rules).
std::string_view rules_markdown();

}  // namespace fourex::http::mcp
