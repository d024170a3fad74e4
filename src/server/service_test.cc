#include "server/service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "common/testing/testdata.h"
#include "history/history.h"
#include "index/snapshot.h"
#include "store/monitor.h"
#include "store/store.h"

namespace embargo::server {
namespace {

using nlohmann::json;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// OFAC current (SDN + consolidated) and the 2026 UN list, loaded once for the suite.
class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    namespace fs = std::filesystem;
    // One folder per process: ctest runs the tests of this suite in parallel processes.
    dir_ = new std::string(fs::temp_directory_path() /
                           ("embargo_service_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    fs::create_directory_symlink(testing::TestDataPath("ofac/current"), *dir_ + "/ofac");
    fs::create_symlink(testing::TestDataPath("un/consolidated-2026-02-27.xml"), *dir_ + "/un.xml");
    // Two days of the SDN list in the version store for ?as_of= (the loader skips it).
    for (const char* day : {"2022-02-23", "2022-02-26"}) {
      auto v =
          history::Import(*dir_, "ofac", day,
                          {testing::TestDataPath(std::string("ofac/history/sdn-") + day + ".csv")});
      ASSERT_TRUE(v) << v.error().ToString();
    }
    service_ = new Service(ListLoader(), Options());
    ASSERT_TRUE(service_->Reload()) << "lists under " << *dir_;
  }
  static void TearDownTestSuite() {
    delete service_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static server::Loader ListLoader() {
    return [] { return ingest::LoadDataDir(*dir_); };
  }
  static ServiceOptions Options() {
    ServiceOptions o;
    o.history_dir = *dir_;
    return o;
  }

  static Response Call(Service& s, std::string method, std::string target, std::string body = {},
                       std::string content_type = "application/json", std::string user = {}) {
    Request r;
    r.user = std::move(user);
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.content_type = std::move(content_type);
    return s.Handle(r);
  }
  static json Json(const Response& r) {
    json j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }

  static std::string* dir_;
  static Service* service_;
};
std::string* ServiceTest::dir_ = nullptr;
Service* ServiceTest::service_ = nullptr;

TEST_F(ServiceTest, MatchFindsLavrovOnTopInYenteShape) {
  Response r = Call(*service_, "POST", "/match/default",
                    R"({"queries": {"c1": {"schema": "Person", "properties": {
                         "name": ["Sergei Lavrov"], "birthDate": ["1950-03-21"]}}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Json(r);
  const json& resp = j["responses"]["c1"];
  EXPECT_EQ(resp["status"], 200);
  ASSERT_FALSE(resp["results"].empty());
  const json& top = resp["results"][0];
  EXPECT_EQ(top["id"], "ofac-35233");
  EXPECT_EQ(top["caption"], "LAVROV, Sergei Viktorovich");
  EXPECT_EQ(top["schema"], "Person");
  EXPECT_TRUE(top["match"].get<bool>());
  EXPECT_GT(top["score"].get<double>(), 0.85);
  EXPECT_EQ(top["properties"]["birthDate"][0], "1950-03-21");
  EXPECT_TRUE(top["explanations"].contains("name"));
  EXPECT_TRUE(top["features"].contains("name"));
  EXPECT_EQ(resp["total"]["relation"], "eq");
  EXPECT_EQ(resp["query"]["id"], "c1");
  EXPECT_EQ(j["limit"], 5);
  bool batch_header = false;
  for (const auto& [k, v] : r.headers) batch_header |= k == "x-batch-size" && v == "1";
  EXPECT_TRUE(batch_header);
}

TEST_F(ServiceTest, MatchHonoursLimitThresholdAndExclusions) {
  std::string body =
      R"({"queries": {"a": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}},
                                     "b": {"schema": "Person", "properties": {"name": ["Qwzx Vbnmq"]}}}})";
  json j = Json(Call(*service_, "POST", "/match/default?limit=1&threshold=0.99", body));
  ASSERT_EQ(j["responses"]["a"]["results"].size(), 1u);
  EXPECT_EQ(j["responses"]["a"]["results"][0]["id"], "ofac-35096");
  EXPECT_FALSE(j["responses"]["a"]["results"][0]["match"].get<bool>()) << "0.99 is above its score";
  EXPECT_TRUE(j["responses"]["b"]["results"].empty());
  json ex = Json(Call(*service_, "POST", "/match/default?exclude_entity_ids=ofac-35096", body));
  for (const auto& res : ex["responses"]["a"]["results"]) EXPECT_NE(res["id"], "ofac-35096");
  json un = Json(Call(*service_, "POST", "/match/un_sc_sanctions", body));
  for (const auto& res : un["responses"]["a"]["results"])
    EXPECT_EQ(res["datasets"][0], "un_sc_sanctions");
}

