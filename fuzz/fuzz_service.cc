// Fuzzes the HTTP API behind the sockets (server/service.h): any method, target (path and
// query string) and body, with each Content-Type the API reads, must give a well-formed
// answer: a status from 200 to 599 and, for JSON answers, a body that parses. The lists
// are the bundled sample (data/sample), loaded once.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ingest/loader.h"
#include "server/service.h"

namespace {

embargo::server::Service& TheService() {
  using namespace embargo;
  static server::Service* s = [] {
    const char* src = std::getenv("EMBARGO_SOURCE_DIR");
    std::string dir = std::string(src ? src : EMBARGO_SOURCE_DIR_DEFAULT) + "/data/sample";
    auto* service = new server::Service([dir] { return ingest::LoadDataDir(dir); }, {});
    if (!service->Reload()) std::abort();
    return service;
  }();
  return *s;
}

}  // namespace

// Input: byte 0 picks the method and Content-Type; then target, '\n', body.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace embargo;
  if (size < 1) return 0;
  static const char* kMethods[] = {"GET", "POST", "OPTIONS", "HEAD", "PUT"};
  static const char* kTypes[] = {"application/json", "text/plain", "text/html", "application/pdf",
                                 ""};
  server::Request r;
  r.method = kMethods[data[0] % 5];
  r.content_type = kTypes[(data[0] / 5) % 5];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t nl = rest.find('\n');
  r.target = std::string(rest.substr(0, nl));
  if (r.target.rfind("/admin", 0) == 0) return 0;  // reloads are slow, not parsing
  if (nl != std::string_view::npos) r.body = std::string(rest.substr(nl + 1));
  server::Response resp = TheService().Handle(r);
  if (resp.status < 200 || resp.status > 599) std::abort();
  if (resp.content_type == "application/json" &&
      nlohmann::json::parse(resp.body, nullptr, false).is_discarded())
    std::abort();
  return 0;
}
