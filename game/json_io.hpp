// The two sides of a canonical JSON form described once: a type lists its
// keys in a fields(io, x) function and JsonOut writes them while JsonIn
// reads them back strictly. Used by events.cpp and view_json.cpp.
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "game/orders.hpp"

namespace fourex::game::json_io {

// `E` is T or const T: JsonOut walks const values, JsonIn fills them.
template <class E, class T>
concept is = std::same_as<std::remove_const_t<E>, T>;

class JsonOut {
 public:
  explicit JsonOut(JsonWriter& w) : w_(w) {}
  void field(const char* k, int v) {
    w_.Key(k);
    w_.Int(v);
  }
  void field(const char* k, bool v) {
    w_.Key(k);
    w_.Bool(v);
  }
  void field(const char* k, std::string_view v) {
    w_.Key(k);
    str(v);
  }
  // A flag written as one of two words.
  void word(const char* k, bool v, std::string_view yes, std::string_view no) {
    field(k, v ? yes : no);
  }
  void field(const char* k, const std::vector<std::string>& v) {
    w_.Key(k);
    w_.StartArray();
    for (const auto& s : v) str(s);
    w_.EndArray();
  }
  // An object of names to values, in the vector's order.
  template <class V>
  void field(const char* k, const std::vector<std::pair<std::string, V>>& v) {
    w_.Key(k);
    w_.StartObject();
    for (const auto& [name, value] : v) {
      str_key(name);
      if constexpr (std::is_same_v<V, int>)
        w_.Int(value);
      else
        str(value);
    }
    w_.EndObject();
  }
  void field(const char* k, const Orders& v) {
    w_.Key(k);
    write_orders(v, w_);
  }
  // A renamed key: written under both names, the new one first.
  template <class T>
  void renamed(const char* k, const char* old, const T& v) {
    field(k, v);
    field(old, v);
  }
  // A nested object; f(io, value) lists its fields.
  template <class T, class F>
  void object(const char* k, const T& v, F&& f) {
    w_.Key(k);
    w_.StartObject();
    f(*this, v);
    w_.EndObject();
  }
  template <class T, class F>
  void objects(const char* k, const std::vector<T>& v, F&& f) {
    w_.Key(k);
    w_.StartArray();
    for (const auto& e : v) {
      w_.StartObject();
      f(*this, e);
      w_.EndObject();
    }
    w_.EndArray();
  }
  // An object under k1 when v holds an A, under k2 when it holds a B.
  template <class A, class B, class F>
  void either(const char* k1, const char* k2, const std::variant<A, B>& v,
              F&& f) {
    if (const A* a = std::get_if<A>(&v)) return object(k1, *a, f);
    object(k2, std::get<B>(v), f);
  }
  // Absent when empty.
  void optional(const char* k, const std::optional<int>& v) {
    if (v) field(k, *v);
  }
  // Fields merged into this object when present, `first` being the first.
  template <class T, class F>
  void optional_fields(const char* /*first*/, const std::optional<T>& v,
                       F&& f) {
    if (v) f(*this, *v);
  }
  void nullable(const char* k, const std::optional<std::string>& v) {
    if (v) return field(k, *v);
    w_.Key(k);
    w_.Null();
  }
  template <class T, class F>
  void nullable_object(const char* k, const std::optional<T>& v, F&& f) {
    if (v) return object(k, *v, f);
    w_.Key(k);
    w_.Null();
  }