// Results carry their entity's properties from a per-snapshot cache, spliced into the
// answer's text: they must be what /entities builds from the entity, on the first answer
// that names it and on later ones, in /match and /search alike; and text a client sends
// that looks like the splice marker is answered as sent.
TEST_F(ServiceTest, ResultPropertiesAreTheEntitysOwnOnEveryAnswer) {
  std::string body = R"({"queries": {
      "a": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}},
      "b": {"schema": "Person", "properties": {"name": ["Sergei Lavrov"]}},
      "c": {"schema": "Company", "properties": {"name": ["Banco Nacional de Cuba"]}},
      "\u000112345": {"schema": "Person", "properties": {"name": ["\u00010000000000000000042"]}}}})";
  size_t checked = 0;
  for (int round = 0; round < 2; ++round) {
    json j = Json(Call(*service_, "POST", "/match/default?limit=3", body));
    ASSERT_TRUE(
        j["responses"].contains("\x01"
                                "12345"))
        << j.dump();
    EXPECT_EQ(j["responses"]["\x01"
                             "12345"]["query"]["properties"]["name"][0],
              "\x01"
              "0000000000000000042");
    json s = Json(Call(*service_, "GET", "/search/default?q=kim+jong&limit=3"));
    std::vector<json> results(s["results"].begin(), s["results"].end());
    for (const auto& [key, resp] : j["responses"].items())
      for (const auto& r : resp["results"]) results.push_back(r);
    ASSERT_GE(results.size(), 6u);
    for (const auto& r : results) {
      Response e = Call(*service_, "GET", "/entities/" + r["id"].get<std::string>());
      ASSERT_EQ(e.status, 200);
      ASSERT_TRUE(r["properties"].is_object()) << r.dump();
      EXPECT_EQ(r["properties"], Json(e)["properties"]) << r["id"];
      ++checked;
    }
  }
  EXPECT_GE(checked, 12u);
}

// A store that appears after the server started (the default store that `embargo
// monitor` creates) is recorded in from when record_when says it is there, asked at most
// once a second; before that, /match answers without recording.
TEST_F(ServiceTest, MatchIsRecordedOnceTheStoreAppears) {
  std::string path = *dir_ + "/late.db";
  std::filesystem::remove(path);
  uint64_t rows_before = 0;
  {
    auto st = store::Store::Open(path);
    ASSERT_TRUE(st) << st.error().ToString();
    auto check = (*st)->VerifyAudit();
    ASSERT_TRUE(check);
    rows_before = check->rows;
  }
  std::atomic<bool> there{false};
  ServiceOptions o = Options();
  o.record_store = [path] { return store::Store::Open(path); };
  o.record_when = [&there] { return there.load(); };
  std::string body =
      R"({"queries": {"a": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}}})";
  {
    Service s(ListLoader(), o);
    ASSERT_TRUE(s.Reload());
    EXPECT_EQ(Call(s, "POST", "/match/default", body).status, 200);  // not recorded
    there = true;
    EXPECT_EQ(Call(s, "POST", "/match/default", body).status, 200);  // asked < 1 s ago
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_EQ(Call(s, "POST", "/match/default", body).status, 200);  // recorded
  }  // destroying the service writes what is queued
  auto st = store::Store::Open(path);
  ASSERT_TRUE(st) << st.error().ToString();
  auto check = (*st)->VerifyAudit();
  ASSERT_TRUE(check);
  EXPECT_TRUE(check->ok) << check->problem;
  EXPECT_EQ(check->rows, rows_before + 1);
}

TEST_F(ServiceTest, MatchErrorsAreDetailObjectsWithYenteStatusCodes) {
  json q = {{"schema", "Person"}, {"properties", {{"name", {"A B"}}}}};
  json many;
  for (int i = 0; i < 101; ++i) many["queries"]["q" + std::to_string(i)] = q;
  Response r = Call(*service_, "POST", "/match/default", many.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json(r)["detail"], "Too many queries in one batch (limit: 100)");
  EXPECT_EQ(Call(*service_, "POST", "/match/default", R"({"queries": {}})").status, 400);
  EXPECT_EQ(Call(*service_, "POST", "/match/default", "{not json").status, 422);
  EXPECT_EQ(Call(*service_, "POST", "/match/default", R"({"queries": []})").status, 422);
  Response unknown = Call(*service_, "POST", "/match/nowhere", R"({"queries": {"a": {}}})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Json(unknown)["detail"], "No such dataset.");
  Response bad_schema =
      Call(*service_, "POST", "/match/default",
           R"({"queries": {"a": {"schema": "Banana", "properties": {"name": ["x"]}}}})");
  EXPECT_EQ(bad_schema.status, 400) << bad_schema.body;
  EXPECT_EQ(Call(*service_, "POST", "/match/default?limit=abc", R"({"queries": {}})").status, 422);
  EXPECT_EQ(Call(*service_, "GET", "/match/default").status, 405);
  EXPECT_EQ(Call(*service_, "GET", "/no/such/path").status, 404);
}

TEST_F(ServiceTest, SearchEntitiesCatalogAlgorithms) {
  json s = Json(Call(*service_, "GET", "/search/default?q=vladimir%20putin&limit=3"));
  ASSERT_FALSE(s["results"].empty());
  EXPECT_EQ(s["results"][0]["id"], "ofac-35096");
  EXPECT_LE(s["results"].size(), 3u);
  EXPECT_EQ(s["limit"], 3);
  json filtered = Json(Call(*service_, "GET", "/search/default?q=vladimir+putin&countries=kp"));
  for (const auto& res : filtered["results"]) EXPECT_NE(res["id"], "ofac-35096");
  EXPECT_EQ(Call(*service_, "GET", "/search/default?q=x&schema=Banana").status, 400);

  Response e = Call(*service_, "GET", "/entities/ofac-35233");
  ASSERT_EQ(e.status, 200);
  EXPECT_EQ(Json(e)["properties"]["programId"][0], "RUSSIA-EO14024");
  Response missing = Call(*service_, "GET", "/entities/ofac-0");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Json(missing)["detail"], "No such entity!");

  json c = Json(Call(*service_, "GET", "/catalog"));
  std::set<std::string> names;
  for (const auto& d : c["datasets"]) names.insert(d["name"].get<std::string>());
  EXPECT_TRUE(names.count("us_ofac_sdn") && names.count("un_sc_sanctions")) << c.dump();
  json a = Json(Call(*service_, "GET", "/algorithms"));
  EXPECT_EQ(a["default"], a["algorithms"][0]["name"]);
  json o = Json(Call(*service_, "GET", "/openapi.json"));
  EXPECT_TRUE(o["paths"].contains("/match/{dataset}"));
  for (const char* p : {"/alerts", "/alerts/{id}", "/alerts/{id}/decision", "/alerts/{id}/approve"})
    EXPECT_TRUE(o["paths"].contains(p)) << p;
  EXPECT_EQ(o["paths"]["/alerts/{id}/decision"]["post"]["requestBody"]["content"]
             ["application/json"]["schema"]["$ref"],
            "#/components/schemas/DecisionRequest");
  std::string params = o["paths"]["/match/{dataset}"]["post"]["parameters"].dump();
  EXPECT_NE(params.find("\"as_of\""), std::string::npos);
  EXPECT_TRUE(o["components"]["schemas"]["MatchResponse"]["properties"].contains("lists"));
  EXPECT_NE(o["info"]["version"], "@VERSION@");
  // Every reference names a schema the document defines.
  std::vector<const json*> todo = {&o};
  size_t refs = 0;
  while (!todo.empty()) {
    const json* j = todo.back();
    todo.pop_back();
    if (j->is_object() && j->contains("$ref")) {
      std::string ref = (*j)["$ref"];
      const std::string prefix = "#/components/schemas/";
      ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
      EXPECT_TRUE(o["components"]["schemas"].contains(ref.substr(prefix.size()))) << ref;
      ++refs;
    }
    if (j->is_structured())
      for (const auto& child : *j) todo.push_back(&child);
  }
  EXPECT_GT(refs, 10u);
}

