#include "cli/text_log_formatter.hpp"

#include <cstdio>
#include <string>

#include <spdlog/pattern_formatter.h>

namespace fourex::cli {
namespace {

// %* in the pattern: the message, escaped.
class EscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    for (char c : msg.payload) {
      auto byte = static_cast<unsigned char>(c);
      if (byte >= 0x20 && byte != 0x7f) {
        dest.push_back(c);
        continue;
      }
      char escaped[5];
      const char* text = escaped;
      if (c == '\n')
        text = "\\n";
      else if (c == '\r')
        text = "\\r";
      else if (c == '\t')
        text = "\\t";
      else
        std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      dest.append(text, text + std::char_traits<char>::length(text));
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<EscapedMessage>();
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> text_log_formatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<EscapedMessage>('*').set_pattern(
      "%Y-%m-%d %H:%M:%S.%e %^%l%$ %*");
  return formatter;
}

}  // namespace fourex::cli
