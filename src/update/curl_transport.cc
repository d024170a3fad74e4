// Transport on libcurl's easy interface: one handle per Fetch(), body streamed through
// the write callback, headers of the final answer collected by the header callback
// (reset at every status line, so headers of redirects are forgotten).
//
// Limits are enforced twice on purpose: CURLOPT_MAXFILESIZE_LARGE lets libcurl refuse an
// answer whose Content-Length is already too large, and the write callback counts the
// bytes it actually receives (answers without Content-Length). A transfer shorter than
// its Content-Length ends in CURLE_PARTIAL_FILE; the byte count is checked again after.
// Content-Encoding is not negotiated, so Content-Length is the length of what we store.
#include <curl/curl.h>
#include <strings.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "update/transport.h"

namespace embargo::update {
namespace {

// Bodies of error answers (404 pages) are discarded, but only up to this many bytes.
constexpr uint64_t kMaxDiscardedBytes = 1 << 20;

struct Transfer {
  CURL* curl = nullptr;
  const BodySink* sink = nullptr;
  uint64_t max_bytes = 0;
  FetchResponse response;
  uint64_t discarded = 0;
  std::optional<Error> error;  // set by a callback that aborted the transfer
};

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  return strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (StartsWithNoCase(line, "HTTP/")) {
    // A new answer (after a redirect or a 100 Continue): forget earlier headers.
    t->response.etag.clear();
    t->response.last_modified.clear();
    t->response.content_length.reset();
  } else if (StartsWithNoCase(line, "etag:")) {
    t->response.etag = std::string(Trim(line.substr(5)));
  } else if (StartsWithNoCase(line, "last-modified:")) {
    t->response.last_modified = std::string(Trim(line.substr(14)));
  } else if (StartsWithNoCase(line, "content-length:")) {
    std::string value(Trim(line.substr(15)));
    char* end = nullptr;
    errno = 0;
    unsigned long long n = std::strtoull(value.c_str(), &end, 10);
    if (!value.empty() && errno == 0 && end != nullptr && *end == '\0') {
      t->response.content_length = n;
    }
  }
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    t->discarded += n;
    return t->discarded > kMaxDiscardedBytes ? 0 : n;
  }
  if (t->max_bytes != 0 && t->response.body_bytes + n > t->max_bytes) {
    t->error = MakeError(ErrorCode::kLimit,
                         "body exceeds the limit of " + std::to_string(t->max_bytes) + " bytes");
    return 0;
  }
  if (Status s = (*t->sink)(std::string_view(data, n)); !s) {
    t->error = s.error();
    return 0;
  }
  t->response.body_bytes += n;
  return n;
}

class CurlTransport : public Transport {
 public:
  Result<FetchResponse> Fetch(const FetchRequest& request, const BodySink& sink) override {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return Fail(ErrorCode::kInternal, "curl_easy_init failed", request.url);
    Transfer t;
    t.curl = curl;
    t.sink = &sink;
    t.max_bytes = request.max_bytes;

    curl_slist* headers = nullptr;
    if (!request.if_none_match.empty()) {
      headers = curl_slist_append(headers, ("If-None-Match: " + request.if_none_match).c_str());
    }
    if (!request.if_modified_since.empty()) {
      headers =
          curl_slist_append(headers, ("If-Modified-Since: " + request.if_modified_since).c_str());
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "embargo-update/0.1");
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, request.max_redirects > 0 ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, request.max_redirects);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, request.connect_timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, request.low_speed_limit);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, request.low_speed_time_seconds);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, request.total_timeout_seconds);
    if (request.max_bytes != 0) {
      curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_bytes));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);

    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    char* effective = nullptr;
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
    t.response.status = status;
    if (effective != nullptr) t.response.effective_url = effective;
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);

    const std::string& where = request.url;
    if (t.error) {
      if (t.error->where.empty()) t.error->where = where;
      return Fail(*t.error);
    }
    if (rc != CURLE_OK) {
      std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
      switch (rc) {
        case CURLE_FILESIZE_EXCEEDED:
          return Fail(ErrorCode::kLimit,
                      "body exceeds the limit of " + std::to_string(request.max_bytes) + " bytes",
                      where);
        case CURLE_PARTIAL_FILE:
          return Fail(ErrorCode::kNetwork,
                      "connection closed after " + std::to_string(t.response.body_bytes) +
                          " bytes of the announced " +
                          (t.response.content_length ? std::to_string(*t.response.content_length)
                                                     : std::string("?")) +
                          " (" + detail + ")",
                      where);
        case CURLE_OPERATION_TIMEDOUT:
          return Fail(ErrorCode::kNetwork, "transfer timed out or stalled (" + detail + ")", where);
        default:
          return Fail(ErrorCode::kNetwork, detail, where);
      }
    }
    if (status == 304) return t.response;
    if (status < 200 || status > 299) {
      return Fail(ErrorCode::kNetwork, "server answered HTTP " + std::to_string(status), where);
    }
    if (t.response.content_length && *t.response.content_length != t.response.body_bytes) {
      return Fail(ErrorCode::kNetwork,
                  "received " + std::to_string(t.response.body_bytes) + " bytes, Content-Length " +
                      std::to_string(*t.response.content_length),
                  where);
    }
    return t.response;
  }
};

}  // namespace

Result<std::unique_ptr<Transport>> NewCurlTransport() {
  static std::once_flag once;
  static CURLcode init = CURLE_OK;
  std::call_once(once, [] { init = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init != CURLE_OK) {
    return Fail(ErrorCode::kInternal,
                std::string("curl_global_init failed: ") + curl_easy_strerror(init));
  }
  return std::unique_ptr<Transport>(new CurlTransport());
}

}  // namespace embargo::update
