// Structured fields attached to the log lines a thread writes while a
// ScopedLogFields lives; the JSON log format (LOG_FORMAT=json) prints them
// as keys next to "msg". The text format ignores them.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace fourex::http {

struct LogField {
  std::string key;
  std::string value;
  bool number = false;  // printed unquoted
};

using LogFields = std::vector<LogField>;

inline const LogFields*& current_log_fields() {
  thread_local const LogFields* fields = nullptr;
  return fields;
}

class ScopedLogFields {
 public:
  explicit ScopedLogFields(LogFields fields)
      : fields_(std::move(fields)), previous_(current_log_fields()) {
    current_log_fields() = &fields_;
  }
  ~ScopedLogFields() { current_log_fields() = previous_; }
  ScopedLogFields(const ScopedLogFields&) = delete;
  ScopedLogFields& operator=(const ScopedLogFields&) = delete;

 private:
  LogFields fields_;
  const LogFields* previous_;
};

}  // namespace fourex::http
