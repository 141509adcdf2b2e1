// The API description as a checker: does a request the tests send match an
// operation of the served /openapi.json (path, query, body schema), and does
// the answer match what that operation documents (status, Content-Type,
// required headers, body schema, security)? tests/support/api_client.hpp
// runs every exchange through it, so the server and its description cannot
// drift apart unnoticed.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <httplib.h>

namespace fourex::testing {

// One request the tests sent and the answer they got.
struct HttpExchange {
  std::string method;        // "GET", "POST", "DELETE"
  std::string target;        // path and query, as sent
  bool credentials = false;  // an Authorization header was sent
  std::string request_content_type;
  std::string request_body;
  int status = 0;
  httplib::Headers response_headers;
  std::string response_body;
};

class OpenApiContract {
 public:
  // document: the text of /openapi.json (OpenAPI 3.0). Throws
  // std::runtime_error when it is not JSON.
  explicit OpenApiContract(const std::string& document);
  ~OpenApiContract();
  OpenApiContract(const OpenApiContract&) = delete;
  OpenApiContract& operator=(const OpenApiContract&) = delete;

  // "" when the description documents the request as valid (an operation,
  // its path and query parameters, its body); otherwise why not.
  std::string request_problem(const HttpExchange& exchange) const;

  // "" when the answer is one the operation documents; otherwise what
  // disagrees, naming the operation and the status. request_valid: the
  // request was checked valid, so a 400 is a disagreement too.
  std::string response_problem(const HttpExchange& exchange,
                               bool request_valid) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The description served by the server at host:port, fetched once per test
// process (every server a test starts is the same binary); nullptr while it
// cannot be fetched.
const OpenApiContract* served_contract(const std::string& host, int port);

}  // namespace fourex::testing
