// Where one buffered HTTP/1.1 request ends (RFC 9112 6): the connection gate
// reads a connection until this says the request is whole, then hands it to
// a worker. Incremental, so a client sending a byte at a time costs a
// constant per byte, not a rescan of everything buffered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace fourex::http {

struct FramingLimits {
  std::size_t max_header_bytes = 16384;  // request line + headers
  int max_headers = 64;
  std::uint64_t max_body_bytes = 1 << 20;
};

class RequestFraming {
 public:
  enum class State { incomplete, complete, rejected };

  explicit RequestFraming(const FramingLimits& limits) : limits_(limits) {}

  // Scans what `buffer` gained since the last call (the buffer only grows
  // between reset()s) and returns the request's state.
  State update(const std::string& buffer);
  // Forgets the request, to frame the next one from the buffer's start.
  void reset() { *this = RequestFraming(limits_); }

  bool headers_done() const { return header_bytes_ > 0; }
  // "Expect: 100-continue" with a body still to come.
  bool expects_continue() const { return expects_continue_; }
  // When complete: the request's length, body included.
  std::size_t request_bytes() const { return request_bytes_; }
  // When rejected: 400, 413 or 431, and why.
  int status() const { return status_; }
  const char* reason() const { return reason_; }

 private:
  State reject(int status, const char* reason);
  State scan_headers(const std::string& buffer);
  State parse_headers(const std::string& buffer);
  State scan_chunks(const std::string& buffer);

  FramingLimits limits_;
  State state_ = State::incomplete;
  std::size_t scanned_ = 0;  // header bytes searched for the blank line
  int lines_ = 0;
  std::size_t header_bytes_ = 0;
  bool chunked_ = false;
  std::uint64_t content_length_ = 0;
  std::size_t chunk_at_ = 0;  // next chunk-size line
  std::uint64_t chunk_data_ = 0;
  bool expects_continue_ = false;
  std::size_t request_bytes_ = 0;
  int status_ = 0;
  const char* reason_ = "";
};

}  // namespace fourex::http
