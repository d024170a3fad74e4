// `embargo monitor` (customers kept and screened again), `embargo alerts` (what those
// screenings raised, decisions and four-eyes approvals), `embargo users` and `embargo
// audit` (verify the hash chain, replay a recorded screening). All of them work on the
// store (store/store.h): --db, a SQLite file or a postgresql:// URL; else $EMBARGO_DB;
// else <data>/.embargo/embargo.db.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/query_reader.h"
#include "index/index.h"
#include "store/monitor.h"
#include "store/store.h"

namespace embargo::cli {

// Defined in cmd_match.cc: loads the lists (summary on stderr) and builds the index.
Result<std::unique_ptr<const index::Index>> BuildIndex(const GlobalOptions& global,
                                                       std::vector<model::Dataset>* datasets);

namespace {

constexpr const char* kDbHelp =
    "Store: a SQLite file, or a PostgreSQL database as postgresql://USER:PASSWORD@HOST:PORT/DB "
    "(default: $EMBARGO_DB, else DATA/.embargo/embargo.db)";

struct StoreArgs {
  std::string db;  // --db; "" = $EMBARGO_DB, else <data>/.embargo/embargo.db
  bool json = false;
};

int Report(const std::string& command, const Error& e) {
  fmt::print(stderr, "embargo {}: {}\n", command, e.ToString());
  return ExitCodeFor(e);
}

Result<std::unique_ptr<store::Store>> OpenStore(const GlobalOptions& global, const StoreArgs& a) {
  return store::Store::Open(StoreTarget(global, a.db));
}

void AddStoreOptions(CLI::App* cmd, StoreArgs& a, bool json = true) {
  cmd->add_option("--db", a.db, kDbHelp);
  if (json) cmd->add_flag("--json", a.json, "Print JSON");
}

struct MonitorArgs {
  StoreArgs store;
  std::string file;
  bool delta = false;
  double threshold = 0.70;
  unsigned threads = 0;
  size_t limit = 0;
};

std::string RunJson(const store::RunSummary& s) {
  return nlohmann::json({{"screening", s.screening_id},
                         {"kind", s.kind},
                         {"customers", s.customers},
                         {"entities", s.entities},
                         {"alerts", s.alerts},
                         {"realerts", s.realerts},
                         {"suppressed", s.suppressed},
                         {"already_open", s.already_open},
                         {"full_fallback", s.full_fallback},
                         {"seconds", s.seconds},
                         {"write_seconds", s.write_seconds}})
      .dump();
}

// Loads the lists and runs `fn` (ScreenPending, RunFull or RunDelta) on the store.
int Screen(const GlobalOptions& global, const MonitorArgs& a, store::Store& st,
           Result<store::RunSummary> (*fn)(store::Store&, const store::ScreeningLists&,
                                           const store::MonitorOptions&)) {
  std::vector<model::Dataset> datasets;
  auto idx = BuildIndex(global, &datasets);
  if (!idx) return Report("monitor", idx.error());
  store::MonitorOptions o;
  o.screen.threshold = a.threshold;
  o.threads = a.threads;
  o.engine_version = EMBARGO_VERSION;
  o.actor = CliActor();
  if (isatty(STDERR_FILENO))
    o.progress = [](size_t done, size_t total) {
      fmt::print(stderr, "\rscreened {} of {} customers   ", done, total);
    };
  auto r = fn(st, {idx->get(), datasets}, o);
  if (o.progress) fmt::print(stderr, "\n");
  if (!r) return Report("monitor", r.error());
  if (a.store.json) {
    fmt::print("{}\n", RunJson(*r));
  } else {
    if (r->full_fallback) fmt::print("no list state recorded yet: delta ran as a full screening\n");
    fmt::print(
        "screening {} ({}): {} customers against {} entities in {:.1f}s (writing {:.1f}s): {} new "
        "alerts ({} raised again after a change), {} suppressed by decisions, {} already open\n",
        r->screening_id, r->kind, r->customers, r->entities, r->seconds, r->write_seconds,
        r->alerts, r->realerts, r->suppressed, r->already_open);
  }
  return r->alerts > 0 ? kExitAlert : kExitOk;
}

int MonitorAdd(const GlobalOptions& global, const MonitorArgs& a) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "embargo monitor add: cannot read {}\n", a.file);
    return kExitNotFound;
  }
  QueryReader reader(in);
  std::vector<screen::Query> customers;
  std::vector<Result<screen::Query>> batch;
  std::vector<size_t> lines;
  size_t bad = 0;
  while (reader.Next(4096, &batch, &lines)) {
    for (size_t i = 0; i < batch.size(); ++i) {
      if (batch[i] && batch[i]->id.empty())
        batch[i] = Fail(ErrorCode::kInvalidArgument, "expected a customer id",
                        fmt::format("line {} field 'id'", lines[i]));
      if (!batch[i]) {
        ++bad;
        fmt::print(stderr, "embargo monitor add: {}: {}\n", a.file, batch[i].error().ToString());
        continue;
      }
      customers.push_back(std::move(*batch[i]));
    }
  }
  auto st = OpenStore(global, a.store);
  if (!st) return Report("monitor add", st.error());
  auto counts = (*st)->UpsertCustomers(customers, a.file, CliActor());
  if (!counts) return Report("monitor add", counts.error());
  if (!a.store.json)
    fmt::print("{}: {} customers added, {} changed, {} unchanged, {} bad lines skipped\n", a.file,
               counts->added, counts->changed, counts->unchanged, bad);
  int rc = Screen(global, a, **st, &store::ScreenPending);
  return bad > 0 && rc != kExitFailure ? kExitFailure : rc;
}

