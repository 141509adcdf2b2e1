// The access log: info for every request, warn for 5xx.
#include "http/access_log.hpp"

#include <cstdio>

#include <rapidjson/document.h>
#include <spdlog/spdlog.h>

#include "http/log_fields.hpp"
#include "http/metrics.hpp"

namespace fourex::http {
namespace {

// The "code" of an API error body, or "".
std::string error_code(const httplib::Response& res) {
  rapidjson::Document doc;
  doc.Parse(res.body.c_str(), res.body.size());
  if (doc.HasParseError() || !doc.IsObject()) return {};
  auto error = doc.FindMember("error");
  if (error == doc.MemberEnd() || !error->value.IsObject()) return {};
  auto code = error->value.FindMember("code");
  return code != error->value.MemberEnd() && code->value.IsString()
             ? code->value.GetString()
             : "";
}

}  // namespace

void log_request(const httplib::Request& req, const httplib::Response& res,
                 const std::string& route, std::int64_t duration_us) {
  auto level = res.status >= 500 ? spdlog::level::warn : spdlog::level::info;
  if (!spdlog::should_log(level)) return;
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.3f", double(duration_us) / 1000);
  auto method = method_of(req);
  LogFields fields{{"method", method},
                   {"route", route},
                   {"path", req.path},
                   {"status", std::to_string(res.status), true},
                   {"duration_ms", ms, true},
                   {"request_id", res.get_header_value("X-Request-Id")}};
  std::string about;
  if (res.status >= 400) {
    auto game = game_of(req);
    auto code = error_code(res);
    if (!game.empty()) {
      fields.push_back({"game_id", game});
      about += " game " + game;
    }
    if (!code.empty()) {
      fields.push_back({"error", code});
      about += " " + code;
    }
  }
  ScopedLogFields scope(std::move(fields));
  spdlog::log(level, "http {} {} {} {} ms{}", method, route, res.status, ms,
              about);
}

}  // namespace fourex::http
