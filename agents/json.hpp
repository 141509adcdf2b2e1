// Small tolerant accessors over RapidJSON values and a JSON string quoter,
// shared by the agents' view parser, API client and LLM client.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fourex::agents::json {

inline const rapidjson::Value* member(const rapidjson::Value& v,
                                      const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

inline std::string str(const rapidjson::Value& v, const char* name,
                       std::string fallback = {}) {
  const auto* m = member(v, name);
  return m && m->IsString() ? std::string(m->GetString(), m->GetStringLength())
                            : fallback;
}

inline std::int64_t num(const rapidjson::Value& v, const char* name,
                        std::int64_t fallback = 0) {
  const auto* m = member(v, name);
  return m && m->IsInt64() ? m->GetInt64() : fallback;
}

inline bool flag(const rapidjson::Value& v, const char* name,
                 bool fallback = false) {
  const auto* m = member(v, name);
  return m && m->IsBool() ? m->GetBool() : fallback;
}

inline std::string text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

// A JSON string literal, quoted and escaped.
inline std::string quote(std::string_view s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return {buf.GetString(), buf.GetSize()};
}

}  // namespace fourex::agents::json