void PrintAlert(const store::Alert& a) {
  fmt::print("{:<6} {:<16} {:<6.3f} {:<14} {:<22} {:<14} {}\n", a.id, a.status, a.score,
             a.customer_id, a.customer_name.substr(0, 22), a.entity_id, a.entity_caption);
  if (!a.decision.empty())
    fmt::print("       decision {} by {} at {}: {}{}\n", a.decision, a.decided_by, a.decided_at,
               a.comment,
               a.approved_by.empty()
                   ? std::string()
                   : fmt::format(" (approved by {} at {})", a.approved_by, a.approved_at));
  if (a.changes.is_object()) {
    for (const char* side : {"customer", "entity"}) {
      if (!a.changes.contains(side)) continue;
      for (const auto& c : a.changes[side])
        fmt::print("       raised again: {} {} changed: - {} + {}\n", side,
                   c["field"].get<std::string>(), c["old"].dump(), c["new"].dump());
    }
  }
}

void AddMonitor(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "monitor", "Keep customers and screen them again when they or the lists change");
  cmd->require_subcommand(1);
  auto a = std::make_shared<MonitorArgs>();
  auto screening_options = [a](CLI::App* c) {
    AddStoreOptions(c, a->store);
    c->add_option("--threshold", a->threshold, "Score at or above which a hit is an alert")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    c->add_option("--threads", a->threads, "Screening threads (default: every core)");
  };
  auto* add = cmd->add_subcommand(
      "add",
      "Add or update customers from a file (CSV id,name,schema,birth_date,country,"
      "id_number, or JSON lines in yente's /match shape) and screen the new and changed");
  add->add_option("FILE", a->file, "Customer file")->required();
  screening_options(add);
  add->callback([&global, &exit_code, a] { exit_code = MonitorAdd(global, *a); });

  auto* run = cmd->add_subcommand("run", "Screen the customers again against the lists");
  run->add_flag("--delta", a->delta,
                "Only against entities added or changed since the last run (and pending "
                "customers in full)");
  screening_options(run);
  run->callback([&global, &exit_code, a] {
    auto st = OpenStore(global, a->store);
    if (!st) {
      exit_code = Report("monitor run", st.error());
      return;
    }
    exit_code = Screen(global, *a, **st, a->delta ? &store::RunDelta : &store::RunFull);
  });

  auto* cust = cmd->add_subcommand("customers", "List the customers kept");
  AddStoreOptions(cust, a->store);
  cust->add_option("--limit", a->limit, "At most this many (0 = all)");
  cust->callback([&global, &exit_code, a] {
    auto st = OpenStore(global, a->store);
    if (!st) {
      exit_code = Report("monitor customers", st.error());
      return;
    }
    auto cs = (*st)->Customers(a->limit);
    if (!cs) {
      exit_code = Report("monitor customers", cs.error());
      return;
    }
    for (const auto& c : *cs) {
      if (a->store.json) {
        fmt::print("{}\n", nlohmann::json({{"id", c.id},
                                           {"record", c.record},
                                           {"record_hash", c.record_hash},
                                           {"added_at", c.added_at},
                                           {"changed_at", c.changed_at},
                                           {"screened", c.screened}})
                               .dump());
      } else {
        fmt::print("{:<14} {:<30} {:<12} {:<10} {:<3} {:<14} {}\n", c.id, c.name, c.schema,
                   c.birth_date, c.country, c.id_number, c.screened ? "screened" : "pending");
      }
    }
    exit_code = kExitOk;
  });
}

