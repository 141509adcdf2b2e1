// Reading requests: bearer tokens, query parameters and JSON bodies, each
// malformed input a BadRequest naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include <httplib.h>
#include <rapidjson/document.h>

namespace fourex::http {

class BadRequest : public std::runtime_error {
 public:
  BadRequest(std::string field, const std::string& message)
      : std::runtime_error(message), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// The token of "Authorization: Bearer <token>" (the scheme in any case, RFC
// 9110 11.1), empty when absent.
std::string bearer_token(const httplib::Request& req);

// The body as a JSON document; BadRequest unless it parses, and unless every
// string in it is text PostgreSQL can store (UTF-8 without NUL).
rapidjson::Document json_body(const httplib::Request& req);

// Typed members of a JSON object; BadRequest when present with the wrong
// type, or absent when required.
const rapidjson::Value& require_object(const rapidjson::Value& v,
                                       const char* what);
std::optional<std::string> string_field(const rapidjson::Value& obj,
                                        const char* key, bool required = false);
std::optional<std::int64_t> int_field(const rapidjson::Value& obj,
                                      const char* key, std::int64_t lo,
                                      std::int64_t hi, bool required = false);
std::optional<std::uint64_t> uint64_field(const rapidjson::Value& obj,
                                          const char* key);

// Query parameters.
std::optional<std::int64_t> query_int(const httplib::Request& req,
                                      const char* key, std::int64_t lo,
                                      std::int64_t hi);
std::string query_string(const httplib::Request& req, const char* key);
// A query parameter naming a game (the aliases' game_id, the list's
// after): BadRequest unless a game id (API.md); "" when absent and not
// required.
std::string query_game_id(const httplib::Request& req, const char* key,
                          bool required);
// The query parameter `player`: "" or a player name (game::is_player_name).
std::string query_player(const httplib::Request& req);

// A JSON value re-serialized (compact).
std::string to_json_text(const rapidjson::Value& v);

}  // namespace fourex::http
