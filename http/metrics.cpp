// Request metrics and the /metrics body.
#include "http/metrics.hpp"

#include <set>

#include <prometheus/text_serializer.h>

#include "actors/requests.hpp"

namespace fourex::http {

std::string route_of(const httplib::Request& req) {
  if (req.matches.empty()) return "unmatched";
  std::string route = req.path;
  // Replace the captured segments from the last, so earlier offsets hold.
  for (std::size_t i = req.matches.size(); i-- > 1;) {
    if (!req.matches[i].matched) continue;
    route.replace(static_cast<std::size_t>(req.matches.position(i)),
                  static_cast<std::size_t>(req.matches.length(i)), "{game_id}");
  }
  return route;
}

std::string method_of(const httplib::Request& req) {
  static const std::set<std::string, std::less<>> known{
      "GET",     "HEAD",  "POST",  "PUT",    "DELETE",
      "OPTIONS", "PATCH", "TRACE", "CONNECT"};
  return known.count(req.method) ? req.method : "other";
}

std::string game_of(const httplib::Request& req) {
  if (req.matches.size() > 1 && req.matches[1].matched)
    return req.matches[1].str();
  auto id = req.get_param_value("game_id");
  return actors::is_game_id(id) ? id : "";
}

HttpMetrics::HttpMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("fourex_http_requests_total")
                    .Help("HTTP requests by method, route and status")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("fourex_http_request_duration_seconds")
                   .Help("HTTP request latency by method and route")
                   .Register(registry)) {}

void HttpMetrics::observe(const std::string& method, const std::string& route,
                          int status, double seconds) {
  static const prometheus::Histogram::BucketBoundaries buckets{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,    0.5,    1,     2.5,    5,     10,   30};
  auto status_text = std::to_string(status);
  auto key = method + ' ' + route + ' ' + status_text;
  Series series;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = series_.find(key);
    if (it == series_.end()) {
      series.requests = &requests_.Add(
          {{"method", method}, {"route", route}, {"status", status_text}});
      series.latency =
          &latency_.Add({{"method", method}, {"route", route}}, buckets);
      it = series_.emplace(std::move(key), series).first;
    }
    series = it->second;
  }
  series.requests->Increment();
  series.latency->Observe(seconds);
}

std::string exposition(prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

}  // namespace fourex::http
