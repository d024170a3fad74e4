#include "server/http.h"

#include <fmt/format.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace embargo::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string NowIso() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", buf, static_cast<int>(ms.count()));
}

}  // namespace

struct HttpServer::Impl {
  Impl(Service& s, HttpOptions o)
      : service(s), options(std::move(o)), acceptor(net::make_strand(ioc)) {}

  class Session;

  Service& service;
  HttpOptions options;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::unique_ptr<net::signal_set> signals;
  std::atomic<bool> stopping{false};
  std::mutex log_mu;

  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  std::mutex reload_mu;
  std::thread reload_thread;
  bool reload_running = false;  // guarded by reload_mu
  bool reload_pending = false;

  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopped = false;

  void Accept();
  void BeginStop();
  void Log(const std::string& remote, const std::string& method, std::string_view target,
           int status, size_t bytes, double seconds, Endpoint endpoint);
  void ReloadInBackground();
  void WaitSignal();
};

class HttpServer::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket&& socket) : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = fmt::format("{}:{}", ep.address().to_string(), ep.port());
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Session() {
    std::lock_guard<std::mutex> lock(server_.sessions_mu);
    server_.sessions.erase(this);
  }

  void Start() {
    {
      std::lock_guard<std::mutex> lock(server_.sessions_mu);
      server_.sessions.emplace(this, weak_from_this());
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

  // Called on shutdown: closes the connection now unless a request is being handled
  // (that one finishes and then closes, since keep-alive is off while stopping).
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  void Read() {
    if (server_.stopping.load()) return Close();
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(static_cast<uint32_t>(server_.options.max_header_bytes));
    stream_.expires_after(server_.options.request_timeout);
    busy_ = false;
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::bad_descriptor)
      return Close();
    busy_ = true;
    if (ec) {
      // A request we will not read further: answer why, then close.
      int status = 400;
      std::string detail = "Malformed HTTP request: " + ec.message();
      if (ec == http::error::body_limit) {
        status = 413;
        detail = fmt::format("Request body larger than {} bytes", server_.options.max_body_bytes);
      } else if (ec == http::error::header_limit) {
        status = 431;
        detail = "Request headers too large";
      }
      Response r;
      r.status = status;
      r.body = nlohmann::json{{"detail", detail}}.dump();
      return Write(std::move(r), "-", "-", false, std::chrono::steady_clock::now());
    }
    auto start = std::chrono::steady_clock::now();
    const auto& req = parser_->get();
    Request request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.body = std::move(parser_->get().body());
    if (auto it = req.find(http::field::content_type); it != req.end())
      request.content_type = std::string(it->value());
    if (auto it = req.find(http::field::authorization); it != req.end())
      request.authorization = std::string(it->value());
    if (auto it = req.find("X-API-Key"); it != req.end())
      request.api_key = std::string(it->value());
    if (auto it = req.find(http::field::origin); it != req.end())
      request.origin = std::string(it->value());
    if (auto it = req.find("X-Embargo-User"); it != req.end())
      request.user = std::string(it->value());
    bool keep_alive = req.keep_alive();
    server_.service.metrics().in_flight.fetch_add(1, std::memory_order_relaxed);
    Response r = server_.service.Handle(request);
    server_.service.metrics().in_flight.fetch_sub(1, std::memory_order_relaxed);
    std::string_view target = request.target;
    target = target.substr(0, target.find('?'));  // queries may hold names: not logged
    Write(std::move(r), request.method, std::string(target), keep_alive, start);
  }

  void Write(Response r, const std::string& method, const std::string& target, bool keep_alive,
             std::chrono::steady_clock::time_point start) {
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(r.status));
    res_.set(http::field::server, "embargo");
    if (!r.content_type.empty()) res_.set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res_.set(k, v);
    res_.body() = std::move(r.body);
    res_.keep_alive(keep_alive && !server_.stopping.load());
    res_.prepare_payload();
    if (method == "HEAD") {  // the length GET would send, no body
      size_t length = res_.body().size();
      res_.body().clear();
      res_.content_length(length);
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    server_.service.metrics().Observe(r.endpoint, r.status, seconds);
    server_.Log(remote_, method, target, r.status, res_.body().size(), seconds, r.endpoint);
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->busy_ = false;
      if (ec || !self->res_.keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::string remote_;
  bool busy_ = false;
};

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (stopping.load() || ec == net::error::operation_aborted) return;
      // Out of descriptors or a reset before accept: keep serving the others.
      Accept();
      return;
    }
    service.metrics().connections.fetch_add(1, std::memory_order_relaxed);
    std::make_shared<Session>(*this, std::move(socket))->Start();
    Accept();
  });
}

