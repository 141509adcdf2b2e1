#include "tests/support/openapi_contract.hpp"

// The description's patterns are ECMAScript regular expressions with
// anchors, which RapidJSON's own regex engine does not read.
#define RAPIDJSON_SCHEMA_USE_INTERNALREGEX 0
#define RAPIDJSON_SCHEMA_USE_STDREGEX 1

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fourex::testing {
namespace {

using rapidjson::Value;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string text_of(const Value& v, std::size_t limit = 300) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  std::string s(buffer.GetString(), buffer.GetSize());
  return s.size() > limit ? s.substr(0, limit) + "..." : s;
}

std::string clipped(const std::string& s, std::size_t limit = 300) {
  return s.size() > limit ? s.substr(0, limit) + "..." : s;
}

const Value* member(const Value& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

// One reference token of a JSON pointer written as a URI fragment (RFC
// 6901 section 6): ~ and / escaped, then everything but unreserved
// characters percent-encoded.
std::string fragment_token(const std::string& token) {
  static const char* hex = "0123456789ABCDEF";
  std::string escaped;
  for (char c : token) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  std::string out;
  for (unsigned char c : escaped) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// OpenAPI 3.0 schemas as JSON Schema draft 4: `nullable: true` becomes a
// "null" in the type (and in the enum, when there is one).
void to_json_schema(Value& v, rapidjson::Document::AllocatorType& alloc) {
  if (v.IsArray()) {
    for (auto& item : v.GetArray()) to_json_schema(item, alloc);
    return;
  }
  if (!v.IsObject()) return;
  for (auto& m : v.GetObject()) to_json_schema(m.value, alloc);
  auto nullable = v.FindMember("nullable");
  if (nullable == v.MemberEnd() || !nullable->value.IsBool() ||
      !nullable->value.GetBool())
    return;
  if (auto type = v.FindMember("type");
      type != v.MemberEnd() && type->value.IsString()) {
    Value both(rapidjson::kArrayType);
    both.PushBack(Value(type->value, alloc), alloc);
    both.PushBack(Value("null", alloc), alloc);
    type->value = both;
  }
  if (auto values = v.FindMember("enum");
      values != v.MemberEnd() && values->value.IsArray())
    values->value.PushBack(Value(rapidjson::kNullType), alloc);
}

struct Operation {
  std::string method;  // lower case
  std::string path;    // the template
  std::regex pattern;
  std::vector<std::string> path_names;  // {name}s in order
  std::string pointer;                  // of the operation object
  const Value* object = nullptr;
  const Value* path_item = nullptr;
  std::string name;  // for messages: "createGame (POST /api/v1/games)"
};

}  // namespace

struct OpenApiContract::Impl {
  using SchemaDocument = rapidjson::SchemaDocument;

  // Resolves every `openapi#/...` reference to the whole description.
  struct WholeDocument : rapidjson::IRemoteSchemaDocumentProvider {
    const SchemaDocument* whole = nullptr;
    const SchemaDocument* GetRemoteDocument(const char*,
                                            rapidjson::SizeType) override {
      return whole;
    }
  };

  // A schema to validate against: a one-line document pointing into the
  // whole description (compiled once, so $refs among its schemas resolve).
  struct Compiled {
    rapidjson::Document source;
    std::unique_ptr<SchemaDocument> schema;
  };

  rapidjson::Document doc;
  std::unique_ptr<SchemaDocument> whole;
  mutable WholeDocument provider;  // RapidJSON asks for a mutable one
  std::vector<Operation> operations;
  mutable std::mutex compiled_mutex;
  mutable std::map<std::string, std::unique_ptr<Compiled>> compiled;

  explicit Impl(const std::string& text) {
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError() || !doc.IsObject())
      throw std::runtime_error("the served /openapi.json is not JSON");
    to_json_schema(doc, doc.GetAllocator());
    whole = std::make_unique<SchemaDocument>(doc);
    provider.whole = whole.get();
    const auto* paths = member(doc, "paths");
    if (!paths || !paths->IsObject())
      throw std::runtime_error("the served /openapi.json has no paths");
    for (const auto& path : paths->GetObject()) {
      std::string templ(path.name.GetString(), path.name.GetStringLength());
      std::string regex = "^";
      std::vector<std::string> names;
      static const std::regex parameter(R"(\{([^}]+)\})");
      std::string rest = templ;
      for (std::smatch m; std::regex_search(rest, m, parameter);
           rest = m.suffix().str()) {
        regex += std::regex_replace(m.prefix().str(),
                                    std::regex(R"([.^$|()\[\]*+?\\])"), "\\$&");
        regex += "([^/]+)";
        names.push_back(m[1].str());
      }
      regex +=
          std::regex_replace(rest, std::regex(R"([.^$|()\[\]*+?\\])"), "\\$&") +
          "$";
      for (const auto& method : path.value.GetObject()) {
        std::string verb(method.name.GetString(),
                         method.name.GetStringLength());
        if (verb == "parameters" || !method.value.IsObject()) continue;
        Operation op;
        op.method = verb;
        op.path = templ;
        op.pattern = std::regex(regex);
        op.path_names = names;
        op.pointer = "#/paths/" + fragment_token(templ) + "/" + verb;
        op.object = &method.value;
        op.path_item = &path.value;
        std::string upper = verb;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return std::toupper(c); });
        const auto* id = member(method.value, "operationId");
        if (id && id->IsString()) op.name.append(id->GetString()).append(" ");
        op.name.append("(").append(upper).append(" ").append(templ).append(")");
        operations.push_back(std::move(op));
      }
    }
  }

  // The value a local "#/..." reference names, or nullptr.
  const Value* resolve(const std::string& ref) const {
    if (ref.rfind("#/", 0) != 0) return nullptr;
    rapidjson::Pointer pointer(ref.data(), ref.size());
    return pointer.IsValid() ? pointer.Get(doc) : nullptr;
  }

  // v, or what its $ref names; `pointer` follows.
  const Value* follow(const Value* v, std::string& pointer) const {
    for (int hops = 0; v && hops < 8; ++hops) {
      const auto* ref = member(*v, "$ref");
      if (!ref || !ref->IsString()) return v;
      pointer = ref->GetString();
      v = resolve(pointer);
    }
    return v;
  }

  // The schema's local references ("#/components/schemas/X") made to
  // point into the whole description. The schema itself is a copy: RapidJSON
  // 1.1 cannot look up a pointer with a numeric member name ("200") in a
  // compiled document, and would silently accept anything.
  static void as_remote(Value& v, rapidjson::Document::AllocatorType& alloc) {
    if (v.IsArray())
      for (auto& item : v.GetArray()) as_remote(item, alloc);
    if (!v.IsObject()) return;
    for (auto& m : v.GetObject()) {
      if (m.name == "$ref" && m.value.IsString() &&
          m.value.GetString()[0] == '#')
        m.value.SetString(
            ("openapi" + std::string(m.value.GetString())).c_str(), alloc);
      else
        as_remote(m.value, alloc);
    }
  }

  // "" when `value` conforms to the schema at `pointer` (a URI fragment
  // into the description), otherwise the violation.
  std::string violation(const std::string& pointer, const Value& value) const {
    const SchemaDocument* schema = nullptr;
    {
      std::lock_guard<std::mutex> lock(compiled_mutex);
      auto& slot = compiled[pointer];
      if (!slot) {
        const Value* target = resolve(pointer);
        if (!target) return "the description has no schema at " + pointer;
        slot = std::make_unique<Compiled>();
        slot->source.CopyFrom(*target, slot->source.GetAllocator());
        as_remote(slot->source, slot->source.GetAllocator());
        slot->schema =
            std::make_unique<SchemaDocument>(slot->source, &provider);
      }
      schema = slot->schema.get();
    }
    rapidjson::SchemaValidator validator(*schema);
    if (value.Accept(validator)) return {};
    rapidjson::StringBuffer where;
    validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
    rapidjson::StringBuffer rule;
    validator.GetInvalidSchemaPointer().StringifyUriFragment(rule);
    std::string at = where.GetString();
    std::string out = "the value at " + at + " violates '" +
                      validator.GetInvalidSchemaKeyword() + "'";
    if (std::string(rule.GetString()) != "#")
      out += std::string(" of ") + rule.GetString();
    rapidjson::Pointer bad(at.data(), at.size());
    if (const Value* found = bad.IsValid() ? bad.Get(value) : nullptr)
      out += " (value: " + text_of(*found) + ")";
    return out;
  }

  const Operation* find(const std::string& method, const std::string& path,
                        std::smatch& match) const {
    for (const auto& op : operations)
      if (op.method == lower(method) &&
          std::regex_match(path, match, op.pattern))
        return &op;
    return nullptr;
  }

  // The operation's parameters (path item's and its own), with pointers.
  std::vector<std::pair<const Value*, std::string>> parameters(
      const Operation& op) const {
    std::vector<std::pair<const Value*, std::string>> out;
    auto add = [&](const Value* list, const std::string& at) {
      if (!list || !list->IsArray()) return;
      for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        std::string pointer = at + "/parameters/" + std::to_string(i);
        const Value* p = follow(&(*list)[i], pointer);
        if (p) out.emplace_back(p, pointer);
      }
    };
    add(member(*op.path_item, "parameters"),
        "#/paths/" + fragment_token(op.path));
    add(member(*op.object, "parameters"), op.pointer);
    return out;
  }

  // A parameter's text as the JSON value its schema types it as.
  static bool typed(const std::string& text, const Value& schema, Value& out,
                    rapidjson::Document::AllocatorType& alloc) {
    const auto* type = member(schema, "type");
    std::string t = type && type->IsString() ? type->GetString() : "string";
    if (t == "integer") {
      char* end = nullptr;
      long long n = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0') return false;
      out.SetInt64(n);
    } else if (t == "number") {
      char* end = nullptr;
      double d = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0') return false;
      out.SetDouble(d);
    } else if (t == "boolean") {
      if (text != "true" && text != "false") return false;
      out.SetBool(text == "true");
    } else {
      out.SetString(text.c_str(), alloc);
    }
    return true;
  }

  std::string parameter_problem(const std::string& where,
                                const std::string& text, const Value& param,
                                const std::string& pointer) const {
    std::string schema_pointer = pointer + "/schema";
    const Value* schema = member(param, "schema");
    schema = schema ? follow(schema, schema_pointer) : nullptr;
    if (!schema) return {};
    rapidjson::Document value;
    if (!typed(text, *schema, value, value.GetAllocator()))
      return where + " '" + text + "' is not of the documented type";
    auto why = violation(schema_pointer, value);
    return why.empty() ? std::string() : where + ": " + why;
  }

  std::string request_problem(const HttpExchange& x) const {
    auto question = x.target.find('?');
    std::string path = x.target.substr(0, question);
    std::string query =
        question == std::string::npos ? "" : x.target.substr(question + 1);
    std::smatch match;
    const Operation* op = find(x.method, path, match);
    if (!op)
      return "no operation of the description is " + x.method + " " + path;
    auto params = parameters(*op);
    std::map<std::string, std::string> given;
    for (std::size_t at = 0; at < query.size();) {
      auto amp = query.find('&', at);
      auto pair = query.substr(at, amp == std::string::npos ? amp : amp - at);
      at = amp == std::string::npos ? query.size() : amp + 1;
      if (pair.empty()) continue;
      auto eq = pair.find('=');
      given[percent_decode(pair.substr(0, eq))] =
          eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
    }
    for (const auto& entry : given) {
      const std::string& name = entry.first;
      auto documented =
          std::find_if(params.begin(), params.end(), [&](auto& p) {
            return member(*p.first, "in") && (*p.first)["in"] == "query" &&
                   (*p.first)["name"] == name.c_str();
          });
      if (documented == params.end())
        return op->name + ": query parameter '" + name + "' is not documented";
      auto why =
          parameter_problem("query parameter '" + name + "'", entry.second,
                            *documented->first, documented->second);
      if (!why.empty()) return op->name + ": " + why;
    }
    for (const auto& [param, pointer] : params) {
      std::string in = member(*param, "in") ? (*param)["in"].GetString() : "";
      std::string name =
          member(*param, "name") ? (*param)["name"].GetString() : "";
      const auto* required = member(*param, "required");
      bool needed = required && required->IsBool() && required->GetBool();
      if (in == "query" && needed && !given.count(name))
        return op->name + ": the required query parameter '" + name +
               "' is missing";
      if (in == "path") {
        auto slot =
            std::find(op->path_names.begin(), op->path_names.end(), name);
        if (slot == op->path_names.end()) continue;
        auto value = percent_decode(
            match[static_cast<int>(slot - op->path_names.begin()) + 1].str());
        auto why = parameter_problem("path parameter '" + name + "'", value,
                                     *param, pointer);
        if (!why.empty()) return op->name + ": " + why;
      }
    }
    return body_problem(*op, x);
  }

  std::string body_problem(const Operation& op, const HttpExchange& x) const {
    std::string pointer = op.pointer + "/requestBody";
    const Value* body = member(*op.object, "requestBody");
    body = body ? follow(body, pointer) : nullptr;
    if (!body)
      return x.request_body.empty()
                 ? std::string()
                 : op.name + ": the description has no request body";
    if (x.request_body.empty()) {
      const auto* required = member(*body, "required");
      return required && required->IsBool() && required->GetBool()
                 ? op.name + ": the request body is required"
                 : std::string();
    }
    auto media = lower(
        x.request_content_type.substr(0, x.request_content_type.find(';')));
    const auto* content = member(*body, "content");
    const auto* described = content ? member(*content, media.c_str()) : nullptr;
    if (!described)
      return op.name + ": request Content-Type '" + media +
             "' is not documented";
    const auto* schema = member(*described, "schema");
    if (!schema || media != "application/json") return {};
    rapidjson::Document json;
    json.Parse(x.request_body.data(), x.request_body.size());
    if (json.HasParseError()) return op.name + ": the request body is not JSON";
    auto why = violation(
        pointer + "/content/" + fragment_token(media) + "/schema", json);
    return why.empty() ? std::string() : op.name + ": request body: " + why;
  }

  static std::string header(const httplib::Headers& headers,
                            const std::string& key) {
    for (const auto& [k, v] : headers)
      if (lower(k) == lower(key)) return v;
    return {};
  }
  static bool has_header(const httplib::Headers& headers,
                         const std::string& key) {
    return std::any_of(headers.begin(), headers.end(), [&](const auto& kv) {
      return lower(kv.first) == lower(key);
    });
  }

  // Whether the operation documents that it needs a token.
  bool needs_credentials(const Operation& op) const {
    const auto* security = member(*op.object, "security");
    if (!security) security = member(doc, "security");
    if (!security || !security->IsArray() || security->Empty()) return false;
    return std::none_of(security->Begin(), security->End(), [](const Value& r) {
      return r.IsObject() && r.MemberCount() == 0;
    });
  }

  // Checks a JSON body against the schema at pointer; "" when it conforms.
  std::string json_body_problem(const std::string& pointer,
                                const std::string& body) const {
    rapidjson::Document json;
    json.Parse(body.data(), body.size());
    if (json.HasParseError()) return "the body is not JSON: " + clipped(body);
    return violation(pointer, json);
  }

  std::string response_problem(const HttpExchange& x,
                               bool request_valid) const {
    std::string path = x.target.substr(0, x.target.find('?'));
    std::string status = std::to_string(x.status);
    std::smatch match;
    const Operation* op = find(x.method, path, match);
    if (!op) {
      if (x.status < 400)
        return x.method + " " + path + " is not in the description, yet " +
               "answered " + status;
      // An unknown route still answers with the API's error body.
      if (!resolve("#/components/schemas/Error")) return {};
      auto why =
          json_body_problem("#/components/schemas/Error", x.response_body);
      return why.empty() ? std::string()
                         : x.method + " " + path + " -> " + status +
                               " (no operation): " + why;
    }
    std::string where = op->name + " -> " + status + ": ";
    const auto* responses = member(*op->object, "responses");
    std::string pointer = op->pointer + "/responses/" + status;
    const Value* response =
        responses ? member(*responses, status.c_str()) : nullptr;
    if (!response && responses) {
      std::string range = status.substr(0, 1) + "XX";
      pointer = op->pointer + "/responses/" + range;
      response = member(*responses, range.c_str());
      if (!response) {
        pointer = op->pointer + "/responses/default";
        response = member(*responses, "default");
      }
    }
    response = response ? follow(response, pointer) : nullptr;
    if (!response)
      return where + "the status is not documented for the operation (body: " +
             clipped(x.response_body) + ")";
    if (request_valid && x.status == 400)
      return where + "the request is valid by the description, yet the " +
             "server refused it: " + clipped(x.response_body);
    if (x.status >= 200 && x.status < 300 && !x.credentials &&
        needs_credentials(*op))
      return where + "answered without a token, but the description's " +
             "security asks for one";
    if (const auto* headers = member(*response, "headers"))
      for (const auto& h : headers->GetObject()) {
        std::string name = h.name.GetString();
        std::string header_pointer =
            pointer + "/headers/" + fragment_token(name);
        const Value* described = follow(&h.value, header_pointer);
        if (!described) continue;
        const auto* required = member(*described, "required");
        bool present = has_header(x.response_headers, name);
        if (!present && required && required->IsBool() && required->GetBool())
          return where.append("the documented header ")
              .append(name)
              .append(" is missing");
        if (present) {
          auto why = parameter_problem("header " + name,
                                       header(x.response_headers, name),
                                       *described, header_pointer);
          if (!why.empty()) return where + why;
        }
      }
    const auto* content = member(*response, "content");
    if (!content || !content->IsObject() || content->MemberCount() == 0)
      return x.response_body.empty()
                 ? std::string()
                 : where + "a body where the description documents none";
    auto type = header(x.response_headers, "Content-Type");
    auto media = lower(type.substr(0, type.find(';')));
    media.erase(media.find_last_not_of(' ') + 1);
    const auto* described = member(*content, media.c_str());
    if (!described)
      return where + "Content-Type '" + type + "' is not documented";
    if (media != "application/json" || !member(*described, "schema")) return {};
    auto why = json_body_problem(
        pointer + "/content/" + fragment_token(media) + "/schema",
        x.response_body);
    return why.empty() ? std::string() : where + why;
  }
};

OpenApiContract::OpenApiContract(const std::string& document)
    : impl_(std::make_unique<Impl>(document)) {}

OpenApiContract::~OpenApiContract() = default;

std::string OpenApiContract::request_problem(const HttpExchange& x) const {
  return impl_->request_problem(x);
}

std::string OpenApiContract::response_problem(const HttpExchange& x,
                                              bool request_valid) const {
  return impl_->response_problem(x, request_valid);
}

const OpenApiContract* served_contract(const std::string& host, int port) {
  static std::mutex mutex;
  static std::unique_ptr<OpenApiContract> contract;
  std::lock_guard<std::mutex> lock(mutex);
  if (contract) return contract.get();
  httplib::Client client(host, port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  auto res = client.Get("/openapi.json");
  if (!res || res->status != 200) return nullptr;
  contract = std::make_unique<OpenApiContract>(res->body);
  return contract.get();
}

}  // namespace fourex::testing
