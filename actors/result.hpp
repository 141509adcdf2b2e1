// What every request to the runtime answers: a JSON body, or a typed failure
// that http/errors.cpp maps to a status code and the API's error body.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace fourex::actors {

enum class ErrorCode {
  none,
  bad_request,        // 400
  unauthorized,       // 401
  forbidden,          // 403
  not_found,          // 404
  conflict,           // 409
  payload_too_large,  // 413
  illegal_action,     // 422
  rate_limited,       // 429
  unavailable,        // 503: database down or overloaded; nothing accepted
  internal,           // 500: a bug; logged
};

struct Result {
  ErrorCode error = ErrorCode::none;
  std::string body;     // JSON: the answer, or the failure's "details" object
  std::string message;  // for a failure: a fixed sentence for the client
  // For a failure: what went wrong inside (a database's or a library's
  // text). Only logged, with the request id the answer carries: it may name
  // tables, hosts or other games.
  std::string internal;
  bool created = false;  // 201 instead of 200
  // The error body's "code" when more precise than the status's default
  // (e.g. "wrong_turn", "already_submitted", "hash_mismatch").
  std::string code;
  int retry_after_s = 0;  // sent as Retry-After when > 0

  bool ok() const { return error == ErrorCode::none; }

  static Result success(std::string json) {
    Result r;
    r.body = std::move(json);
    return r;
  }
  // A success that created something: 201.
  static Result success_created(std::string json) {
    Result r = success(std::move(json));
    r.created = true;
    return r;
  }
  static Result failure(ErrorCode error, std::string message,
                        std::string code = {},
                        std::string details_json = "{}") {
    Result r;
    r.error = error;
    r.message = std::move(message);
    r.code = std::move(code);
    r.body = std::move(details_json);
    return r;
  }
  // The database is down or a queue is full: retry later, nothing accepted.
  static Result unavailable(std::string message, std::string internal = {}) {
    Result r = failure(ErrorCode::unavailable, std::move(message));
    r.retry_after_s = 1;
    r.internal = std::move(internal);
    return r;
  }
  // This node does not (or no longer) own the game: another node serves
  // it, or will once the dead owner's lease runs out. The retry (through
  // the load balancer, or forwarded) reaches the owner.
  static Result moved(std::string message, int retry_after_s = 1) {
    Result r =
        failure(ErrorCode::unavailable, std::move(message), "game_moved");
    r.retry_after_s = retry_after_s;
    return r;
  }
  // A bug or a refusal the client cannot act on: fixed text out, the cause
  // logged.
  static Result internal_error(std::string internal) {
    Result r = failure(ErrorCode::internal, "internal error", "internal");
    r.internal = std::move(internal);
    return r;
  }
};

// A value, or the failure to answer instead: what a step that may refuse
// returns (rather than an optional and a Result& out-parameter), so the
// refusal travels with the call. As CAF's caf::expected, for our Result.
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Expected(Result failure)                         // NOLINT: implicit by design
      : failure_(std::move(failure)) {}

  explicit operator bool() const { return value_.has_value(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  // The refusal; meaningful only when there is no value.
  const Result& failure() const& { return failure_; }
  Result failure() && { return std::move(failure_); }

 private:
  std::optional<T> value_;
  Result failure_;
};

}  // namespace fourex::actors
