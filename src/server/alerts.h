// The alert queue of `embargo serve`: what monitoring raised (store/store.h), and the
// decisions analysts and supervisors take on it, over HTTP:
//   GET  /alerts?status=open|escalated|pending|pending_approval|decided&limit=&offset=
//   GET  /alerts/{id}
//   POST /alerts/{id}/decision   {"decision": "true_match|false_positive|escalate",
//                                 "comment": "...", "whitelist": false, "user": "..."}
//   POST /alerts/{id}/approve    {"user": "..."}
// The acting user is named by the X-Embargo-User header or the body's "user" and must be a
// user of the store (`embargo users add`). The Store decides and writes the audit entry in
// one transaction; this class checks first what it can answer precisely (unknown user
// 403, no alert 404, not open 409, self-approval 403) and maps what remains.
//
// An API key bound to a user (`serve --api-key-file`, lines "KEY USER") authenticates that
// user: the header may only repeat it. Otherwise the name is asserted by the caller, and
// four eyes over HTTP holds against mistakes, not against a caller who names someone else.
//
// Thread-safety: Handle() is safe from many threads. The store (one connection) is opened
// on first use and used under a mutex, so alert requests run one at a time; they never
// touch the screening path.
#ifndef EMBARGO_SERVER_ALERTS_H_
#define EMBARGO_SERVER_ALERTS_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/error.h"
#include "server/service.h"
#include "store/store.h"

namespace embargo::server {

class AlertDesk {
 public:
  // `open` is called on each request until it succeeds; its kNotFound (no store yet)
  // answers 404 with its message, other errors 500.
  explicit AlertDesk(StoreOpener open);
  ~AlertDesk();

  // REQUIRES: path is "/alerts" or starts with "/alerts/"; the caller checked API keys.
  // `user`: the acting user as the service established it (API key or X-Embargo-User).
  Response Handle(const Request& request, std::string_view user, std::string_view path,
                  std::string_view query);

 private:
  Response Locked(const Request& request, std::string_view user, std::string_view path,
                  std::string_view query);

  StoreOpener open_;
  std::mutex mu_;
  std::unique_ptr<store::Store> store_;  // guarded by mu_
};

}  // namespace embargo::server

#endif  // EMBARGO_SERVER_ALERTS_H_
