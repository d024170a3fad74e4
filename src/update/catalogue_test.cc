#include "update/catalogue.h"

#include <gtest/gtest.h>

namespace embargo::update {
namespace {

TEST(CatalogueTest, DefaultHasOfacAndUnWithOfficialUrls) {
  auto sources = DefaultCatalogue(CatalogueOptions{});
  ASSERT_TRUE(sources) << sources.error().ToString();
  ASSERT_EQ(sources->size(), 9u);
  const struct {
    const char* list;
    const char* url;
    const char* path;
  } kWant[] = {
      {"ofac", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
       "ofac/sdn.csv"},
      {"ofac", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
       "ofac/alt.csv"},
      {"ofac", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
       "ofac/add.csv"},
      {"ofac",
       "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
       "SDN_COMMENTS.CSV",
       "ofac/sdn_comments.csv"},
      {"ofac",
       "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV",
       "ofac/cons_prim.csv"},
      {"ofac",
       "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ALT.CSV",
       "ofac/cons_alt.csv"},
      {"ofac",
       "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ADD.CSV",
       "ofac/cons_add.csv"},
      {"ofac",
       "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
       "CONS_COMMENTS.CSV",
       "ofac/cons_comments.csv"},
      {"un", "https://scsanctions.un.org/resources/xml/en/consolidated.xml", "un/consolidated.xml"},
  };
  for (size_t i = 0; i < sources->size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ((*sources)[i].list, kWant[i].list);
    EXPECT_EQ((*sources)[i].url, kWant[i].url);
    EXPECT_EQ((*sources)[i].relative_path, kWant[i].path);
    EXPECT_GT((*sources)[i].max_bytes, 0u);
  }
}

TEST(CatalogueTest, BaseUrlsAreOverridable) {
  CatalogueOptions options;
  options.ofac_base_url = "http://127.0.0.1:8080/ofac";  // no trailing slash
  options.un_url = "http://127.0.0.1:8080/un.xml";
  options.opensanctions_base_url = "http://127.0.0.1:8080/os/";
  options.opensanctions_datasets = {"sanctions"};
  options.max_bytes = 1234;
  auto sources = DefaultCatalogue(options);
  ASSERT_TRUE(sources) << sources.error().ToString();
  ASSERT_EQ(sources->size(), 10u);
  EXPECT_EQ(sources->front().url, "http://127.0.0.1:8080/ofac/SDN.CSV");
  EXPECT_EQ((*sources)[8].url, "http://127.0.0.1:8080/un.xml");
  EXPECT_EQ(sources->back().list, "opensanctions/sanctions");
  EXPECT_EQ(sources->back().url, "http://127.0.0.1:8080/os/sanctions/entities.ftm.json");
  EXPECT_EQ(sources->back().relative_path, "opensanctions/sanctions/entities.ftm.json");
  for (const Source& s : *sources) EXPECT_EQ(s.max_bytes, 1234u);
}

TEST(CatalogueTest, ListSelection) {
  CatalogueOptions options;
  options.lists = {"un"};
  auto sources = DefaultCatalogue(options);
  ASSERT_TRUE(sources);
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ(sources->front().relative_path, "un/consolidated.xml");
}

TEST(CatalogueTest, RejectsBadNames) {
  const struct {
    std::vector<std::string> lists;
    std::vector<std::string> datasets;
  } kCases[] = {
      {{"ofac", "eu"}, {}},      {{"ofac"}, {"../etc"}}, {{"ofac"}, {""}},
      {{"ofac"}, {"Sanctions"}}, {{"ofac"}, {"a/b"}},    {{"ofac"}, {std::string(65, 'a')}},
  };
  for (const auto& c : kCases) {
    CatalogueOptions options;
    options.lists = c.lists;
    options.opensanctions_datasets = c.datasets;
    auto sources = DefaultCatalogue(options);
    ASSERT_FALSE(sources);
    EXPECT_EQ(sources.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace embargo::update
