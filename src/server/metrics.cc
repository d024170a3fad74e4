#include "server/metrics.h"

#include <fmt/format.h>

namespace embargo::server {

std::string_view EndpointName(Endpoint e) {
  switch (e) {
    case Endpoint::kMatch:
      return "match";
    case Endpoint::kSearch:
      return "search";
    case Endpoint::kEntity:
      return "entities";
    case Endpoint::kScan:
      return "scan";
    case Endpoint::kCatalog:
      return "catalog";
    case Endpoint::kAlgorithms:
      return "algorithms";
    case Endpoint::kHealth:
      return "health";
    case Endpoint::kMetrics:
      return "metrics";
    case Endpoint::kStatic:
      return "static";
    case Endpoint::kAdmin:
      return "admin";
    case Endpoint::kAlerts:
      return "alerts";
    case Endpoint::kOther:
    case Endpoint::kCount:
      break;
  }
  return "other";
}

void Metrics::Observe(Endpoint endpoint, int status, double seconds) {
  size_t e = static_cast<size_t>(endpoint);
  if (e >= kEndpoints) e = static_cast<size_t>(Endpoint::kOther);
  int cls = status / 100 - 1;
  if (cls < 0 || cls >= static_cast<int>(kStatusClasses)) cls = 4;
  requests_[e][cls].fetch_add(1, std::memory_order_relaxed);
  Histogram& h = latency_[e];
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  h.buckets[b].fetch_add(1, std::memory_order_relaxed);
  h.count.fetch_add(1, std::memory_order_relaxed);
  h.sum_ns.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::string out;
  out +=
      "# HELP embargo_http_requests_total HTTP requests handled, by endpoint and status class.\n";
  out += "# TYPE embargo_http_requests_total counter\n";
  for (size_t e = 0; e < kEndpoints; ++e)
    for (size_t c = 0; c < kStatusClasses; ++c) {
      uint64_t n = requests_[e][c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += fmt::format("embargo_http_requests_total{{endpoint=\"{}\",code=\"{}xx\"}} {}\n",
                         EndpointName(static_cast<Endpoint>(e)), c + 1, n);
    }
  out += "# HELP embargo_http_request_duration_seconds Time to handle a request, by endpoint.\n";
  out += "# TYPE embargo_http_request_duration_seconds histogram\n";
  for (size_t e = 0; e < kEndpoints; ++e) {
    const Histogram& h = latency_[e];
    uint64_t count = h.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    std::string_view name = EndpointName(static_cast<Endpoint>(e));
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += h.buckets[b].load(std::memory_order_relaxed);
      out += fmt::format(
          "embargo_http_request_duration_seconds_bucket{{endpoint=\"{}\",le=\"{}\"}} {}\n", name,
          kBuckets[b], cumulative);
    }
    cumulative += h.buckets[kBuckets.size()].load(std::memory_order_relaxed);
    out += fmt::format(
        "embargo_http_request_duration_seconds_bucket{{endpoint=\"{}\",le=\"+Inf\"}} {}\n", name,
        cumulative);
    out += fmt::format("embargo_http_request_duration_seconds_sum{{endpoint=\"{}\"}} {:.9f}\n",
                       name, h.sum_ns.load(std::memory_order_relaxed) / 1e9);
    out += fmt::format("embargo_http_request_duration_seconds_count{{endpoint=\"{}\"}} {}\n", name,
                       cumulative);
  }
  out += "# HELP embargo_reloads_total List reloads, by outcome.\n";
  out += "# TYPE embargo_reloads_total counter\n";
  out += fmt::format("embargo_reloads_total{{outcome=\"ok\"}} {}\n", reloads_ok.load());
  out += fmt::format("embargo_reloads_total{{outcome=\"failed\"}} {}\n", reloads_failed.load());
  out += "# HELP embargo_auth_rejected_total Requests rejected for a missing or wrong API key.\n";
  out += "# TYPE embargo_auth_rejected_total counter\n";
  out += fmt::format("embargo_auth_rejected_total {}\n", rejected_auth.load());
  out += "# HELP embargo_http_in_flight Requests being handled now.\n";
  out += "# TYPE embargo_http_in_flight gauge\n";
  out += fmt::format("embargo_http_in_flight {}\n", in_flight.load());
  out += "# HELP embargo_http_connections_total TCP connections accepted.\n";
  out += "# TYPE embargo_http_connections_total counter\n";
  out += fmt::format("embargo_http_connections_total {}\n", connections.load());
  return out;
}

}  // namespace embargo::server
