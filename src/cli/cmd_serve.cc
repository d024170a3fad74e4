// `embargo serve`: the HTTP API (yente-compatible /match, /search, /entities, ...) and
// the analyst web page, over the lists of the data folder. The lists are reloaded and
// swapped in without dropping a request on SIGHUP, on POST /admin/reload, and (with
// --reload-interval) whenever the files of the data folder change. The alert queue of
// `embargo monitor` is served from its store (--db, else $EMBARGO_DB, else
// DATA/.embargo/embargo.db once it exists), where every /match request is also recorded for
// the audit (server/screening_log.h), and ?as_of= days from the version store of the data
// folder.
#include <fmt/format.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "cli/cli.h"
#include "server/http.h"
#include "server/service.h"
#include "store/store.h"

namespace embargo::cli {
namespace {

struct ServeArgs {
  std::string host = "127.0.0.1";
  uint16_t port = 8000;
  unsigned threads = 0;
  size_t max_body_mb = 16;
  unsigned request_timeout = 30;
  size_t max_queries = 100;
  std::string api_key_file;
  std::vector<std::string> cors;
  std::string access_log = "-";
  unsigned reload_interval = 0;
  std::string db;  // "" = $EMBARGO_DB, else <data>/.embargo/embargo.db when it exists
  bool no_record = false;
  size_t as_of_cache = 2;
};

// Opens the store on first use: --db or $EMBARGO_DB (created if need be), else the default
// path once `embargo monitor` created it. A writer elsewhere (a monitoring run) holds the
// lock for seconds; an HTTP request waits up to 15 s for it.
server::StoreOpener StoreOpener(const std::string& path, bool must_exist) {
  return [path, must_exist]() -> Result<std::unique_ptr<store::Store>> {
    std::error_code ec;
    if (must_exist && !std::filesystem::exists(path, ec))
      return Fail(ErrorCode::kNotFound,
                  "no alert store yet: `embargo monitor add CUSTOMERS.csv` creates it (or "
                  "start `embargo serve --db PATH`)",
                  path);
    store::StoreOptions options;
    options.busy_ms = 15000;
    return store::Store::Open(path, options);
  };
}

struct ApiKeys {
  std::vector<std::string> keys, users;  // users[i]: who keys[i] acts for, "" = nobody
};

// $EMBARGO_API_KEYS (k1,k2,...) and the key file: one key per line, optionally followed by
// the user it acts for ("KEY USER"); '#' comments and blank lines skipped.
Result<ApiKeys> ReadKeys(const std::string& path) {
  ApiKeys out;
  if (const char* env = std::getenv("EMBARGO_API_KEYS"); env && *env) {
    std::string_view s = env;
    while (!s.empty()) {
      size_t comma = s.find(',');
      std::string_view k = s.substr(0, comma);
      if (!k.empty()) {
        out.keys.emplace_back(k);
        out.users.emplace_back();
      }
      s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    }
  }
  if (path.empty()) return out;
  std::ifstream in(path);
  if (!in)
    return Fail(ErrorCode::kIo, "cannot read the API key file '" + path + "'", "--api-key-file");
  std::string line;
  size_t n = 0, from_file = 0;
  while (std::getline(in, line)) {
    ++n;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find_first_of(" \t");
    std::string key = line.substr(0, space), user;
    if (space != std::string::npos) {
      user = line.substr(line.find_first_not_of(" \t", space));
      if (user.find_first_of(" \t") != std::string::npos)
        return Fail(ErrorCode::kInvalidArgument,
                    fmt::format("line {}: expected KEY or KEY USER, got more words", n), path);
    }
    if (key.size() < 16)
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("line {}: API keys must be at least 16 characters", n), path);
    out.keys.push_back(std::move(key));
    out.users.push_back(std::move(user));
    ++from_file;
  }
  if (from_file == 0)
    return Fail(ErrorCode::kInvalidArgument, "the API key file holds no key", path);
  return out;
}

int RunServe(const GlobalOptions& global, const ServeArgs& a) {
  auto keys = ReadKeys(a.api_key_file);
  if (!keys) {
    fmt::print(stderr, "embargo serve: {}\n", keys.error().ToString());
    return kExitUsage;
  }
  server::ServiceOptions so;
  so.max_queries = a.max_queries;
  so.api_keys = std::move(keys->keys);
  so.api_key_users = std::move(keys->users);
  so.cors_origins = a.cors;
  so.engine_version = EMBARGO_VERSION;
  bool named = false;
  std::string db = StoreTarget(global, a.db, &named);
  so.open_store = StoreOpener(db, !named);
  so.history_dir = StoreDir(global);
  so.as_of_cache = a.as_of_cache;
  std::error_code ec;
  bool have_store = named || std::filesystem::exists(db, ec);
  if (named) {  // fail now, not on the first request
    auto opened = so.open_store();
    if (!opened) {
      fmt::print(stderr, "embargo serve: --db: {}\n", opened.error().ToString());
      return kExitFailure;
    }
  }
  // Every /match request is recorded for the audit in the store; a default store that
  // does not exist yet is used from when `embargo monitor` creates it.
  if (!a.no_record) {
    so.record_store = StoreOpener(db, false);
    if (!have_store)
      so.record_when = [db] {
        std::error_code ec;
        return std::filesystem::exists(db, ec);
      };
  }
  if (!global.quiet)
    fmt::print(stderr, "store: {} ({})\n", have_store ? db : "none",
               !have_store ? "no /alerts and no /match audit until `embargo monitor add` "
                             "creates " +
                                 db
               : a.no_record ? "alerts; /match not recorded (--no-record)"
                             : "alerts; every /match recorded for the audit");
  DataSource source = ResolveDataSource(global);
  GlobalOptions quiet_after_first = global;
  bool first = true;
  if (!global.index_file.empty()) {
    // An index snapshot: each reload reads the file again (`embargo index build` replaces
    // it atomically), checked against --data when given; the lists are not read.
    so.index_loader =
        [&global, &quiet_after_first,
         &first](ingest::LoadedLists* lists) -> Result<std::unique_ptr<const index::Index>> {
      auto indexed = LoadIndexFile(first ? global : quiet_after_first);
      first = false;
      quiet_after_first.quiet = true;
      if (!indexed) return Fail(indexed.error());
      lists->datasets = std::move(indexed->datasets);
      lists->reports = std::move(indexed->reports);
      lists->is_sample = indexed->is_sample;
      return std::move(indexed->index);
    };
  }
  server::Service service(
      [&global, &quiet_after_first, &first]() {
        // The first load prints the usual summary; reloads only report failures.
        Result<ingest::LoadedLists> lists = LoadLists(first ? global : quiet_after_first);
        first = false;
        quiet_after_first.quiet = true;
        return lists;
      },
      so);
  auto loaded = service.Reload();
  if (!loaded) {
    fmt::print(stderr, "embargo serve: {}\n", loaded.error().ToString());
    return kExitFailure;
  }

  server::HttpOptions ho;
  ho.host = a.host;
  ho.port = a.port;
  ho.threads = a.threads;
  ho.max_body_bytes = a.max_body_mb << 20;
  ho.request_timeout = std::chrono::seconds(a.request_timeout);
  FILE* log_file = nullptr;
  if (a.access_log == "off") {
    ho.access_log = nullptr;
  } else if (a.access_log != "-") {
    log_file = std::fopen(a.access_log.c_str(), "a");
    if (!log_file) {
      fmt::print(stderr, "embargo serve: cannot open access log '{}'\n", a.access_log);
      return kExitFailure;
    }
    ho.access_log = log_file;
  }
  server::HttpServer http(service, ho);
  auto port = http.Listen();
  if (!port) {
    fmt::print(stderr, "embargo serve: {}\n", port.error().ToString());
    return kExitFailure;
  }
  fmt::print("embargo serve: listening on http://{}:{}\n", a.host, *port);
  std::fflush(stdout);
  if (!so.api_keys.empty())
    fmt::print(stderr, "embargo serve: {} API key(s); / /healthz /readyz stay open\n",
               so.api_keys.size());

  // Watcher: reload when the data folder's files change (e.g. after `embargo update`).
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread watcher;
  // With --index the snapshot file is watched instead of the data folder.
  auto fingerprint = [&global, &source] {
    if (global.index_file.empty()) return ListsFingerprint(source.dir);
    namespace fs = std::filesystem;
    std::error_code ec;
    auto size = fs::file_size(global.index_file, ec);
    auto mtime = fs::last_write_time(global.index_file, ec).time_since_epoch().count();
    return fmt::format("{}\t{}", size, mtime);
  };
  if (a.reload_interval > 0 && (!source.is_sample || !global.index_file.empty())) {
    watcher = std::thread([&] {
      std::string last = fingerprint();
      std::unique_lock<std::mutex> lock(mu);
      while (!cv.wait_for(lock, std::chrono::seconds(a.reload_interval), [&] { return done; })) {
        std::string now = fingerprint();
        if (now == last) continue;
        last = now;
        lock.unlock();
        auto ok = service.Reload();
        if (ok)
          fmt::print(stderr, "embargo serve: lists changed, reloaded (version {})\n",
                     service.snapshot()->version);
        else
          fmt::print(stderr, "embargo serve: reload failed, previous lists still serving: {}\n",
                     ok.error().ToString());
        lock.lock();
      }
    });
  }
  http.Run();
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
  }
  cv.notify_all();
  if (watcher.joinable()) watcher.join();
  if (log_file) std::fclose(log_file);
  fmt::print(stderr, "embargo serve: stopped\n");
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand(
      "serve", "HTTP API (yente-compatible /match, /search, /entities, ...) and web page");
  cmd->add_option("--host", args->host, "address to listen on")->capture_default_str();
  cmd->add_option("--port", args->port, "port (0 = any free port, printed on stdout)")
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "worker threads (0 = one per core)");
  cmd->add_option("--max-body-mb", args->max_body_mb, "largest request body in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--request-timeout", args->request_timeout,
                  "seconds a request may take to arrive; idle keep-alive limit")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-queries", args->max_queries, "queries per /match request")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--api-key-file", args->api_key_file,
                  "require one of these keys: one per line, \"KEY\" or \"KEY USER\" (the key "
                  "then acts for that user on /alerts and the audit); also EMBARGO_API_KEYS=k1,k2");
  cmd->add_option("--cors-origin", args->cors, "allow browser calls from this origin (* = any)");
  cmd->add_option("--access-log", args->access_log, "JSON access log: - (stderr), FILE or off")
      ->capture_default_str();
  cmd->add_option("--reload-interval", args->reload_interval,
                  "seconds between checks of the data folder for changed lists (0 = off)")
      ->capture_default_str();
  cmd->add_option("--db", args->db,
                  "store for /alerts and the audit of /match: a SQLite file or a postgresql:// "
                  "URL (default: $EMBARGO_DB, else DATA/.embargo/embargo.db once it exists)");
  cmd->add_flag("--no-record", args->no_record,
                "do not record /match requests in the store's audit log");
  cmd->add_option("--as-of-cache", args->as_of_cache,
                  "past-day list snapshots kept for ?as_of= (each holds a whole index)")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  cmd->callback([&global, &exit_code, args] { exit_code = RunServe(global, *args); });
}

}  // namespace embargo::cli
