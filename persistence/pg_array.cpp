// Array literal encoding (see pg_array.hpp).
#include "persistence/pg_array.hpp"

#include <stdexcept>

namespace fourex::persistence {

void check_text(std::string_view text, std::string_view what) {
  if (text.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("NUL byte in " + std::string(what) +
                                ": PostgreSQL text cannot store it");
  }
}

void PgArray::separate() {
  if (count_++ > 0) body_ += ',';
}

PgArray& PgArray::add(std::string_view text) {
  check_text(text, "text value");
  separate();
  body_.reserve(body_.size() + text.size() + 2);
  body_ += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') body_ += '\\';
    body_ += c;
  }
  body_ += '"';
  return *this;
}

PgArray& PgArray::add(std::int64_t number) {
  separate();
  body_ += std::to_string(number);
  return *this;
}

PgArray& PgArray::add(bool value) {
  separate();
  body_ += value ? 't' : 'f';
  return *this;
}

PgArray& PgArray::add(const std::optional<std::string>& text) {
  return text ? add(std::string_view(*text)) : add_null();
}

PgArray& PgArray::add(const std::optional<std::int64_t>& number) {
  return number ? add(*number) : add_null();
}

PgArray& PgArray::add(const std::optional<int>& number) {
  return number ? add(static_cast<std::int64_t>(*number)) : add_null();
}

PgArray& PgArray::add_null() {
  separate();
  body_ += "NULL";
  return *this;
}

std::string PgArray::str() const { return '{' + body_ + '}'; }

}  // namespace fourex::persistence