 private:
  void str(std::string_view v) {
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  void str_key(std::string_view v) {
    w_.Key(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  JsonWriter& w_;
};

// Reads one JSON object: each key once and no key it did not ask for.
// Errors are ParseErrors with `index` and the key's dotted path.
class JsonIn {
 public:
  JsonIn(const rapidjson::Value& v, std::string what, long index,
         std::string path)
      : v_(v), what_(std::move(what)), index_(index), path_(std::move(path)) {
    if (!v.IsObject()) fail("", "must be an object");
  }
  [[noreturn]] void fail(std::string_view key, const std::string& why) const {
    const std::string field = at(key);
    throw ParseError(index_, field, what_ + ": \"" + field + "\" " + why);
  }
  bool has(const char* k) const { return v_.HasMember(k); }
  const rapidjson::Value& member(const char* k) {
    auto it = v_.FindMember(k);
    if (it == v_.MemberEnd()) fail(k, "is missing");
    ++used_;
    return it->value;
  }
  void field(const char* k, int& v) {
    const auto& m = member(k);
    if (!m.IsInt()) fail(k, "must be an integer");
    v = m.GetInt();
  }
  void field(const char* k, bool& v) {
    const auto& m = member(k);
    if (!m.IsBool()) fail(k, "must be true or false");
    v = m.GetBool();
  }
  void field(const char* k, std::string& v) { v = string(member(k), k); }
  void word(const char* k, bool& v, std::string_view yes, std::string_view no) {
    const std::string w = string(member(k), k);
    if (w != yes && w != no)
      fail(k, "must be \"" + std::string(yes) + "\" or \"" + std::string(no) +
                  "\"");
    v = w == yes;
  }
  void field(const char* k, std::vector<std::string>& v) {
    const auto& m = member(k);
    if (!m.IsArray()) fail(k, "must be an array of strings");
    for (const auto& e : m.GetArray()) v.push_back(string(e, k));
  }
  template <class V>
  void field(const char* k, std::vector<std::pair<std::string, V>>& v) {
    const auto& m = member(k);
    if (!m.IsObject()) fail(k, "must be an object");
    for (const auto& e : m.GetObject()) {
      std::string name(e.name.GetString(), e.name.GetStringLength());
      if constexpr (std::is_same_v<V, int>) {
        if (!e.value.IsInt()) fail(k, "must map names to integers");
        v.emplace_back(std::move(name), e.value.GetInt());
      } else {
        v.emplace_back(std::move(name), string(e.value, k));
      }
    }
  }
  void field(const char* k, Orders& v) {
    const auto& m = member(k);
    try {
      v = parse_orders(m);
    } catch (const ParseError& e) {
      fail(k, e.what());
    }
  }
  // A renamed key: either name will do; both must then hold the same.
  template <class T>
  void renamed(const char* k, const char* old, T& v) {
    const bool has_new = has(k);
    if (has_new) field(k, v);
    if (!has(old)) {
      if (!has_new) fail(k, "is missing");
      return;
    }
    T under_old{};
    field(old, under_old);
    if (!has_new)
      v = std::move(under_old);
    else if (!(under_old == v))
      fail(old, "must equal \"" + std::string(k) + "\"");
  }
  template <class T, class F>
  void object(const char* k, T& v, F&& f) {
    JsonIn sub(member(k), what_, index_, at(k));
    f(sub, v);
    sub.done();
  }
  template <class T, class F>
  void objects(const char* k, std::vector<T>& v, F&& f) {
    const auto& m = member(k);
    if (!m.IsArray()) fail(k, "must be an array");
    for (rapidjson::SizeType i = 0; i < m.Size(); ++i) {
      JsonIn sub(m[i], what_, index_, at(k) + "[" + std::to_string(i) + "]");
      f(sub, v.emplace_back());
      sub.done();
    }
  }
  template <class A, class B, class F>
  void either(const char* k1, const char* k2, std::variant<A, B>& v, F&& f) {
    if (has(k1)) return object(k1, v.template emplace<A>(), f);
    object(k2, v.template emplace<B>(), f);
  }
  void optional(const char* k, std::optional<int>& v) {
    if (!has(k)) return;
    field(k, v.emplace());
  }
  template <class T, class F>
  void optional_fields(const char* first, std::optional<T>& v, F&& f) {
    if (has(first)) f(*this, v.emplace());
  }
  void nullable(const char* k, std::optional<std::string>& v) {
    if (is_null(k)) return;
    field(k, v.emplace());
  }
  template <class T, class F>
  void nullable_object(const char* k, std::optional<T>& v, F&& f) {
    if (is_null(k)) return;
    object(k, v.emplace(), f);
  }
  void done() const {
    if (used_ != v_.MemberCount()) fail("", "has unknown keys");
  }

 private:
  std::string at(std::string_view key) const {
    if (path_.empty()) return std::string(key);
    if (key.empty()) return path_;
    return path_ + "." + std::string(key);
  }
  std::string string(const rapidjson::Value& v, const char* k) const {
    if (!v.IsString()) fail(k, "must be a string");
    return std::string(v.GetString(), v.GetStringLength());
  }
  // A null counts as the key's one use; otherwise the caller reads it.
  bool is_null(const char* k) {
    if (member(k).IsNull()) return true;
    --used_;
    return false;
  }
  const rapidjson::Value& v_;
  std::string what_;
  long index_;
  std::string path_;
  rapidjson::SizeType used_ = 0;
};

}  // namespace fourex::game::json_io
