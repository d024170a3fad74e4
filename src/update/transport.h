// The network edge of `embargo update`: one HTTP GET, body streamed to a sink. The
// Downloader (downloader.h) talks only to this interface, so tests can inject a fake
// transport and the real one (NewCurlTransport, on libcurl) stays the only code that
// knows about HTTP libraries.
//
// Contract of Fetch():
//   - follows at most `max_redirects` redirects, http and https only;
//   - sends If-None-Match / If-Modified-Since when given; a 304 answer is a success
//     with status 304 and no body;
//   - any other non-2xx final status is an error (kNetwork, message "HTTP 404 ...");
//   - calls `sink` with the body of a 2xx answer, chunk by chunk; an error returned by
//     the sink aborts the transfer and is returned unchanged;
//   - a body shorter than its Content-Length, a stalled connection (below
//     low_speed_limit bytes/s for low_speed_time_seconds) or a failed connection is an
//     error (kNetwork); a body over max_bytes is an error (kLimit).
//
// Thread-safety: a Transport may be used by one thread at a time.
#ifndef EMBARGO_UPDATE_TRANSPORT_H_
#define EMBARGO_UPDATE_TRANSPORT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace embargo::update {

struct FetchRequest {
  std::string url;
  std::string if_none_match;      // stored ETag, sent verbatim; empty = not sent
  std::string if_modified_since;  // stored Last-Modified, sent verbatim; empty = not sent
  uint64_t max_bytes = 0;         // 0 = no limit (the Downloader always sets one)
  long connect_timeout_seconds = 30;
  long low_speed_limit = 1024;        // bytes per second ...
  long low_speed_time_seconds = 60;   // ... for this long, else the transfer is abandoned
  long total_timeout_seconds = 3600;  // 0 = none
  long max_redirects = 5;
};

struct FetchResponse {
  long status = 0;                         // final HTTP status (2xx or 304)
  std::string etag;                        // ETag header of the final answer, or empty
  std::string last_modified;               // Last-Modified header of the final answer, or empty
  std::optional<uint64_t> content_length;  // declared length of the final answer
  uint64_t body_bytes = 0;                 // bytes passed to the sink
  std::string effective_url;               // URL after redirects
};

// Receives body bytes; an error aborts the transfer.
using BodySink = std::function<Status(std::string_view chunk)>;

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<FetchResponse> Fetch(const FetchRequest& request, const BodySink& sink) = 0;
};

// The libcurl transport. Fails only if libcurl cannot be initialised.
Result<std::unique_ptr<Transport>> NewCurlTransport();

}  // namespace embargo::update

#endif  // EMBARGO_UPDATE_TRANSPORT_H_
