// Counters and latency histograms for `GET /metrics` (Prometheus text format 0.0.4):
// requests per endpoint and status class, latency per endpoint, reloads, and whatever
// gauges the service adds when it renders (list versions, index size).
//
// Thread-safety: Observe() and the counters are lock-free (relaxed atomics) and safe
// from every server thread; Render() reads a consistent-enough view without locking.
#ifndef EMBARGO_SERVER_METRICS_H_
#define EMBARGO_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace embargo::server {

// The endpoints counted apart; everything else is kOther.
enum class Endpoint : uint8_t {
  kMatch,
  kSearch,
  kEntity,
  kScan,
  kCatalog,
  kAlgorithms,
  kHealth,
  kMetrics,
  kStatic,
  kAdmin,
  kAlerts,
  kOther,
  kCount,
};
std::string_view EndpointName(Endpoint e);  // "match", "search", ...

class Metrics {
 public:
  // Histogram bucket upper bounds in seconds (Prometheus "le").
  static constexpr std::array<double, 14> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  // One finished request: its endpoint, HTTP status and time spent handling it.
  void Observe(Endpoint endpoint, int status, double seconds);

  std::atomic<uint64_t> reloads_ok{0};
  std::atomic<uint64_t> reloads_failed{0};
  std::atomic<uint64_t> rejected_auth{0};  // 401s from missing or wrong API keys
  std::atomic<int64_t> in_flight{0};       // requests being handled now
  std::atomic<uint64_t> connections{0};    // accepted since start

  // The counters and histograms as Prometheus text (no trailing gauges of the caller).
  std::string Render() const;

 private:
  static constexpr size_t kEndpoints = static_cast<size_t>(Endpoint::kCount);
  static constexpr size_t kStatusClasses = 5;  // 1xx..5xx
  struct Histogram {
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last = +Inf
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_ns{0};
  };
  std::array<std::array<std::atomic<uint64_t>, kStatusClasses>, kEndpoints> requests_{};
  std::array<Histogram, kEndpoints> latency_{};
};

}  // namespace embargo::server

#endif  // EMBARGO_SERVER_METRICS_H_
