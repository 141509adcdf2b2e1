#include "http/request.hpp"

#include <cctype>
#include <string_view>

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "actors/requests.hpp"
#include "game/game.hpp"

namespace fourex::http {

std::string bearer_token(const httplib::Request& req) {
  auto header = req.get_header_value("Authorization");
  static const std::string scheme = "bearer ";
  if (header.size() <= scheme.size()) return {};
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i])
      return {};
  return header.substr(scheme.size());
}

namespace {

// Throws BadRequest naming the first string (or key) holding a NUL, which
// JSON may escape (\u0000) and PostgreSQL's text cannot hold. The parser
// already refused invalid UTF-8.
void check_storable(const rapidjson::Value& v, const std::string& path) {
  auto has_nul = [](const rapidjson::Value& s) {
    return std::string_view(s.GetString(), s.GetStringLength()).find('\0') !=
           std::string_view::npos;
  };
  auto refuse = [](const std::string& field) {
    throw BadRequest(field, "'" + field +
                                "' holds a NUL character (\\u0000), "
                                "which text may not hold");
  };
  if (v.IsString()) {
    if (has_nul(v)) refuse(path.empty() ? "body" : path);
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      check_storable(v[i], path + "[" + std::to_string(i) + "]");
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      const std::string key(m.name.GetString(), m.name.GetStringLength());
      if (has_nul(m.name)) refuse(path.empty() ? "body" : path);
      std::string child = path;
      if (!child.empty()) child += '.';
      child += key;
      check_storable(m.value, child);
    }
  }
}

}  // namespace

rapidjson::Document json_body(const httplib::Request& req) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(req.body.c_str(),
                                                   req.body.size());
  if (doc.HasParseError())
    throw BadRequest("", std::string("body is not JSON: ") +
                             rapidjson::GetParseError_En(doc.GetParseError()) +
                             " at offset " +
                             std::to_string(doc.GetErrorOffset()));
  check_storable(doc, "");
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

std::string query_game_id(const httplib::Request& req, const char* key,
                          bool required) {
  auto id = query_string(req, key);
  if (id.empty() && !required) return id;
  if (!actors::is_game_id(id))
    throw BadRequest(key, std::string("query parameter '") + key +
                              "' must be a game id: " + actors::kGameIdPattern);
  return id;
}

std::string query_player(const httplib::Request& req) {
  auto player = query_string(req, "player");
  if (!player.empty() && !game::is_player_name(player))
    throw BadRequest("player",
                     "query parameter 'player' must be a player name: 1 to " +
                         std::to_string(game::rules::kMaxNameBytes) +
                         " bytes of UTF-8 without control characters");
  return player;
}

std::string to_json_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

}  // namespace fourex::http
