// PostgreSQL array literals ('{"a","b",NULL}') for multi-row statements of
// the form INSERT ... SELECT * FROM unnest($1::text[], $2::int[], ...):
// one parameter per column, however many rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fourex::persistence {

// Builds one array literal, element by element. Text elements are always
// double-quoted with '"' and '\' escaped, so commas, braces, whitespace,
// "NULL" and unicode survive unchanged. PostgreSQL text cannot hold a NUL
// byte: add() throws std::invalid_argument for one rather than truncating.
class PgArray {
 public:
  PgArray() = default;

  PgArray& add(std::string_view text);
  PgArray& add(const std::string& text) { return add(std::string_view(text)); }
  PgArray& add(const char* text) { return add(std::string_view(text)); }
  PgArray& add(int number) { return add(static_cast<std::int64_t>(number)); }
  PgArray& add(std::int64_t number);
  PgArray& add(bool value);  // a boolean[] element
  PgArray& add(const std::optional<std::string>& text);
  PgArray& add(const std::optional<std::int64_t>& number);
  PgArray& add(const std::optional<int>& number);
  PgArray& add_null();

  std::size_t size() const { return count_; }
  // The literal, e.g. {"a",NULL,"b"}; {} when empty.
  std::string str() const;

 private:
  void separate();

  std::string body_;
  std::size_t count_ = 0;
};

// Throws std::invalid_argument when text holds a NUL byte (PostgreSQL text
// cannot store one and libpq would silently cut the value there).
void check_text(std::string_view text, std::string_view what);

}  // namespace fourex::persistence
