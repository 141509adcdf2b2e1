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
// `given`: the id a peer gave the request it forwarded (logs of both nodes
// then name the same request).
void begin_request(httplib::Response& res, const std::string& given = {});
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

// The cluster's answers (issue 13), all 503 with Retry-After: the game's
// owner is presumed dead while its lease runs on, or the request reached a
// second node that does not own the game either (one hop only): code
// game_moved; the owner could not be reached: code owner_unreachable.
void respond_game_moved(httplib::Response& res, int retry_after_s,
                        const std::string& message);
void respond_owner_unreachable(httplib::Response& res,
                               const std::string& internal);
// A forward header that no node of this cluster made (403 forward_refused).
void respond_forward_refused(httplib::Response& res);

}  // namespace fourex::http
