#include "http/peer_auth.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cstdlib>

#include "actors/tokens.hpp"

namespace fourex::http {
namespace {

std::string signed_text(std::int64_t unix_s, const std::string& client_address,
                        const std::string& method, const std::string& target) {
  return "fourex-forward-v1\n" + std::to_string(unix_s) + "\n" +
         client_address + "\n" + method + "\n" + target;
}

}  // namespace

std::string sign_forward(const std::string& key, std::int64_t unix_s,
                         const std::string& client_address,
                         const std::string& method, const std::string& target) {
  return std::to_string(unix_s) + ":" +
         actors::hmac_sha256_hex(
             key, signed_text(unix_s, client_address, method, target));
}

InboundForward check_forward(const std::string& key,
                             const httplib::Request& req, std::int64_t now_s) {
  InboundForward in;
  if (!req.has_header(kForwardHeader)) return in;
  in.kind = InboundForward::Kind::invalid;
  const auto header = req.get_header_value(kForwardHeader);
  const auto colon = header.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 19) return in;
  char* end = nullptr;
  const long long sent = std::strtoll(header.c_str(), &end, 10);
  if (end != header.c_str() + colon ||
      std::llabs(now_s - sent) > kForwardWindowS)
    return in;
  const auto client = req.get_header_value("X-Forwarded-For");
  if (client.empty()) return in;
  const auto expected = sign_forward(key, sent, client, req.method, req.target);
  if (!actors::constant_time_equal(header, expected)) return in;
  in.kind = InboundForward::Kind::valid;
  in.client_address = client;
  return in;
}

std::string proxied_client(const httplib::Request& req,
                           const std::vector<std::string>& trusted) {
  if (trusted.empty() || std::find(trusted.begin(), trusted.end(),
                                   req.remote_addr) == trusted.end())
    return {};
  auto count = req.get_header_value_count("X-Forwarded-For");
  if (count == 0) return {};
  // The proxy appends what it saw to what the client may have sent.
  auto list = req.get_header_value("X-Forwarded-For", count - 1);
  auto last = list.substr(list.rfind(',') + 1);
  auto first = last.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  last = last.substr(first, last.find_last_not_of(' ') - first + 1);
  in6_addr buf{};
  if (::inet_pton(AF_INET, last.c_str(), &buf) != 1 &&
      ::inet_pton(AF_INET6, last.c_str(), &buf) != 1)
    return {};
  return last;
}

}  // namespace fourex::http
