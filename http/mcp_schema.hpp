// The subset of JSON Schema the MCP tools' input schemas use: "type"
// (object, array, string, integer, boolean), "properties", "required",
// "additionalProperties": false, "minimum", "maximum", "maxLength",
// "maxItems", "items". Arguments are checked before a tool runs.
#pragma once

#include <optional>
#include <string>

#include <rapidjson/document.h>

namespace fourex::http::mcp {

// Why `value` does not match `schema` (naming the JSON path), or nullopt.
std::optional<std::string> schema_problem(
    const rapidjson::Value& schema, const rapidjson::Value& value,
    const std::string& path = "arguments");

}  // namespace fourex::http::mcp
