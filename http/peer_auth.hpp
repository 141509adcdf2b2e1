// How a node tells its peers that a request was forwarded by a node of the
// same cluster (issue 13), and for which client. Every node of a cluster
// shares ADMIN_TOKEN, so the forwarding node signs (HMAC-SHA256 keyed with
// it) the time, the client's address, the method and the target; the owner
// checks the signature before believing X-Forwarded-For. A client cannot
// make a valid header without the admin token, so it can neither pass for
// another address nor make a request look like a forward.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <httplib.h>

namespace fourex::http {

// "<unix seconds>:<hex HMAC>", on every request a node forwards.
inline constexpr const char* kForwardHeader = "X-Fourex-Forwarded";
// Clocks of the nodes may differ this much (NTP keeps them far closer); a
// captured header is useless for another request, or after this.
inline constexpr std::int64_t kForwardWindowS = 300;

// The header value for a request forwarded at `unix_s`.
std::string sign_forward(const std::string& key, std::int64_t unix_s,
                         const std::string& client_address,
                         const std::string& method, const std::string& target);

struct InboundForward {
  enum class Kind { none, valid, invalid };
  Kind kind = Kind::none;
  std::string client_address;  // valid: X-Forwarded-For
};

// What the request says about itself: not forwarded, forwarded by a peer
// (signature good and fresh), or carrying a forward header that is not a
// peer's (a client's forgery, or a node with another ADMIN_TOKEN).
InboundForward check_forward(const std::string& key,
                             const httplib::Request& req, std::int64_t now_s);

// Behind a trusted proxy (TRUSTED_PROXIES, e.g. HAProxy with `option
// forwardfor`): the client the proxy saw, the last address of
// X-Forwarded-For; "" when the request did not come from one of `trusted`
// or names no address.
std::string proxied_client(const httplib::Request& req,
                           const std::vector<std::string>& trusted);

}  // namespace fourex::http
