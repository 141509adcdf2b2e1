#include "http/errors.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "actors/replies.hpp"
#include "actors/tokens.hpp"

namespace fourex::http {

using actors::ErrorCode;

namespace {

thread_local std::string current_request_id;

// A random prefix per process and a counter: unique without a random draw
// per request.
std::string next_request_id() {
  static const std::string prefix = actors::new_game_id().substr(0, 12);
  static std::atomic<std::uint64_t> counter{0};
  char suffix[20];
  std::snprintf(suffix, sizeof suffix, "-%llx",
                static_cast<unsigned long long>(++counter));
  return prefix + suffix;
}

}  // namespace

void begin_request(httplib::Response& res, const std::string& given) {
  current_request_id = given.empty() ? next_request_id() : given;
  res.set_header("X-Request-Id", current_request_id);
}

const std::string& request_id() { return current_request_id; }

int status_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::none:
      return 200;
    case ErrorCode::bad_request:
      return 400;
    case ErrorCode::unauthorized:
      return 401;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::payload_too_large:
      return 413;
    case ErrorCode::illegal_action:
      return 422;
    case ErrorCode::rate_limited:
      return 429;
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

const char* code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::none:
      return "ok";
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::unauthorized:
      return "unauthorized";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::payload_too_large:
      return "payload_too_large";
    case ErrorCode::illegal_action:
      return "illegal_action";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

void respond(httplib::Response& res, const actors::Result& result) {
  if (result.ok()) {
    res.status = result.created ? 201 : 200;
    res.set_content(result.body, "application/json");
    return;
  }
  res.status = status_of(result.error);
  if (result.retry_after_s > 0)
    res.set_header("Retry-After", std::to_string(result.retry_after_s));
  const std::string code =
      result.code.empty() ? code_name(result.error) : result.code;
  if (result.error == ErrorCode::internal)
    spdlog::error("request {}: {}: {}", request_id(), code, result.internal);
  else if (!result.internal.empty())
    spdlog::warn("request {}: {}: {}", request_id(), code, result.internal);
  const std::string& details = result.body.empty() ? "{}" : result.body;
  res.set_content(R"({"error":{"code":)" + actors::replies::quoted(code) +
                      R"(,"message":)" +
                      actors::replies::quoted(result.message) +
                      R"(,"details":)" + details + R"(,"request_id":)" +
                      actors::replies::quoted(request_id()) + "}}",
                  "application/json");
}

void respond_error(httplib::Response& res, ErrorCode code,
                   const std::string& message,
                   const std::string& details_json) {
  auto r = actors::Result::failure(code, message, {}, details_json);
  if (code == ErrorCode::rate_limited || code == ErrorCode::unavailable)
    r.retry_after_s = 1;
  respond(res, r);
}

void respond_game_moved(httplib::Response& res, int retry_after_s,
                        const std::string& message) {
  respond(res, actors::Result::moved(message, std::max(1, retry_after_s)));
}

void respond_owner_unreachable(httplib::Response& res,
                               const std::string& internal) {
  auto r = actors::Result::unavailable(
      "the node that owns this game does not answer; retry", internal);
  r.code = "owner_unreachable";
  respond(res, r);
}

void respond_forward_refused(httplib::Response& res) {
  respond(res, actors::Result::failure(
                   ErrorCode::forbidden,
                   "X-Fourex-Forwarded is not a valid signature of a node of "
                   "this cluster (nodes must share ADMIN_TOKEN and keep their "
                   "clocks within 5 minutes)",
                   "forward_refused"));
}

}  // namespace fourex::http
