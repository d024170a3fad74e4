// The HTTP/1.1 transport of `embargo serve`, on Boost.Beast (asio): a fixed pool of
// threads runs non-blocking connections (keep-alive, TCP_NODELAY), each request is
// bounded (header and body size, time to arrive) and handed to server::Service, and
// every answer is written to a JSON access log line. SIGTERM and SIGINT stop it
// gracefully: no new connections, requests in flight finish, idle connections close.
// SIGHUP reloads the lists in the background (Service::Reload).
//
// Why Beast: asio multiplexes thousands of connections over as many threads as cores,
// so a slow or idle client costs a socket, not a thread (cpp-httplib's
// thread-per-connection model reached an 834 ms p99 at 64 connections here).
//
// Thread-safety: Run() blocks the calling thread; Stop() may be called from any thread.
#ifndef EMBARGO_SERVER_HTTP_H_
#define EMBARGO_SERVER_HTTP_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "common/error.h"
#include "server/service.h"

namespace embargo::server {

// Options (defaults in brackets):
//   host ["127.0.0.1"], port [8000; 0 = any free port]
//   threads [0 = one per core]
//   max_body_bytes [16 MiB]     larger bodies get 413
//   max_header_bytes [16 KiB]   larger headers get 431
//   request_timeout [30 s]      a request (headers and body) must arrive within this;
//                               also how long an idle keep-alive connection stays open
//   shutdown_grace [10 s]       how long requests in flight may take after SIGTERM
//   access_log [stderr]         one JSON line per request; nullptr = none
struct HttpOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8000;
  unsigned threads = 0;
  size_t max_body_bytes = 16u << 20;
  size_t max_header_bytes = 16u << 10;
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  FILE* access_log = stderr;
  bool handle_signals = true;  // SIGTERM/SIGINT stop, SIGHUP reloads
};

class HttpServer {
 public:
  HttpServer(Service& service, HttpOptions options);
  ~HttpServer();

  // Binds and listens; returns the port (useful with port 0).
  Result<uint16_t> Listen();
  // Serves until Stop() or a signal; returns after in-flight requests finished (or the
  // grace period ran out).
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace embargo::server

#endif  // EMBARGO_SERVER_HTTP_H_