void AddAlerts(CLI::App& app, GlobalOptions& global, int& exit_code) {
  struct Args {
    StoreArgs store;
    std::string status;
    int64_t alert = 0;
    std::string decision, user, comment;
    bool whitelist = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("alerts", "Alerts raised by monitoring, and decisions on them");
  cmd->require_subcommand(0, 1);
  AddStoreOptions(cmd, a->store);
  cmd->add_option("--status", a->status, "Only open, escalated, pending_approval or decided")
      ->check(CLI::IsMember({"open", "escalated", "pending_approval", "decided"}));
  cmd->callback([&global, &exit_code, a, cmd] {
    if (!cmd->get_subcommands().empty()) return;
    auto st = OpenStore(global, a->store);
    if (!st) {
      exit_code = Report("alerts", st.error());
      return;
    }
    auto alerts = (*st)->Alerts(a->status);
    if (!alerts) {
      exit_code = Report("alerts", alerts.error());
      return;
    }
    if (a->store.json) {
      for (const auto& al : *alerts) fmt::print("{}\n", store::AlertJson(al).dump());
    } else if (alerts->empty()) {
      fmt::print("no alert{}\n", a->status.empty() ? "" : " with status " + a->status);
    } else {
      fmt::print("{:<6} {:<16} {:<6} {:<14} {:<22} {:<14} {}\n", "ALERT", "STATUS", "SCORE",
                 "CUSTOMER", "NAME", "ENTITY", "LISTED AS");
      for (const auto& al : *alerts) PrintAlert(al);
    }
    exit_code = kExitOk;
  });
  auto finish = [&exit_code, a](const char* what, Result<store::Alert> r) {
    if (!r) {
      exit_code = Report(what, r.error());
      return;
    }
    if (a->store.json)
      fmt::print("{}\n", store::AlertJson(*r).dump());
    else
      PrintAlert(*r);
    exit_code = kExitOk;
  };

  auto* decide = cmd->add_subcommand("decide", "Decide an alert");
  decide->add_option("ALERT_ID", a->alert, "Alert id")->required();
  decide->add_option("--decision", a->decision, "false_positive, true_match or escalate")
      ->required()
      ->check(CLI::IsMember({"false_positive", "true_match", "escalate"}));
  decide->add_option("--user", a->user, "Who decides (see `embargo users add`)")->required();
  decide->add_option("--comment", a->comment, "Why")->required();
  decide->add_flag("--whitelist", a->whitelist,
                   "With false_positive: never alert on this pair again, even after changes "
                   "(needs a supervisor's approval)");
  decide->add_option("--db", a->store.db, kDbHelp);
  decide->callback([&global, a, finish] {
    auto st = OpenStore(global, a->store);
    if (!st) return finish("alerts decide", Fail(st.error()));
    finish("alerts decide", (*st)->Decide(a->alert, *store::ParseDecision(a->decision), a->user,
                                          a->comment, a->whitelist));
  });
  auto* approve =
      cmd->add_subcommand("approve", "Approve a decision waiting for four eyes (supervisor)");
  approve->add_option("ALERT_ID", a->alert, "Alert id")->required();
  approve->add_option("--user", a->user, "The approving supervisor")->required();
  approve->add_option("--db", a->store.db, kDbHelp);
  approve->callback([&global, a, finish] {
    auto st = OpenStore(global, a->store);
    if (!st) return finish("alerts approve", Fail(st.error()));
    finish("alerts approve", (*st)->Approve(a->alert, a->user));
  });
}

void AddUsers(CLI::App& app, GlobalOptions& global, int& exit_code) {
  struct Args {
    StoreArgs store;
    std::string name, role;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("users", "Users who decide and approve alerts");
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "Add a user (or change their role)");
  add->add_option("NAME", a->name, "User name")->required();
  add->add_option("--role", a->role, "analyst, supervisor or admin")
      ->required()
      ->check(CLI::IsMember({"analyst", "supervisor", "admin"}));
  AddStoreOptions(add, a->store, false);
  add->callback([&global, &exit_code, a] {
    auto st = OpenStore(global, a->store);
    if (!st) {
      exit_code = Report("users add", st.error());
      return;
    }
    if (auto s = (*st)->AddUser(a->name, *store::ParseRole(a->role), CliActor()); !s) {
      exit_code = Report("users add", s.error());
      return;
    }
    fmt::print("user {} ({})\n", a->name, a->role);
    exit_code = kExitOk;
  });
}

void AddAudit(CLI::App& app, GlobalOptions& global, int& exit_code) {
  struct Args {
    StoreArgs store;
    int64_t id = 0;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("audit", "The tamper-evident audit log of the store");
  cmd->require_subcommand(1);
  auto* verify = cmd->add_subcommand(
      "verify", "Check the hash chain; report the first edited or deleted entry (exit 1)");
  AddStoreOptions(verify, a->store);
  verify->callback([&global, &exit_code, a] {
    auto st = OpenStore(global, a->store);
    if (!st) {
      exit_code = Report("audit verify", st.error());
      return;
    }
    auto c = (*st)->VerifyAudit();
    if (!c) {
      exit_code = Report("audit verify", c.error());
      return;
    }
    if (a->store.json) {
      fmt::print("{}\n", nlohmann::json({{"ok", c->ok},
                                         {"entries", c->rows},
                                         {"first_bad", c->first_bad_seq},
                                         {"problem", c->problem},
                                         {"head", c->head_hash}})
                             .dump());
    } else if (c->ok) {
      fmt::print("audit chain intact: {} entries, head {}\n", c->rows, c->head_hash);
    } else {
      fmt::print("audit chain BROKEN at entry {}: {}\n", c->first_bad_seq, c->problem);
    }
    exit_code = c->ok ? kExitOk : kExitFailure;
  });
  auto* replay = cmd->add_subcommand(
      "replay", "Rerun a recorded screening against the lists given and compare the results");
  replay->add_option("ID", a->id, "Screening id (see `monitor add`/`run` output)")->required();
  AddStoreOptions(replay, a->store);
  replay->callback([&global, &exit_code, a] {
    auto st = OpenStore(global, a->store);
    if (!st) {
      exit_code = Report("audit replay", st.error());
      return;
    }
    std::vector<model::Dataset> datasets;
    auto idx = BuildIndex(global, &datasets);
    if (!idx) {
      exit_code = Report("audit replay", idx.error());
      return;
    }
    auto r = store::Replay(**st, a->id, {idx->get(), datasets});
    if (!r) {
      exit_code = Report("audit replay", r.error());
      return;
    }
    bool same = r->lists_same && r->differences.empty();
    if (a->store.json) {
      fmt::print("{}\n", nlohmann::json({{"screening", r->screening_id},
                                         {"kind", r->kind},
                                         {"started_at", r->started_at},
                                         {"lists", r->recorded_lists},
                                         {"lists_same", r->lists_same},
                                         {"records", r->records},
                                         {"same", r->same},
                                         {"differences", r->differences}})
                             .dump());
    } else {
      fmt::print("screening {} ({}, {}) against lists {}\n", r->screening_id, r->kind,
                 r->started_at, r->recorded_lists.dump());
      fmt::print("lists given: {}\n", r->lists_same ? "the same entities as then"
                                                    : "DIFFERENT from those screened then");
      fmt::print("{} of {} recorded results reproduced{}\n", r->same, r->records,
                 same ? ": same result" : "");
      for (const auto& d : r->differences) fmt::print("  differs: {}\n", d);
    }
    exit_code = same ? kExitOk : kExitFailure;
  });
}

}  // namespace

void AddMonitorCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  AddMonitor(app, global, exit_code);
  AddAlerts(app, global, exit_code);
  AddUsers(app, global, exit_code);
  AddAudit(app, global, exit_code);
}

}  // namespace embargo::cli
