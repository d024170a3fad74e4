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
  static ServiceOptions Options() { return {}; }

  static Response Call(Service& s, std::string method, std::string target, std::string body = {},
                       std::string content_type = "application/json") {
    Request r;
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

TEST(UrlDecode, DecodesPercentAndPlus) {
  EXPECT_EQ(UrlDecode("a%20b+c"), "a b c");
  EXPECT_EQ(UrlDecode("a+b", false), "a+b");
  EXPECT_EQ(UrlDecode("%"), "%");
  EXPECT_EQ(UrlDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(UrlDecode("%D0%9F"), "\xD0\x9F");
}

}  // namespace
}  // namespace embargo::server
