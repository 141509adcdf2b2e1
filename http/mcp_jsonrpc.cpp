#include "http/mcp_jsonrpc.hpp"

#include "actors/replies.hpp"
#include "http/request.hpp"

namespace fourex::http::mcp {

Message classify(const rapidjson::Value& v) {
  Message m;
  if (!v.IsObject()) {
    m.problem = "a JSON-RPC message is an object";
    return m;
  }
  auto id = v.FindMember("id");
  const bool has_id = id != v.MemberEnd();
  // MCP forbids null ids; JSON-RPC allows only strings and integers here.
  if (has_id && (id->value.IsString() || id->value.IsInt64()))
    m.id_json = to_json_text(id->value);
  auto version = v.FindMember("jsonrpc");
  if (version == v.MemberEnd() || !version->value.IsString() ||
      std::string(version->value.GetString()) != "2.0") {
    m.problem = "\"jsonrpc\" must be \"2.0\"";
    return m;
  }
  if (has_id && m.id_json == "null") {
    m.problem = "\"id\" must be a string or an integer";
    return m;
  }
  auto method = v.FindMember("method");
  if (method == v.MemberEnd()) {
    if (has_id && (v.HasMember("result") || v.HasMember("error"))) {
      m.kind = Message::Kind::response;
      return m;
    }
    m.problem = "a request needs \"method\"";
    return m;
  }
  if (!method->value.IsString()) {
    m.problem = "\"method\" must be a string";
    return m;
  }
  m.method = method->value.GetString();
  if (auto params = v.FindMember("params"); params != v.MemberEnd()) {
    if (!params->value.IsObject()) {
      m.problem = "\"params\" must be an object";
      return m;
    }
    m.params = &params->value;
  }
  m.kind = has_id ? Message::Kind::request : Message::Kind::notification;
  return m;
}

std::string result_response(const std::string& id_json,
                            const std::string& result_json) {
  return R"({"jsonrpc":"2.0","id":)" + id_json + R"(,"result":)" + result_json +
         "}";
}

std::string error_response(const std::string& id_json, int code,
                           const std::string& message) {
  return R"({"jsonrpc":"2.0","id":)" + id_json + R"(,"error":{"code":)" +
         std::to_string(code) + R"(,"message":)" +
         actors::replies::quoted(message) + "}}";
}

std::string notification(const std::string& method,
                         const std::string& params_json) {
  return R"({"jsonrpc":"2.0","method":)" + actors::replies::quoted(method) +
         R"(,"params":)" + params_json + "}";
}

}  // namespace fourex::http::mcp
