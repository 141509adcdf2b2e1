// JSON-RPC 2.0 as MCP uses it: telling requests, notifications and
// responses apart, and writing results and errors. No I/O.
#pragma once

#include <stdexcept>
#include <string>

#include <rapidjson/document.h>

namespace fourex::http::mcp {

// The JSON-RPC error codes MCP answers with.
enum RpcCode : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
};

// A request that fails with a JSON-RPC error (thrown by method handlers).
class RpcError : public std::runtime_error {
 public:
  RpcError(int code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

struct Message {
  enum class Kind { request, notification, response, invalid };
  Kind kind = Kind::invalid;
  std::string id_json = "null";  // the id as sent (a string or a number)
  std::string method;
  const rapidjson::Value* params = nullptr;  // an object, or null if absent
  std::string problem;                       // why invalid
};

// What one element of a POST body is. Pointers refer into `v`.
Message classify(const rapidjson::Value& v);

std::string result_response(const std::string& id_json,
                            const std::string& result_json);
std::string error_response(const std::string& id_json, int code,
                           const std::string& message);
// A notification from the server to the client.
std::string notification(const std::string& method,
                         const std::string& params_json);

}  // namespace fourex::http::mcp
