// The pieces every JSON answer is written with (actors/replies.cpp, the MCP
// tools in http/): one object built by a function, and a key with its value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fourex::actors::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// The object `fill(w)` writes the members of.
template <class Fill>
std::string object(Fill&& fill) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  fill(w);
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

inline void key_string(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

inline void key_int(Writer& w, const char* key, std::int64_t value) {
  w.Key(key);
  w.Int64(value);
}

// `json` is written as it is: it must be one JSON value.
inline void key_raw(Writer& w, const char* key, const std::string& json) {
  w.Key(key);
  w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

// The text, or null.
inline void key_optional(Writer& w, const char* key,
                         const std::optional<std::string>& value) {
  w.Key(key);
  if (value)
    w.String(*value);
  else
    w.Null();
}

}  // namespace fourex::actors::json
