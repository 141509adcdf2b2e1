// HTTP metrics (requests by route and status, latency) in the runtime's
// Prometheus registry, and the text exposition of the whole registry.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include <httplib.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace fourex::http {

// The route a request matched, its path parameters replaced by {game_id}
// (e.g. /api/v1/games/{game_id}/state); "unmatched" when no route did.
// Bounded label values: never the raw path.
std::string route_of(const httplib::Request& req);

// The request's method, or "other" for a token that names none (the
// request line of a malformed request, answered 400): bounded label values
// whatever clients send.
std::string method_of(const httplib::Request& req);

// The game a request is about (path parameter or ?game_id=), or "" when
// it names none or no valid id.
std::string game_of(const httplib::Request& req);

class HttpMetrics {
 public:
  explicit HttpMetrics(prometheus::Registry& registry);
  void observe(const std::string& method, const std::string& route, int status,
               double seconds);

 private:
  // A request's counter and histogram. Family::Add builds a whole histogram
  // (18 buckets) before it finds the one it already has: looked up here
  // instead, by method, route and status.
  struct Series {
    prometheus::Counter* requests = nullptr;
    prometheus::Histogram* latency = nullptr;
  };
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  std::mutex mutex_;
  std::unordered_map<std::string, Series> series_;
};

// The registry in Prometheus text format 0.0.4.
std::string exposition(prometheus::Registry& registry);

}  // namespace fourex::http
