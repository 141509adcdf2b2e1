#include "http/request.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fourex::http {

std::string bearer_token(const httplib::Request& req) {
  auto header = req.get_header_value("Authorization");
  static const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() ||
      header.compare(0, prefix.size(), prefix) != 0)
    return {};
  return header.substr(prefix.size());
}

rapidjson::Document json_body(const httplib::Request& req) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(req.body.c_str(),
                                                   req.body.size());
  if (doc.HasParseError())
    throw BadRequest("", std::string("body is not JSON: ") +
                             rapidjson::GetParseError_En(doc.GetParseError()) +
                             " at offset " +
                             std::to_string(doc.GetErrorOffset()));
  return doc;
}

const rapidjson::Value& require_object(const rapidjson::Value& v,
                                       const char* what) {
  if (!v.IsObject())
    throw BadRequest(what, std::string(what) + " must be a JSON object");
  return v;
}

namespace {

const rapidjson::Value* member(const rapidjson::Value& obj, const char* key,
                               bool required) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) {
    if (required)
      throw BadRequest(key, std::string("field '") + key + "' is missing");
    return nullptr;
  }
  return &it->value;
}

}  // namespace

std::optional<std::string> string_field(const rapidjson::Value& obj,
                                        const char* key, bool required) {
  auto v = member(obj, key, required);
  if (!v) return std::nullopt;
  if (!v->IsString())
    throw BadRequest(key, std::string("field '") + key + "' must be a string");
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::int64_t> int_field(const rapidjson::Value& obj,
                                      const char* key, std::int64_t lo,
                                      std::int64_t hi, bool required) {
  auto v = member(obj, key, required);
  if (!v) return std::nullopt;
  if (!v->IsInt64() || v->GetInt64() < lo || v->GetInt64() > hi)
    throw BadRequest(key, std::string("field '") + key +
                              "' must be an integer from " +
                              std::to_string(lo) + " to " + std::to_string(hi));
  return v->GetInt64();
}

std::optional<std::uint64_t> uint64_field(const rapidjson::Value& obj,
                                          const char* key) {
  auto v = member(obj, key, false);
  if (!v) return std::nullopt;
  if (!v->IsUint64())
    throw BadRequest(
        key, std::string("field '") + key + "' must be a non-negative integer");
  return v->GetUint64();
}

std::optional<std::int64_t> query_int(const httplib::Request& req,
                                      const char* key, std::int64_t lo,
                                      std::int64_t hi) {
  if (!req.has_param(key)) return std::nullopt;
  auto text = req.get_param_value(key);
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < lo || value > hi)
    throw BadRequest(key, std::string("query parameter '") + key +
                              "' must be an integer from " +
                              std::to_string(lo) + " to " + std::to_string(hi));
  return value;
}

std::string query_string(const httplib::Request& req, const char* key) {
  return req.has_param(key) ? req.get_param_value(key) : std::string();
}

std::string to_json_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

}  // namespace fourex::http
