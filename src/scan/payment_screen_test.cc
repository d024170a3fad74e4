// Payment screening over the real OFAC list and the hand-written messages in
// tests/data/payments: parties, BICs, jurisdictions and free text, each with its path.
#include "scan/payment_screen.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "ingest/loader.h"

namespace embargo::scan {
namespace {

const PaymentScreener& Screener() {
  static const PaymentScreener* s = [] {
    auto lists = ingest::LoadDataDir(embargo::testing::TestDataPath("ofac/current"));
    EXPECT_TRUE(lists.has_value());
    auto* idx =
        index::Index::Build(lists ? std::move(lists->entities) : std::vector<model::Entity>{})
            .release();
    auto* scanner = Scanner::Build(*idx).release();
    return PaymentScreener::Build(*scanner).release();
  }();
  return *s;
}

std::vector<payment::Message> Messages(const std::string& name) {
  const char* src = std::getenv("EMBARGO_SOURCE_DIR");
  std::string path = std::string(src ? src : ".") + "/tests/data/payments/" + name;
  auto data = ReadFile(path);
  EXPECT_TRUE(data.has_value()) << path;
  if (!data) return {};
  auto msgs = payment::ParseMessages(*data, name);
  EXPECT_TRUE(msgs.has_value()) << (msgs ? "" : msgs.error().ToString());
  return msgs ? std::move(*msgs) : std::vector<payment::Message>{};
}

// "kind path entity-id" for each hit (entity id empty for jurisdictions).
std::set<std::string> Hits(const PaymentResult& r) {
  std::set<std::string> out;
  const auto& ents = Screener().scanner().index().entities();
  for (const auto& h : r.hits)
    out.insert(h.kind + " " + h.path + " " +
               (h.kind == "jurisdiction" ? "" : ents[h.hit.entity].id));
  return out;
}

TEST(PaymentScreenTest, OrderingCustomerInField50FIsFound) {
  auto msgs = Messages("y_mt103_50f_59f.fin");
  ASSERT_EQ(msgs.size(), 1u);
  auto hits = Hits(Screener().Screen(msgs[0]));
  EXPECT_TRUE(hits.count("party MT103/:50F: ofac-35233")) << ::testing::PrintToString(hits);
}

TEST(PaymentScreenTest, Pacs008PartiesAndListedBic) {
  auto msgs = Messages("y_pacs008_two_tx.xml");
  ASSERT_EQ(msgs.size(), 1u);
  auto hits = Hits(Screener().Screen(msgs[0]));
  EXPECT_TRUE(hits.count("party pacs.008/CdtTrfTxInf[1]/UltmtCdtr ofac-17022"))
      << ::testing::PrintToString(hits);
  EXPECT_TRUE(hits.count("party pacs.008/CdtTrfTxInf[2]/Cdtr ofac-35233"));
  EXPECT_TRUE(hits.count("bic pacs.008/CdtTrfTxInf[2]/CdtrAgt ofac-17018"));
}

TEST(PaymentScreenTest, BankInASanctionedJurisdiction) {
  auto msgs = Messages("y_mt202_52a_58a.fin");
  ASSERT_EQ(msgs.size(), 1u);
  auto r = Screener().Screen(msgs[0]);
  bool bic_ir = false;
  for (const auto& h : r.hits)
    bic_ir |= h.kind == "jurisdiction" && h.value.size() >= 8 && h.value.substr(4, 2) == "IR";
  EXPECT_TRUE(bic_ir) << ::testing::PrintToString(Hits(r));
}

TEST(PaymentScreenTest, FreeTextAndBeneficiaryOfMt103) {
  auto msgs = Messages("y_mt103_50k_59.fin");
  ASSERT_EQ(msgs.size(), 1u);
  auto hits = Hits(Screener().Screen(msgs[0]));
  EXPECT_TRUE(hits.count("bic MT103/:57A: ofac-17013")) << ::testing::PrintToString(hits);
  bool text72 = false;
  for (const auto& h : hits) text72 |= h.rfind("text MT103/:72:", 0) == 0;
  EXPECT_TRUE(text72) << ::testing::PrintToString(hits);
}

TEST(PaymentScreenTest, OrdinaryPaymentsAreClear) {
  for (const char* f : {"y_pain001.xml", "y_pacs008_bah_v02.xml"}) {
    for (const auto& m : Messages(f)) {
      auto r = Screener().Screen(m);
      EXPECT_TRUE(r.hits.empty()) << f << ": " << ::testing::PrintToString(Hits(r));
    }
  }
}

TEST(PaymentScreenTest, JsonCarriesPathsAndResults) {
  auto msgs = Messages("y_mt103_50f_59f.fin");
  ASSERT_FALSE(msgs.empty());
  auto j = PaymentResultToJson(Screener().scanner().index(), Screener().Screen(msgs[0]));
  EXPECT_EQ(j["type"], "MT103");
  EXPECT_TRUE(j["alert"].get<bool>());
  ASSERT_FALSE(j["hits"].empty());
  EXPECT_EQ(j["hits"][0]["path"], "MT103/:50F:");
  EXPECT_EQ(j["hits"][0]["result"]["id"], "ofac-35233");
}

}  // namespace
}  // namespace embargo::scan
