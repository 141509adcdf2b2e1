// LOG_FORMAT=json: one JSON object per line with ts, level, msg (escaped)
// and the thread's structured fields (http/log_fields.hpp).
#pragma once

#include <memory>

#include <spdlog/formatter.h>

namespace fourex::cli {

class JsonLogFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg,
              spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace fourex::cli