TEST_F(ServiceTest, ScanFindsPutinAndLavrovInTheSeedArticle) {
  std::string text = ReadFile(testing::TestDataDir() + "/../seed/000_6d63a166086b5010.txt");
  ASSERT_FALSE(text.empty());
  Response r = Call(*service_, "POST", "/scan", json{{"text", text}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> ids;
  json body = Json(r);
  for (const auto& m : body["mentions"]) ids.insert(m["result"]["id"].get<std::string>());
  // The UN list holds neither; OFAC's consolidated lists add no one named there.
  EXPECT_EQ(ids, (std::set<std::string>{"ofac-35096", "ofac-35233"}));

  Response html = Call(*service_, "POST", "/scan", "<p>Sergei <b>Lavrov</b></p>", "text/html");
  ASSERT_EQ(html.status, 200);
  json h = Json(html);
  ASSERT_EQ(h["mentions"].size(), 1u);
  EXPECT_EQ(h["mentions"][0]["source_byte_start"], 3);
  EXPECT_EQ(Call(*service_, "POST", "/scan", "x", "application/xml").status, 415);
  EXPECT_EQ(Call(*service_, "POST", "/scan", R"({"nothing": 1})").status, 422);
  EXPECT_EQ(Call(*service_, "POST", "/scan", "%PDF-broken", "application/pdf").status, 422);
}

TEST_F(ServiceTest, ScanPaymentMessages) {
  std::string mt = ReadFile(testing::SourceDir() + "/tests/data/payments/y_mt103_50f_59f.fin");
  ASSERT_FALSE(mt.empty());
  Response r = Call(*service_, "POST", "/scan", json{{"payment", mt}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Json(r);
  EXPECT_TRUE(j["alert"].get<bool>());
  ASSERT_EQ(j["messages"].size(), 1u);
  Response bad = Call(*service_, "POST", "/scan", json{{"payment", "{1:F01garbage"}}.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Json(bad)["detail"].is_string());
  // A malformed message among good ones: its error in its place, the others screened.
  std::string mixed =
      ReadFile(testing::SourceDir() + "/tests/data/payments/n_batch_second_bad.fin");
  Response some = Call(*service_, "POST", "/scan", json{{"payment", mixed}}.dump());
  ASSERT_EQ(some.status, 200) << some.body;
  json m = Json(some);
  ASSERT_EQ(m["messages"].size(), 3u);
  EXPECT_EQ(m["errors"], 1);
  EXPECT_TRUE(m["messages"][0].contains("hits"));
  EXPECT_EQ(m["messages"][1]["message"], 2);
  EXPECT_NE(m["messages"][1]["error"].get<std::string>().find(":57A:"), std::string::npos);
  EXPECT_TRUE(m["messages"][2].contains("hits"));
  EXPECT_TRUE(m["alert"].get<bool>());
}

TEST_F(ServiceTest, ApiKeysGuardEverythingButTheProbesAndThePage) {
  ServiceOptions o;
  o.api_keys = {"k-0123456789abcdef", "k-second-key-000000"};
  Service guarded(ListLoader(), o);
  ASSERT_TRUE(guarded.Reload());
  EXPECT_EQ(Call(guarded, "GET", "/healthz").status, 200);
  EXPECT_EQ(Call(guarded, "GET", "/readyz").status, 200);
  EXPECT_EQ(Call(guarded, "GET", "/catalog").status, 401);
  Request r;
  r.method = "GET";
  r.target = "/catalog";
  r.authorization = "ApiKey k-second-key-000000";
  EXPECT_EQ(guarded.Handle(r).status, 200);
  r.authorization = "Bearer k-0123456789abcdef";
  EXPECT_EQ(guarded.Handle(r).status, 200);
  r.authorization = "Bearer k-0123456789abcdeF";
  EXPECT_EQ(guarded.Handle(r).status, 401);
  r.authorization.clear();
  r.api_key = "k-0123456789abcdef";
  EXPECT_EQ(guarded.Handle(r).status, 200);
  r.api_key = "k-0123456789abcde";  // a prefix is not the key
  EXPECT_EQ(guarded.Handle(r).status, 401);
  EXPECT_NE(guarded.metrics().Render().find("embargo_auth_rejected_total 3"), std::string::npos);
}

TEST_F(ServiceTest, CorsOnlyForConfiguredOrigins) {
  ServiceOptions o;
  o.cors_origins = {"https://app.example"};
  Service s(ListLoader(), o);
  Request r;
  r.method = "OPTIONS";
  r.target = "/match/default";
  r.origin = "https://app.example";
  Response pre = s.Handle(r);
  EXPECT_EQ(pre.status, 204);
  auto header = [](const Response& resp, const std::string& name) {
    for (const auto& [k, v] : resp.headers)
      if (k == name) return v;
    return std::string();
  };
  EXPECT_EQ(header(pre, "Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_FALSE(header(pre, "Access-Control-Allow-Methods").empty());
  r.origin = "https://evil.example";
  EXPECT_EQ(header(s.Handle(r), "Access-Control-Allow-Origin"), "");
}

TEST_F(ServiceTest, FailedReloadKeepsServingTheLastGoodListsAndReadyzSaysSo) {
  std::atomic<bool> fail{false};
  Service s(
      [&fail]() -> Result<ingest::LoadedLists> {
        if (fail) return Fail(ErrorCode::kParse, "sdn.csv truncated");
        return ingest::LoadDataDir(*dir_);
      },
      {});
  Response before = Call(s, "GET", "/readyz");
  EXPECT_EQ(before.status, 503) << "nothing loaded yet";
  EXPECT_EQ(Call(s, "GET", "/catalog").status, 503);
  ASSERT_TRUE(s.Reload());
  std::string version = s.snapshot()->version;
  fail = true;
  EXPECT_FALSE(s.Reload());
  json ready = Json(Call(s, "GET", "/readyz"));
  EXPECT_EQ(ready["status"], "stale");
  EXPECT_NE(ready["last_reload_error"].get<std::string>().find("truncated"), std::string::npos);
  EXPECT_EQ(s.snapshot()->version, version);
  EXPECT_EQ(Call(s, "GET", "/entities/ofac-35096").status, 200);
  EXPECT_EQ(Call(s, "POST", "/admin/reload").status, 500);
  fail = false;
  EXPECT_EQ(Call(s, "POST", "/admin/reload").status, 200);
  EXPECT_EQ(Json(Call(s, "GET", "/readyz"))["status"], "ok");
}

TEST_F(ServiceTest, SwapUnderConcurrentRequestsFailsNone) {
  Service s(ListLoader(), {});
  ASSERT_TRUE(s.Reload());
  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, requests{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t)
    clients.emplace_back([&] {
      while (!done) {
        Response r = Call(
            s, "POST", "/match/default",
            R"({"queries": {"q": {"schema": "Person", "properties": {"name": ["Sergei Lavrov"]}}}})");
        json j = json::parse(r.body, nullptr, false);
        if (r.status != 200 || j["responses"]["q"]["results"].empty() ||
            j["responses"]["q"]["results"][0]["id"] != "ofac-35233")
          ++failures;
        ++requests;
      }
    });
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(s.Reload());
  done = true;
  for (auto& c : clients) c.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(requests.load(), 0);
  EXPECT_NE(s.metrics().Render().find("embargo_reloads_total{outcome=\"ok\"} 3"),
            std::string::npos);
}

// ServiceOptions::index_loader (serve --index): the index comes from it, the list loader
// is not called, and /match and /catalog answer from it and the datasets it gave.
TEST_F(ServiceTest, IndexLoaderReplacesTheListLoader) {
  auto lists = ingest::LoadDataDir(*dir_);
  ASSERT_TRUE(lists);
  auto datasets = lists->datasets;
  std::shared_ptr<const index::Index> built = index::Index::Build(std::move(lists->entities));
  const std::string bytes = index::EncodeSnapshot(*built, {});
  ServiceOptions o;
  int index_loads = 0;
  o.index_loader = [&](ingest::LoadedLists* out) -> Result<std::unique_ptr<const index::Index>> {
    ++index_loads;
    out->datasets = datasets;
    auto snap = index::DecodeSnapshot(bytes, "test.idx");
    if (!snap) return tl::unexpected(snap.error());
    return std::move(snap->index);
  };
  Service s(
      []() -> Result<ingest::LoadedLists> { return Fail(ErrorCode::kInternal, "not called"); }, o);
  ASSERT_TRUE(s.Reload());
  ASSERT_TRUE(s.Reload());
  EXPECT_EQ(index_loads, 2);
  json j = Json(Call(
      s, "POST", "/match/default",
      R"({"queries": {"q": {"schema": "Person", "properties": {"name": ["Sergei Lavrov"]}}}})"));
  ASSERT_FALSE(j["responses"]["q"]["results"].empty()) << j.dump();
  EXPECT_EQ(j["responses"]["q"]["results"][0]["id"], "ofac-35233");
  EXPECT_EQ(s.snapshot()->datasets.size(), datasets.size());
  EXPECT_EQ(s.snapshot()->index->entities().size(), built->entities().size());
}

TEST_F(ServiceTest, MetricsCountRequestsAndListVersions) {
  Service s(ListLoader(), {});
  ASSERT_TRUE(s.Reload());
  Response m = Call(s, "GET", "/entities/ofac-35096");
  s.metrics().Observe(m.endpoint, m.status, 0.0003);
  std::string text = Call(s, "GET", "/metrics").body;
  EXPECT_NE(text.find("embargo_http_requests_total{endpoint=\"entities\",code=\"2xx\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "embargo_http_request_duration_seconds_bucket{endpoint=\"entities\",le=\"0.0005\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("embargo_list_info{dataset=\"us_ofac_sdn\""), std::string::npos);
  EXPECT_NE(text.find("embargo_index_entities "), std::string::npos);
}

// ---- ?as_of=: the lists as they stood on a day ----

// Vladimir Putin was added to the SDN list on 2022-02-25.
TEST_F(ServiceTest, AsOfScreensAgainstTheListsOfThatDayAndNamesTheirVersions) {
  auto top_id = [](const json& results) {
    return results.empty() ? std::string() : results[0]["id"].get<std::string>();
  };
  const std::string query =
      R"({"queries": {"q": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}}})";
  Response before = Call(*service_, "POST", "/match/default?as_of=2022-02-24", query);
  ASSERT_EQ(before.status, 200) << before.body;
  json b = Json(before);
  EXPECT_NE(top_id(b["responses"]["q"]["results"]), "ofac-35096") << before.body.substr(0, 400);
  EXPECT_EQ(b["as_of"], "2022-02-24");
  ASSERT_EQ(b["lists"].size(), 1u) << b["lists"];
  EXPECT_EQ(b["lists"][0]["version"], "2022-02-23");

  Response after = Call(*service_, "POST", "/match/default?as_of=2022-02-26", query);
  ASSERT_EQ(after.status, 200) << after.body;
  json a = Json(after);
  EXPECT_EQ(top_id(a["responses"]["q"]["results"]), "ofac-35096");
  EXPECT_EQ(a["lists"][0]["version"], "2022-02-26");

  Response search = Call(*service_, "GET", "/search/default?q=Vladimir+Putin&as_of=2022-02-26");
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_EQ(top_id(Json(search)["results"]), "ofac-35096");
  EXPECT_EQ(Json(search)["as_of"], "2022-02-26");

  // Today's lists name their versions too, and carry no as_of.
  json now = Json(Call(*service_, "POST", "/match/default", query));
  EXPECT_GE(now["lists"].size(), 2u);
  EXPECT_FALSE(now.contains("as_of"));
}

TEST_F(ServiceTest, AsOfSnapshotsAreCachedPerVersionSet) {
  // Today's lists do not matter here: an empty loader, the suite's version store.
  ServiceOptions o = Options();
  o.as_of_cache = 1;
  Service s([] { return Result<ingest::LoadedLists>(ingest::LoadedLists{}); }, o);
  ASSERT_TRUE(s.Reload());
  auto builds = [&s] {
    std::string m = Call(s, "GET", "/metrics").body;
    size_t at = m.find("\nembargo_as_of_builds_total ");
    EXPECT_NE(at, std::string::npos) << m.substr(0, 300);
    return at == std::string::npos ? -1 : std::stol(m.substr(at + 28));
  };
  auto search = [&s](const std::string& day) {
    return Call(s, "GET", "/search/default?q=Lavrov&as_of=" + day).status;
  };
  EXPECT_EQ(builds(), 0);
  ASSERT_EQ(search("2022-02-23"), 200);
  EXPECT_EQ(builds(), 1);
  // The same version is in force on the 24th and 25th: no new build.
  for (const char* day : {"2022-02-24", "2022-02-25", "2022-02-23"}) ASSERT_EQ(search(day), 200);
  EXPECT_EQ(builds(), 1);
  // Another version set is another snapshot; with room for one, it evicts the first.
  ASSERT_EQ(search("2030-01-01"), 200);
  EXPECT_EQ(builds(), 2);
  ASSERT_EQ(search("2022-02-26"), 200);
  EXPECT_EQ(builds(), 2);
  ASSERT_EQ(search("2022-02-24"), 200);
  EXPECT_EQ(builds(), 3);
}

TEST_F(ServiceTest, AsOfErrorsSayWhatIsWrong) {
  const std::string query = R"({"queries": {"q": {"properties": {"name": ["Putin"]}}}})";
  Response bad = Call(*service_, "POST", "/match/default?as_of=2022-02-30", query);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(Json(bad)["detail"].get<std::string>().find("YYYY-MM-DD"), std::string::npos)
      << bad.body;
  Response early = Call(*service_, "POST", "/match/default?as_of=2001-01-01", query);
  EXPECT_EQ(early.status, 404);
  EXPECT_NE(Json(early)["detail"].get<std::string>().find("the oldest is"), std::string::npos)
      << early.body;

  // A data folder without history.
  std::string empty = *dir_ + "/no-history";
  std::filesystem::create_directories(empty);
  ServiceOptions o;
  o.history_dir = empty;
  Service s([] { return Result<ingest::LoadedLists>(ingest::LoadedLists{}); }, o);
  ASSERT_TRUE(s.Reload());
  Response none = Call(s, "GET", "/search/default?q=Putin&as_of=2022-02-24");
  EXPECT_EQ(none.status, 404);
  EXPECT_NE(Json(none)["detail"].get<std::string>().find("no list versions recorded"),
            std::string::npos)
      << none.body;
  Service no_dir([] { return Result<ingest::LoadedLists>(ingest::LoadedLists{}); }, {});
  ASSERT_TRUE(no_dir.Reload());
  EXPECT_EQ(Call(no_dir, "GET", "/search/default?q=Putin&as_of=2022-02-24").status, 400);
}

// ---- /alerts: the queue and decisions with four eyes ----

class AlertsTest : public ServiceTest {
 protected:
  void SetUp() override {
    path_ = *dir_ + "/alerts-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
            ".db";
    std::filesystem::remove(path_);
    auto st = store::Store::Open(path_);
    ASSERT_TRUE(st) << st.error().ToString();
    ASSERT_TRUE((*st)->AddUser("ana", store::Role::kAnalyst, "test"));
    ASSERT_TRUE((*st)->AddUser("sue", store::Role::kSupervisor, "test"));
    ASSERT_TRUE((*st)->AddUser("sam", store::Role::kSupervisor, "test"));
    auto customer = [](std::string id, std::string name) {
      screen::Query q;
      q.id = std::move(id);
      q.names = {std::move(name)};
      q.facts.schema = model::Schema::kPerson;
      return q;
    };
    ASSERT_TRUE((*st)->UpsertCustomers({customer("c-lavrov", "Sergei Viktorovich Lavrov"),
                                        customer("c-putin", "Vladimir Vladimirovich Putin"),
                                        customer("c-clean", "Jane Quietly Nobody")},
                                       "test", "test"));
    auto snap = service_->snapshot();
    auto run = store::ScreenPending(**st, {snap->index.get(), snap->datasets}, {});
    ASSERT_TRUE(run) << run.error().ToString();
    ASSERT_GE(run->alerts, 2u);
    std::string path = path_;
    ServiceOptions o = Options();
    o.open_store = [path] { return store::Store::Open(path); };
    o.api_keys = keys_;
    o.api_key_users = key_users_;
    desk_ = std::make_unique<Service>(ListLoader(), o);
  }

  // The newest alert of a customer.
  json AlertOf(const std::string& customer) {
    json all = Json(Call(*desk_, "GET", "/alerts"));
    for (const auto& a : all["alerts"])
      if (a["customer"] == customer) return a;
    ADD_FAILURE() << "no alert for " << customer << ": " << all.dump().substr(0, 300);
    return json::object();
  }
  Response Decide(int64_t id, const std::string& user, const json& body) {
    return Call(*desk_, "POST", "/alerts/" + std::to_string(id) + "/decision", body.dump(),
                "application/json", user);
  }
  Response Approve(int64_t id, const std::string& user) {
    return Call(*desk_, "POST", "/alerts/" + std::to_string(id) + "/approve", "",
                "application/json", user);
  }
  std::string Detail(const Response& r) { return Json(r).value("detail", std::string()); }

  std::string path_;
  std::vector<std::string> keys_, key_users_;
  std::unique_ptr<Service> desk_;
};

TEST_F(AlertsTest, QueueListsAlertsWithCustomerEntityVersionScoreAndExplanation) {
  Response r = Call(*desk_, "GET", "/alerts?status=open");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.endpoint, Endpoint::kAlerts);
  json j = Json(r);
  ASSERT_GE(j["total"].get<size_t>(), 2u);
  EXPECT_EQ(j["alerts"].size(), j["total"].get<size_t>());
  json lavrov = AlertOf("c-lavrov");
  EXPECT_EQ(lavrov["status"], "open");
  EXPECT_EQ(lavrov["customer_name"], "Sergei Viktorovich Lavrov");
  EXPECT_EQ(lavrov["entity"], "ofac-35233");
  EXPECT_FALSE(lavrov["list_version"].get<std::string>().empty());
  EXPECT_GE(lavrov["score"].get<double>(), 0.70);
  EXPECT_TRUE(lavrov["explanation"].is_object());
  EXPECT_TRUE(lavrov["decision"].is_null());
  for (const auto& a : j["alerts"]) EXPECT_NE(a["customer"], "c-clean");

  Response one = Call(*desk_, "GET", "/alerts/" + std::to_string(lavrov["id"].get<int64_t>()));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(Json(one)["entity"], "ofac-35233");

  json paged = Json(Call(*desk_, "GET", "/alerts?limit=1&offset=1"));
  EXPECT_EQ(paged["alerts"].size(), 1u);
  EXPECT_EQ(paged["total"], j["total"]);
  EXPECT_EQ(Json(Call(*desk_, "GET", "/alerts?status=pending"))["total"], 0);
  EXPECT_EQ(Call(*desk_, "GET", "/alerts?status=shut").status, 400);
  EXPECT_EQ(Call(*desk_, "GET", "/alerts?limit=x").status, 400);
  EXPECT_EQ(Call(*desk_, "GET", "/alerts/999999").status, 404);
  EXPECT_EQ(Call(*desk_, "GET", "/alerts/abc").status, 404);
  EXPECT_EQ(Call(*desk_, "POST", "/alerts").status, 405);
  EXPECT_EQ(Call(*desk_, "GET", "/alerts/1/decision").status, 405);
}

TEST_F(AlertsTest, DecisionNeedsARealUserAValidDecisionAndAComment) {
  int64_t id = AlertOf("c-lavrov")["id"];
  json ok = {{"decision", "true_match"}, {"comment", "same person"}};
  Response anon = Decide(id, "", ok);
  EXPECT_EQ(anon.status, 400);
  EXPECT_NE(Detail(anon).find("X-Embargo-User"), std::string::npos) << anon.body;
  Response stranger = Decide(id, "mallory", ok);
  EXPECT_EQ(stranger.status, 403);
  EXPECT_NE(Detail(stranger).find("embargo users add"), std::string::npos) << stranger.body;
  EXPECT_EQ(Decide(id, "ana", {{"decision", "maybe"}, {"comment", "x"}}).status, 400);
  EXPECT_EQ(Decide(id, "ana", {{"decision", "true_match"}, {"comment", "  "}}).status, 400);
  EXPECT_EQ(
      Decide(id, "ana", {{"decision", "true_match"}, {"comment", "x"}, {"whitelist", true}}).status,
      400);
  EXPECT_EQ(Call(*desk_, "POST", "/alerts/" + std::to_string(id) + "/decision", "{not json",
                 "application/json", "ana")
                .status,
            422);
  // Header and body naming different users is refused; the body alone is enough.
  EXPECT_EQ(Decide(id, "ana", {{"decision", "escalate"}, {"comment", "x"}, {"user", "sue"}}).status,
            400);
  EXPECT_EQ(Decide(999999, "ana", ok).status, 404);
  EXPECT_EQ(AlertOf("c-lavrov")["status"], "open");  // nothing above changed it
  Response body_user =
      Decide(id, "", {{"decision", "escalate"}, {"comment", "ask"}, {"user", "ana"}});
  ASSERT_EQ(body_user.status, 200) << body_user.body;
  EXPECT_EQ(Json(body_user)["status"], "escalated");
  EXPECT_EQ(Json(body_user)["decided_by"], "ana");
}

TEST_F(AlertsTest, FourEyesFlowIsAuditedAndRefusesSelfApproval) {
  int64_t id = AlertOf("c-lavrov")["id"];
  auto audit_rows = [&] {
    auto st = store::Store::Open(path_);
    EXPECT_TRUE(st);
    auto check = (*st)->VerifyAudit();
    EXPECT_TRUE(check && check->ok) << (check ? check->problem : check.error().ToString());
    return check ? check->rows : 0;
  };
  uint64_t rows = audit_rows();
  Response d = Decide(id, "ana", {{"decision", "true_match"}, {"comment", "same dob and face"}});
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(Json(d)["status"], "pending_approval");
  EXPECT_EQ(Json(d)["decision"], "true_match");
  EXPECT_EQ(Json(d)["comment"], "same dob and face");
  EXPECT_EQ(audit_rows(), rows + 1);
  {
    auto st = store::Store::Open(path_);
    ASSERT_TRUE(st);
    auto q = (*st)->db().Prepare("SELECT actor, action FROM audit ORDER BY seq DESC LIMIT 1");
    ASSERT_TRUE(q);
    ASSERT_TRUE(q->Step().value_or(false));
    EXPECT_EQ(q->Text(0), "ana");
    EXPECT_EQ(q->Text(1), "alert.decide");
  }
  // Decided already: a second decision conflicts.
  Response again = Decide(id, "sue", {{"decision", "false_positive"}, {"comment", "no"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(Detail(again).find("pending_approval"), std::string::npos) << again.body;
  json pending = Json(Call(*desk_, "GET", "/alerts?status=pending"));
  ASSERT_EQ(pending["total"], 1);
  EXPECT_EQ(pending["alerts"][0]["id"], id);

  // The analyst cannot approve (their own decision, nor any).
  Response own = Approve(id, "ana");
  EXPECT_EQ(own.status, 403);
  EXPECT_NE(Detail(own).find("only a supervisor"), std::string::npos) << own.body;
  EXPECT_EQ(Approve(id, "").status, 400);
  EXPECT_EQ(Approve(id, "nobody").status, 403);
  Response ok = Approve(id, "sue");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Json(ok)["status"], "decided");
  EXPECT_EQ(Json(ok)["approved_by"], "sue");
  EXPECT_EQ(audit_rows(), rows + 2);
  EXPECT_EQ(Approve(id, "sam").status, 409);  // nothing waits any more

  // A supervisor who decided cannot approve their own decision either.
  int64_t putin = AlertOf("c-putin")["id"];
  ASSERT_EQ(Decide(putin, "sue", {{"decision", "true_match"}, {"comment", "listed"}}).status, 200);
  Response self = Approve(putin, "sue");
  EXPECT_EQ(self.status, 403);
  EXPECT_NE(Detail(self).find("four eyes"), std::string::npos) << self.body;
  EXPECT_EQ(Approve(putin, "sam").status, 200);
  EXPECT_EQ(audit_rows(), rows + 4);
}

TEST_F(AlertsTest, ApiKeysGuardTheQueueAndNoStoreIsA404) {
  keys_ = {"k-0123456789abcdef"};
  SetUp();
  EXPECT_EQ(Call(*desk_, "GET", "/alerts").status, 401);
  Request r;
  r.method = "GET";
  r.target = "/alerts";
  r.api_key = "k-0123456789abcdef";
  EXPECT_EQ(desk_->Handle(r).status, 200);

  Service none(ListLoader(), {});
  Response no_store = Call(none, "GET", "/alerts");
  EXPECT_EQ(no_store.status, 404);
  EXPECT_NE(Json(no_store)["detail"].get<std::string>().find("--db"), std::string::npos);
  // An opener that finds no store yet answers 404 with its reason, and retries later.
  ServiceOptions o;
  bool exists = false;
  std::string path = path_;
  o.open_store = [&exists, path]() -> Result<std::unique_ptr<store::Store>> {
    if (!exists) return Fail(ErrorCode::kNotFound, "no alert store yet", path);
    return store::Store::Open(path);
  };
  Service lazy(ListLoader(), o);
  Response later = Call(lazy, "GET", "/alerts");
  EXPECT_EQ(later.status, 404);
  EXPECT_NE(later.body.find("no alert store yet"), std::string::npos) << later.body;
  exists = true;
  EXPECT_EQ(Call(lazy, "GET", "/alerts").status, 200);
}

// A key bound to a user authenticates that user: no header needed, another name refused,
// so a supervisor's key cannot approve as someone else or its own decision.
TEST_F(AlertsTest, AKeyBoundToAUserActsForThatUserOnly) {
  keys_ = {"k-ana-0123456789abcdef", "k-sue-0123456789abcdef", "k-anonymous-0123456789"};
  key_users_ = {"ana", "sue", ""};
  SetUp();
  auto call = [&](const std::string& key, const std::string& header, const std::string& target,
                  const json& body) {
    Request r;
    r.method = body.is_null() ? "GET" : "POST";
    r.target = target;
    r.body = body.dump();
    r.content_type = "application/json";
    r.api_key = key;
    r.user = header;
    return desk_->Handle(r);
  };
  int64_t id = 0;
  json queue = Json(call(keys_[2], "", "/alerts", nullptr));
  for (const auto& a : queue["alerts"])
    if (a["customer"] == "c-lavrov") id = a["id"];
  ASSERT_NE(id, 0) << queue.dump();
  std::string decision = "/alerts/" + std::to_string(id) + "/decision";
  json ok = {{"decision", "true_match"}, {"comment", "same person"}};
  Response as_other = call(keys_[0], "sue", decision, ok);
  EXPECT_EQ(as_other.status, 403) << as_other.body;
  EXPECT_NE(as_other.body.find("acts for 'ana'"), std::string::npos) << as_other.body;
  Response body_other =
      call(keys_[0], "", decision, {{"decision", "escalate"}, {"comment", "x"}, {"user", "sue"}});
  EXPECT_EQ(body_other.status, 400) << body_other.body;
  Response decided = call(keys_[0], "", decision, ok);
  ASSERT_EQ(decided.status, 200) << decided.body;
  EXPECT_EQ(Json(decided)["decided_by"], "ana");
  EXPECT_EQ(Json(decided)["status"], "pending_approval");
  // The unbound key still names its user by header (asserted, as without user keys).
  std::string approve = "/alerts/" + std::to_string(id) + "/approve";
  EXPECT_EQ(call(keys_[1], "sam", approve, json::object()).status, 403);
  Response approved = call(keys_[1], "", approve, json::object());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(Json(approved)["approved_by"], "sue");
  EXPECT_EQ(call("k-wrong-0123456789abcd", "ana", approve, json::object()).status, 401);
}

TEST_F(AlertsTest, ConcurrentDecisionsOnOneAlertLetExactlyOneWin) {
  int64_t id = AlertOf("c-putin")["id"];
  std::atomic<int> ok{0}, conflict{0};
  std::vector<std::thread> threads;
  for (const char* user : {"ana", "sue", "sam", "ana", "sue", "sam"})
    threads.emplace_back([&, user] {
      int s =
          Decide(id, user, {{"decision", "false_positive"}, {"comment", "other person"}}).status;
      (s == 200 ? ok : conflict).fetch_add(1);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 5);
}

TEST(UrlDecode, DecodesPercentAndPlus) {
  EXPECT_EQ(UrlDecode("a%20b+c"), "a b c");
  EXPECT_EQ(UrlDecode("a+b", false), "a+b");
  EXPECT_EQ(UrlDecode("%"), "%");
  EXPECT_EQ(UrlDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(UrlDecode("%D0%9F"), "\xD0\x9F");
}

}  // namespace
}  // namespace embargo::server
