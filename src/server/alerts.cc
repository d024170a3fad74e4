// The alert endpoints. Each request takes the desk's mutex, opens the store when it is not
// open yet, checks the acting user and the alert's state, then calls the Store, which
// re-checks everything inside its write transaction (another process may have decided the
// alert in between: that answers 409 too).
#include "server/alerts.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

namespace embargo::server {
namespace {

using nlohmann::json;

constexpr size_t kDefaultLimit = 100;
constexpr size_t kMaxLimit = 1000;

Response Answer(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.endpoint = Endpoint::kAlerts;
  return r;
}

Response Detail(int status, std::string_view detail) {
  return Answer(status, json{{"detail", detail}});
}

// A store error the checks before it did not catch.
Response FromError(const Error& e) {
  switch (e.code) {
    case ErrorCode::kNotFound:
      return Detail(404, e.message);
    case ErrorCode::kInvalidArgument:  // state changed under us (another process decided)
      return Detail(409, e.message);
    default:
      return Detail(500, "alert store: " + e.ToString());
  }
}

std::optional<int64_t> ParseId(std::string_view s) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || id <= 0) return std::nullopt;
  return id;
}

// Value of `key` in a query string, "" when absent (percent-decoded).
std::string QueryParam(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (UrlDecode(pair.substr(0, eq)) == key)
      return eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
  }
  return {};
}

Result<size_t> SizeParam(std::string_view query, std::string_view key, size_t fallback,
                         size_t max) {
  std::string v = QueryParam(query, key);
  if (v.empty()) return fallback;
  size_t out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || ptr != v.data() + v.size() || out > max)
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("query parameter '{}': expected a number from 0 to {}, got '{}'", key, max, v));
  return out;
}

}  // namespace

AlertDesk::AlertDesk(StoreOpener open) : open_(std::move(open)) {}
AlertDesk::~AlertDesk() = default;

Response AlertDesk::Handle(const Request& request, std::string_view user, std::string_view path,
                           std::string_view query) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!store_) {
    Result<std::unique_ptr<store::Store>> opened =
        open_ ? open_() : Fail(ErrorCode::kNotFound, "this server keeps no alert store");
    if (!opened)
      return opened.error().code == ErrorCode::kNotFound
                 ? Detail(404, opened.error().ToString())
                 : Detail(500, "cannot open the alert store: " + opened.error().ToString());
    store_ = std::move(*opened);
  }
  return Locked(request, user, path, query);
}

Response AlertDesk::Locked(const Request& request, std::string_view acting, std::string_view path,
                           std::string_view query) {
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  store::Store& st = *store_;

  if (path == "/alerts") {
    if (!get) return Detail(405, "Method Not Allowed");
    std::string status = QueryParam(query, "status");
    if (status == "pending") status = "pending_approval";
    if (!status.empty() && status != "open" && status != "escalated" &&
        status != "pending_approval" && status != "decided")
      return Detail(400,
                    "status: expected open, escalated, pending (pending_approval) or "
                    "decided, got '" +
                        status + "'");
    auto limit = SizeParam(query, "limit", kDefaultLimit, kMaxLimit);
    auto offset = SizeParam(query, "offset", 0, SIZE_MAX);
    if (!limit) return Detail(400, limit.error().message);
    if (!offset) return Detail(400, offset.error().message);
    auto total = st.AlertCount(status);
    if (!total) return FromError(total.error());
    json out = json::array();
    if (*limit > 0) {  // limit=0 asks for the count alone
      auto alerts = st.Alerts(status, *limit, *offset);
      if (!alerts) return FromError(alerts.error());
      for (const auto& a : *alerts) out.push_back(store::AlertJson(a));
    }
    return Answer(200, json{{"alerts", std::move(out)},
                            {"total", *total},
                            {"status", status.empty() ? json() : json(status)},
                            {"limit", *limit},
                            {"offset", *offset}});
  }

  // /alerts/{id}[/decision|/approve]
  std::string_view rest = path.substr(8);
  std::string_view action;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    action = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::optional<int64_t> id = ParseId(rest);
  if (!id) return Detail(404, "No such alert: expected /alerts/{number}");
  if (!action.empty() && action != "decision" && action != "approve")
    return Detail(404, "Not Found");
  if (action.empty() ? !get : !post) return Detail(405, "Method Not Allowed");

  auto alert = st.GetAlert(*id);
  if (!alert) {
    if (alert.error().code == ErrorCode::kNotFound)
      return Detail(404, fmt::format("No such alert: {}", *id));
    return FromError(alert.error());
  }
  if (action.empty()) return Answer(200, store::AlertJson(*alert));

  json body = json::object();
  if (!request.body.empty()) {
    body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return Detail(422, "request body: expected a JSON object");
  }
  // The acting user: the header, or the body's "user"; both must agree when both are given.
  std::string user(acting);
  if (auto u = body.find("user"); u != body.end()) {
    if (!u->is_string()) return Detail(422, "user: expected a string");
    if (!user.empty() && user != u->get<std::string>())
      return Detail(400, fmt::format("the acting user is '{}' (X-Embargo-User or API key) but "
                                     "the body's \"user\" names '{}'",
                                     user, u->get<std::string>()));
    user = u->get<std::string>();
  }
  if (user.empty())
    return Detail(400, "name the acting user: X-Embargo-User header or \"user\" in the body");
  auto role = st.UserRole(user);
  if (!role) return FromError(role.error());
  if (!*role)
    return Detail(403, fmt::format("unknown user '{}': add them with `embargo users add {} --role "
                                   "analyst|supervisor`",
                                   user, user));

  if (action == "decision") {
    auto d = body.find("decision");
    std::optional<store::Decision> decision;
    if (d != body.end() && d->is_string()) decision = store::ParseDecision(d->get<std::string>());
    if (!decision)
      return Detail(400, "decision: expected \"true_match\", \"false_positive\" or \"escalate\"");
    auto c = body.find("comment");
    std::string comment = c != body.end() && c->is_string() ? c->get<std::string>() : "";
    if (comment.find_first_not_of(" \t\r\n") == std::string::npos)
      return Detail(400, "comment: say why (a decision needs a comment for the audit log)");
    auto w = body.find("whitelist");
    if (w != body.end() && !w->is_boolean())
      return Detail(422, "whitelist: expected true or false");
    bool whitelist = w != body.end() && w->get<bool>();
    if (whitelist && *decision != store::Decision::kFalsePositive)
      return Detail(400, "whitelist: only a false_positive can whitelist a pair");
    if (alert->status != "open" && alert->status != "escalated")
      return Detail(409, fmt::format("alert {} is already {}: {} by {} at {}", *id, alert->status,
                                     alert->decision, alert->decided_by, alert->decided_at));
    auto decided = st.Decide(*id, *decision, user, comment, whitelist);
    if (!decided) return FromError(decided.error());
    return Answer(200, store::AlertJson(*decided));
  }

  // approve
  if (**role != store::Role::kSupervisor)
    return Detail(403, fmt::format("'{}' is {}; only a supervisor can approve a decision", user,
                                   store::RoleName(**role)));
  if (alert->status != "pending_approval")
    return Detail(409, fmt::format("alert {} is {}, not waiting for approval", *id, alert->status));
  if (alert->decided_by == user)
    return Detail(403, fmt::format("'{}' took the decision on alert {}; four eyes: another "
                                   "supervisor must approve it",
                                   user, *id));
  auto approved = st.Approve(*id, user);
  if (!approved) return FromError(approved.error());
  return Answer(200, store::AlertJson(*approved));
}

}  // namespace embargo::server
