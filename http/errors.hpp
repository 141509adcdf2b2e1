// The one place where results become HTTP statuses and the API's error body
// {"error": {"code", "message", "details"}}.
#pragma once

#include <httplib.h>

#include "actors/result.hpp"

namespace fourex::http {

int status_of(actors::ErrorCode code);
// The default snake_case code of an error ("bad_request", "not_found"...).
const char* code_name(actors::ErrorCode code);

// Writes the result: its body with 200/201, or the error body with its
// status (and Retry-After when the result asks for one).
void respond(httplib::Response& res, const actors::Result& result);

// Shorthand for a failure decided in http/ itself (bad JSON, no route...).
void respond_error(httplib::Response& res, actors::ErrorCode code,
                   const std::string& message,
                   const std::string& details_json = "{}");

}  // namespace fourex::http
