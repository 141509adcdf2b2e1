// Writes each log record as one JSON line; RapidJSON does the escaping.
#include "cli/json_log_formatter.hpp"

#include <chrono>
#include <ctime>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "http/log_fields.hpp"

namespace fourex::cli {
namespace {

std::string utc_timestamp(spdlog::log_clock::time_point t) {
  auto seconds = spdlog::log_clock::to_time_t(t);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    t.time_since_epoch())
                    .count() %
                1000000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(text + n, sizeof text - n, ".%06lldZ",
                static_cast<long long>(micros));
  return text;
}

}  // namespace

void JsonLogFormatter::format(const spdlog::details::log_msg& msg,
                              spdlog::memory_buf_t& dest) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("ts");
  auto ts = utc_timestamp(msg.time);
  w.String(ts.data(), static_cast<rapidjson::SizeType>(ts.size()));
  w.Key("level");
  auto level = spdlog::level::to_string_view(msg.level);
  w.String(level.data(), static_cast<rapidjson::SizeType>(level.size()));
  w.Key("msg");
  w.String(msg.payload.data(),
           static_cast<rapidjson::SizeType>(msg.payload.size()));
  if (const auto* fields = http::current_log_fields()) {
    for (const auto& f : *fields) {
      w.Key(f.key.data(), static_cast<rapidjson::SizeType>(f.key.size()));
      if (f.number)
        w.RawValue(f.value.data(), f.value.size(), rapidjson::kNumberType);
      else
        w.String(f.value.data(),
                 static_cast<rapidjson::SizeType>(f.value.size()));
    }
  }
  w.EndObject();
  dest.append(buffer.GetString(), buffer.GetString() + buffer.GetSize());
  dest.push_back('\n');
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
  return std::make_unique<JsonLogFormatter>();
}

}  // namespace fourex::cli
