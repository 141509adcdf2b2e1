#include "http/mcp_schema.hpp"

namespace fourex::http::mcp {

namespace {

bool has_type(const rapidjson::Value& v, const std::string& type) {
  if (type == "object") return v.IsObject();
  if (type == "array") return v.IsArray();
  if (type == "string") return v.IsString();
  if (type == "integer") return v.IsInt64();
  if (type == "boolean") return v.IsBool();
  return true;
}

const rapidjson::Value* keyword(const rapidjson::Value& schema,
                                const char* name) {
  auto it = schema.FindMember(name);
  return it == schema.MemberEnd() ? nullptr : &it->value;
}

}  // namespace

std::optional<std::string> schema_problem(const rapidjson::Value& schema,
                                          const rapidjson::Value& value,
                                          const std::string& path) {
  if (const auto* type = keyword(schema, "type")) {
    const std::string t = type->GetString();
    if (!has_type(value, t)) return path + " must be " + t;
  }
  if (value.IsInt64()) {
    if (const auto* lo = keyword(schema, "minimum");
        lo && value.GetInt64() < lo->GetInt64())
      return path + " must be at least " + std::to_string(lo->GetInt64());
    if (const auto* hi = keyword(schema, "maximum");
        hi && value.GetInt64() > hi->GetInt64())
      return path + " must be at most " + std::to_string(hi->GetInt64());
  }
  if (const auto* n = keyword(schema, "maxLength");
      n && value.IsString() && value.GetStringLength() > n->GetUint())
    return path + " is longer than " + std::to_string(n->GetUint());
  if (value.IsArray()) {
    if (const auto* n = keyword(schema, "maxItems");
        n && value.Size() > n->GetUint())
      return path + " has more than " + std::to_string(n->GetUint()) + " items";
    if (const auto* items = keyword(schema, "items"))
      for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
        std::string item_path = path;
        item_path.append("[").append(std::to_string(i)).append("]");
        if (auto p = schema_problem(*items, value[i], item_path)) return p;
      }
  }
  if (!value.IsObject()) return std::nullopt;
  if (const auto* required = keyword(schema, "required"))
    for (const auto& name : required->GetArray())
      if (!value.HasMember(name.GetString()))
        return path + "." + name.GetString() + " is missing";
  const auto* properties = keyword(schema, "properties");
  const auto* extra = keyword(schema, "additionalProperties");
  for (const auto& m : value.GetObject()) {
    std::string member_path = path;
    member_path.append(".").append(m.name.GetString());
    const rapidjson::Value* sub = nullptr;
    if (properties)
      if (auto it = properties->FindMember(m.name);
          it != properties->MemberEnd())
        sub = &it->value;
    if (sub) {
      if (auto p = schema_problem(*sub, m.value, member_path)) return p;
    } else if (extra && extra->IsBool() && !extra->GetBool()) {
      return member_path + " is not a parameter of this tool";
    }
  }
  return std::nullopt;
}

}  // namespace fourex::http::mcp
