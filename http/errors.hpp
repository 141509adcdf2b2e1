// The one place where results become HTTP statuses and the API's error body
// {"error": {"code", "message", "details"}}.
#pragma once

#include <string>

#include <httplib.h>

#include "actors/result.hpp"

namespace fourex::http {

// Names the request this thread serves: a fresh id, sent back as the
// X-Request-Id header and in every error body, and logged beside a
// failure's internal message (which never reaches the client).
void begin_request(httplib::Response& res);
const std::string& request_id();

int status_of(actors::ErrorCode code);
// The default snake_case code of an error ("bad_request", "not_found"...).
const char* code_name(actors::ErrorCode code);

// Writes the result: its body with 200/201, or the error body with its
// status (and Retry-After when the result asks for one). A failure's
// internal message is logged with the request id, never sent.
void respond(httplib::Response& res, const actors::Result& result);

// Shorthand for a failure decided in http/ itself (bad JSON, no route...).
void respond_error(httplib::Response& res, actors::ErrorCode code,
                   const std::string& message,
                   const std::string& details_json = "{}");

}  // namespace fourex::http
