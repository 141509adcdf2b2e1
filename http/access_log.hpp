// One log line per request: method, route, path, status, duration, and for
// errors the game and the error code (as JSON keys with LOG_FORMAT=json).
#pragma once

#include <cstdint>
#include <string>

#include <httplib.h>

namespace fourex::http {

void log_request(const httplib::Request& req, const httplib::Response& res,
                 const std::string& route, std::int64_t duration_us);

}  // namespace fourex::http
