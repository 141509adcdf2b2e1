#include "http/request_framing.hpp"

#include <cctype>
#include <string_view>

namespace fourex::http {
namespace {

constexpr std::size_t max_chunk_line = 1024;
constexpr std::size_t max_trailer_bytes = 4096;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

RequestFraming::State RequestFraming::reject(int status, const char* reason) {
  status_ = status;
  reason_ = reason;
  return state_ = State::rejected;
}

RequestFraming::State RequestFraming::update(const std::string& buffer) {
  if (state_ != State::incomplete) return state_;
  if (!headers_done()) {
    if (scan_headers(buffer) != State::incomplete || !headers_done())
      return state_;
    if (parse_headers(buffer) != State::incomplete) return state_;
  }
  if (chunked_) return scan_chunks(buffer);
  request_bytes_ = header_bytes_ + static_cast<std::size_t>(content_length_);
  if (buffer.size() >= request_bytes_) state_ = State::complete;
  return state_;
}

RequestFraming::State RequestFraming::scan_headers(const std::string& buffer) {
  for (; scanned_ < buffer.size(); ++scanned_) {
    if (buffer[scanned_] != '\n') continue;
    // The request line, the headers and the blank line.
    if (++lines_ > limits_.max_headers + 2)
      return reject(431, "too many header fields");
    if (scanned_ >= 3 && buffer.compare(scanned_ - 3, 4, "\r\n\r\n") == 0) {
      header_bytes_ = scanned_ + 1;
      break;
    }
  }
  std::size_t seen = headers_done() ? header_bytes_ : buffer.size();
  if (seen > limits_.max_header_bytes)
    return reject(431, "the request line and headers are too large");
  return state_;
}

RequestFraming::State RequestFraming::parse_headers(const std::string& buffer) {
  std::string_view head(buffer.data(), header_bytes_ - 2);
  bool has_length = false;
  bool has_encoding = false;
  auto pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    auto start = pos + 2;
    pos = head.find("\r\n", start);
    auto line = head.substr(start, pos == std::string_view::npos
                                       ? std::string_view::npos
                                       : pos - start);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // httplib skips it too
    auto name = line.substr(0, colon);
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      if (value.empty() || value.size() > 18 ||
          value.find_first_not_of("0123456789") != std::string_view::npos)
        return reject(400, "malformed Content-Length");
      auto length = std::stoull(std::string(value));
      if (has_length && length != content_length_)
        return reject(400, "conflicting Content-Length fields");
      has_length = true;
      content_length_ = length;
    } else if (iequals(name, "Transfer-Encoding")) {
      if (!iequals(value, "chunked"))
        return reject(400, "unsupported Transfer-Encoding");
      has_encoding = true;
    } else if (iequals(name, "Expect")) {
      expects_continue_ = iequals(value, "100-continue");
    }
  }
  // Both framings in one request is how requests are smuggled past proxies.
  if (has_length && has_encoding)
    return reject(400, "both Content-Length and Transfer-Encoding");
  if (content_length_ > limits_.max_body_bytes)
    return reject(413, "the body is over MAX_BODY_BYTES");
  chunked_ = has_encoding;
  chunk_at_ = header_bytes_;
  expects_continue_ = expects_continue_ && (chunked_ || content_length_ > 0);
  return state_;
}

RequestFraming::State RequestFraming::scan_chunks(const std::string& buffer) {
  for (;;) {
    auto eol = buffer.find("\r\n", chunk_at_);
    if (eol == std::string::npos) {
      if (buffer.size() - chunk_at_ > max_chunk_line)
        return reject(400, "malformed chunk size");
      return state_;
    }
    std::uint64_t size = 0;
    std::size_t i = chunk_at_;
    for (; i < eol && hex_value(buffer[i]) >= 0; ++i) {
      if (i - chunk_at_ >= 15) return reject(413, "chunk too large");
      size = size * 16 + static_cast<std::uint64_t>(hex_value(buffer[i]));
    }
    if (i == chunk_at_ ||
        (i < eol && buffer[i] != ';' && buffer[i] != ' ' && buffer[i] != '\t'))
      return reject(400, "malformed chunk size");
    auto data_at = eol + 2;
    if (size == 0) {  // the last chunk, then trailer fields up to a blank line
      if (buffer.compare(data_at, 2, "\r\n") == 0) {
        request_bytes_ = data_at + 2;
        return state_ = State::complete;
      }
      auto blank = buffer.find("\r\n\r\n", data_at);
      if (blank != std::string::npos) {
        request_bytes_ = blank + 4;
        return state_ = State::complete;
      }
      if (buffer.size() - data_at > max_trailer_bytes)
        return reject(431, "trailer fields too large");
      return state_;
    }
    if (chunk_data_ + size > limits_.max_body_bytes)
      return reject(413, "the body is over MAX_BODY_BYTES");
    auto data_end = data_at + static_cast<std::size_t>(size);
    if (buffer.size() < data_end + 2) return state_;
    if (buffer.compare(data_end, 2, "\r\n") != 0)
      return reject(400, "chunk data not followed by CRLF");
    chunk_data_ += size;
    chunk_at_ = data_end + 2;
  }
}

}  // namespace fourex::http