void HttpServer::Impl::Log(const std::string& remote, const std::string& method,
                           std::string_view target, int status, size_t bytes, double seconds,
                           Endpoint endpoint) {
  if (!options.access_log) return;
  nlohmann::json line = {{"ts", NowIso()},
                         {"remote", remote},
                         {"method", method},
                         {"path", target},
                         {"status", status},
                         {"bytes", bytes},
                         {"ms", std::round(seconds * 1e6) / 1e3},
                         {"endpoint", EndpointName(endpoint)}};
  std::string s = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  s.push_back('\n');
  std::lock_guard<std::mutex> lock(log_mu);
  std::fwrite(s.data(), 1, s.size(), options.access_log);
  std::fflush(options.access_log);
}

void HttpServer::Impl::ReloadInBackground() {
  // Never blocks the I/O thread that got the signal: one reload thread at a time, and
  // signals that arrive while it runs fold into one more reload after it.
  std::lock_guard<std::mutex> lock(reload_mu);
  reload_pending = true;
  if (reload_running) return;
  if (reload_thread.joinable()) reload_thread.join();  // finished: it cleared running
  reload_running = true;
  reload_thread = std::thread([this] {
    for (;;) {
      {
        std::lock_guard<std::mutex> l(reload_mu);
        if (!reload_pending) {
          reload_running = false;
          return;
        }
        reload_pending = false;
      }
      Result<void> ok = service.Reload();
      std::string msg = ok ? fmt::format("embargo serve: lists reloaded (version {})\n",
                                         service.snapshot()->version)
                           : fmt::format(
                                 "embargo serve: reload failed, previous lists still "
                                 "serving: {}\n",
                                 ok.error().ToString());
      std::lock_guard<std::mutex> l(log_mu);
      std::fputs(msg.c_str(), stderr);
    }
  });
}

void HttpServer::Impl::WaitSignal() {
  signals->async_wait([this](beast::error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      ReloadInBackground();
      WaitSignal();
      return;
    }
    BeginStop();
  });
}

void HttpServer::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  net::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
  });
  if (signals)
    net::post(ioc, [this] {
      beast::error_code ec;
      signals->cancel(ec);
    });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(sessions_mu);
    for (auto& [p, w] : sessions)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->CloseIfIdle();
  std::lock_guard<std::mutex> lock(stop_mu);
  stop_cv.notify_all();
}

HttpServer::HttpServer(Service& service, HttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {}

HttpServer::~HttpServer() {
  // Join outside the lock: the reload thread takes it to learn there is nothing left.
  std::thread reload;
  {
    std::lock_guard<std::mutex> lock(impl_->reload_mu);
    impl_->reload_pending = false;
    reload = std::move(impl_->reload_thread);
  }
  if (reload.joinable()) reload.join();
}

Result<uint16_t> HttpServer::Listen() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec)
    return Fail(ErrorCode::kInvalidArgument, "not an IP address: " + impl_->options.host, "--host");
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Fail(ErrorCode::kIo, fmt::format("cannot listen on {}:{}: {}", impl_->options.host,
                                            impl_->options.port, ec.message()));
  return a.local_endpoint().port();
}

void HttpServer::Run() {
  Impl& s = *impl_;
  if (s.options.handle_signals) {
    s.signals = std::make_unique<net::signal_set>(s.ioc, SIGINT, SIGTERM, SIGHUP);
    s.WaitSignal();
  }
  s.Accept();
  unsigned n = s.options.threads ? s.options.threads : std::thread::hardware_concurrency();
  if (n == 0) n = 2;
  std::vector<std::thread> threads;
  std::atomic<unsigned> running{n};
  for (unsigned i = 0; i < n; ++i)
    threads.emplace_back([&s, &running] {
      s.ioc.run();
      if (running.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(s.stop_mu);
        s.stopped = true;
        s.stop_cv.notify_all();
      }
    });
  // Watchdog: once stopping, give requests in flight the grace period, then stop hard.
  {
    std::unique_lock<std::mutex> lock(s.stop_mu);
    s.stop_cv.wait(lock, [&s] { return s.stopped || s.stopping.load(); });
    if (!s.stopped &&
        !s.stop_cv.wait_for(lock, s.options.shutdown_grace, [&s] { return s.stopped; }))
      s.ioc.stop();
  }
  for (auto& t : threads) t.join();
}

void HttpServer::Stop() { impl_->BeginStop(); }

}  // namespace embargo::server
