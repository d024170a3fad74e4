// Index snapshots: an index loaded from its snapshot screens exactly as the one built
// from the lists (same candidates, hits, scores, explanations, entities, stats), and a
// truncated, corrupt, foreign or other-version file is an Error, never a crash.
#include "index/snapshot.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstring>
#include <filesystem>
#include <random>

#include "common/file.h"
#include "common/testing/testdata.h"
#include "ingest/loader.h"
#include "model/ftm.h"
#include "screen/screen.h"

namespace embargo::index {
namespace {

// The real OFAC and UN lists when present (missing data fails the test with a message).
std::vector<model::Entity> RealEntities() {
  std::vector<model::Entity> out;
  for (const char* rel : {"ofac/current", "un/consolidated-2026-02-27.xml"}) {
    std::string path = embargo::testing::TestDataPath(rel);
    auto lists =
        std::filesystem::is_directory(path) ? ingest::LoadDataDir(path) : ingest::LoadFile(path);
    EXPECT_TRUE(lists.has_value()) << path << ": " << (lists ? "" : lists.error().ToString())
                                   << " (set EMBARGO_TEST_DATA to the shared data folder)";
    if (lists)
      for (auto& e : lists->entities) out.push_back(std::move(e));
  }
  return out;
}

struct Pair {
  std::unique_ptr<const Index> built;
  std::string bytes;
  LoadedSnapshot loaded;
};

const Pair& Real() {
  static const Pair* pair = [] {
    auto* p = new Pair;
    p->built = Index::Build(RealEntities());
    SnapshotInfo info;
    info.datasets.push_back(
        {"us_ofac_sdn", "OFAC SDN", "US Treasury", "2026-02-27", {"sdn.csv", "alt.csv"}, false});
    info.lists_fingerprint = "ofac/sdn.csv\t123\t456\n";
    info.notes = R"({"reports":[]})";
    p->bytes = EncodeSnapshot(*p->built, info);
    auto loaded = DecodeSnapshot(p->bytes, "real.idx");
    EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().ToString());
    if (loaded) p->loaded = std::move(*loaded);
    return p;
  }();
  return *pair;
}

std::string HitsText(const Index& idx, const screen::Response& r) {
  std::string out = std::to_string(r.total) + "\n";
  for (const auto& h : r.hits)
    out += screen::HitToJson(idx, h).dump() + "\n" + screen::ExplainText(idx, h) + "\n";
  return out;
}

void ExpectSameIndex(const Index& a, const Index& b) {
  ASSERT_GT(a.entities().size(), 10000u);
  const IndexStats sa = a.stats(), sb = b.stats();
  EXPECT_EQ(sa.entities, sb.entities);
  EXPECT_EQ(sa.names, sb.names);
  EXPECT_EQ(sa.tokens, sb.tokens);
  EXPECT_EQ(sa.deletion_keys, sb.deletion_keys);
  // Queries of every shape: exact, misspelt, reordered, other scripts, organisations,
  // vessels, joined and split parts, common given names, unknown names.
  const std::pair<const char*, model::Schema> queries[] = {
      {"Sergei Lavrov", model::Schema::kPerson},
      {"Sergey Viktorovich Lavrof", model::Schema::kPerson},
      {"Путин Владимир", model::Schema::kPerson},
      {"Vladimir Putin", model::Schema::kLegalEntity},
      {"Muhammad Ali", model::Schema::kPerson},
      {"Abdulrahman", model::Schema::kPerson},
      {"Abdul Rahman al Qaida", model::Schema::kLegalEntity},
      {"Bank Melli Iran", model::Schema::kCompany},
      {"Rosneft Oil Company", model::Schema::kOrganization},
      {"Kim Jong Un", model::Schema::kPerson},
      {"김정은", model::Schema::kPerson},
      {"محمد", model::Schema::kPerson},
      {"Mahan Air", model::Schema::kCompany},
      {"Sea Star", model::Schema::kVessel},
      {"Joanna Zzyxwvuq", model::Schema::kPerson},
      {"Hezbollah", model::Schema::kOrganization},
  };
  for (const auto& [name, schema] : queries) {
    SCOPED_TRACE(name);
    screen::Query q;
    q.names = {name};
    q.facts.schema = schema;
    screen::Options o;
    o.limit = 10;
    o.min_score = 0;
    EXPECT_EQ(HitsText(a, screen::Screen(a, q, o)), HitsText(b, screen::Screen(b, q, o)));
    auto qa = a.PrepareQuery(name), qb = b.PrepareQuery(name);
    auto ca = a.Candidates(qa, schema, 200), cb = b.Candidates(qb, schema, 200);
    ASSERT_EQ(ca.size(), cb.size());
    for (size_t i = 0; i < ca.size(); ++i) {
      EXPECT_EQ(ca[i].entity, cb[i].entity);
      EXPECT_EQ(ca[i].prescore, cb[i].prescore);
    }
  }
  // Token and name level access (the scanners').
  ASSERT_EQ(a.token_count(), b.token_count());
  ASSERT_EQ(a.name_count(), b.name_count());
  for (uint32_t t = 0; t < a.token_count(); t += 97) {
    auto ta = a.Token(t), tb = b.Token(t);
    EXPECT_EQ(ta.text, tb.text);
    EXPECT_EQ(ta.weight, tb.weight);
    EXPECT_EQ(ta.equivalence, tb.equivalence);
    EXPECT_EQ(ta.phonetic, tb.phonetic);
    EXPECT_EQ(ta.letters, tb.letters);
    EXPECT_EQ(a.TokenDf(t), b.TokenDf(t));
    EXPECT_EQ(b.FindToken(tb.text), a.FindToken(ta.text));
  }
  for (uint32_t r = 0; r < a.name_count(); r += 31) {
    auto na = a.Name(r), nb = b.Name(r);
    EXPECT_EQ(na.entity, nb.entity);
    EXPECT_EQ(na.name, nb.name);
    ASSERT_EQ(na.token_count, nb.token_count);
    EXPECT_EQ(0, std::memcmp(na.tokens, nb.tokens, na.token_count * sizeof(uint32_t)));
    EXPECT_EQ(a.PreparedNameAt(r).display, b.PreparedNameAt(r).display);
  }
  // Every entity, field by field (FtM carries them all) and by id.
  ASSERT_EQ(a.entities().size(), b.entities().size());
  for (size_t e = 0; e < a.entities().size(); ++e) {
    ASSERT_EQ(model::ToFtm(a.entities()[e]).dump(), model::ToFtm(b.entities()[e]).dump());
    ASSERT_EQ(b.Find(a.entities()[e].id), &b.entities()[e]);
  }
}

TEST(SnapshotTest, LoadedIndexScreensExactlyAsBuilt) {
  const Pair& p = Real();
  ASSERT_NE(p.loaded.index, nullptr);
  ExpectSameIndex(*p.built, *p.loaded.index);
  // Writing the loaded index again gives the same bytes.
  EXPECT_EQ(EncodeSnapshot(*p.loaded.index, p.loaded.info), p.bytes);
}

// LoadSnapshot maps the file and views the hash tables in place (no copy).
TEST(SnapshotTest, MappedFileScreensExactlyAsBuilt) {
  const Pair& p = Real();
  std::string path = ::testing::TempDir() + "/snapshot_test_real.idx";
  ASSERT_TRUE(WriteFileAtomic(path, p.bytes).has_value());
  auto mapped = LoadSnapshot(path);
  std::filesystem::remove(path);  // the mapping outlives the name
  ASSERT_TRUE(mapped.has_value()) << mapped.error().ToString();
  ExpectSameIndex(*p.built, *mapped->index);
  EXPECT_EQ(EncodeSnapshot(*mapped->index, mapped->info), p.bytes);
}

TEST(SnapshotTest, KeepsTheCallersInfo) {
  const Pair& p = Real();
  const SnapshotInfo& info = p.loaded.info;
  ASSERT_EQ(info.datasets.size(), 1u);
  EXPECT_EQ(info.datasets[0].name, "us_ofac_sdn");
  EXPECT_EQ(info.datasets[0].version, "2026-02-27");
  EXPECT_EQ(info.datasets[0].files, (std::vector<std::string>{"sdn.csv", "alt.csv"}));
  EXPECT_EQ(info.lists_fingerprint, "ofac/sdn.csv\t123\t456\n");
  EXPECT_EQ(info.notes, R"({"reports":[]})");
}

// A small index, so every damaged variant can be tried.
std::string SmallSnapshot() {
  std::vector<model::Entity> ents;
  for (const char* n : {"Sergei Viktorovich LAVROV", "Sergey LAVROV", "BANK MELLI IRAN",
                        "Muhammad Ali", "Mohammed Ali Hassan", "SEA STAR"}) {
    model::Entity e;
    e.id = std::string("t-") + n;
    e.schema = n[0] == 'B' ? model::Schema::kCompany : model::Schema::kPerson;
    e.names.emplace_back().full = n;
    e.names.emplace_back().full = std::string(n) + " II";
    e.names.back().kind = model::NameKind::kAlias;
    e.birth_dates.push_back({{1950, 3, 21}, {}, true, "circa 1950"});
    e.identifiers.push_back({model::IdType::kPassport, "123", "ru", "Passport", ""});
    ents.push_back(std::move(e));
  }
  return EncodeSnapshot(*Index::Build(std::move(ents)), {});
}

TEST(SnapshotTest, SmallRoundTrip) {
  std::string bytes = SmallSnapshot();
  auto loaded = DecodeSnapshot(bytes, "small.idx");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  const auto& e = loaded->index->entities()[0];
  EXPECT_EQ(e.names[1].kind, model::NameKind::kAlias);
  ASSERT_EQ(e.birth_dates.size(), 1u);
  EXPECT_EQ(e.birth_dates[0].from, (model::PartialDate{1950, 3, 21}));
  EXPECT_TRUE(e.birth_dates[0].circa);
  EXPECT_EQ(e.birth_dates[0].original, "circa 1950");
  EXPECT_EQ(e.identifiers[0],
            (model::Identifier{model::IdType::kPassport, "123", "ru", "Passport", ""}));
  EXPECT_EQ(EncodeSnapshot(*loaded->index, loaded->info), bytes);
}

TEST(SnapshotTest, ForeignTruncatedAndOtherVersionFilesAreErrors) {
  const std::string bytes = SmallSnapshot();
  auto err = [](std::string_view b) {
    auto r = DecodeSnapshot(b, "x.idx");
    EXPECT_FALSE(r.has_value());
    return r ? std::string() : r.error().ToString();
  };
  EXPECT_NE(err("").find("not an embargo index snapshot"), std::string::npos);
  EXPECT_NE(err("sdn.csv,header,row\n" + std::string(100, 'x')).find("x.idx"), std::string::npos);
  EXPECT_NE(err(bytes.substr(0, bytes.size() / 2)).find("truncated"), std::string::npos);
  std::string other = bytes;
  other[8] = 99;  // format version
  EXPECT_NE(err(other).find("format 99"), std::string::npos);
  other = bytes;
  other[24] ^= 1;  // pipeline fingerprint
  EXPECT_NE(err(other).find("prepares names differently"), std::string::npos);
  other = bytes;
  other[bytes.size() - 9] ^= 0x40;
  EXPECT_NE(err(other).find("checksum"), std::string::npos);
}

// Damage past the checksum (the checksum recomputed): every structural check must hold.
void Reseal(std::string* b) {
  if (b->size() < 40) return;
  uint64_t h = XXH3_64bits(b->data() + 40, b->size() - 40);
  std::memcpy(b->data() + 32, &h, 8);
}

TEST(SnapshotTest, DamagedSectionsAreErrorsNotCrashes) {
  const std::string bytes = SmallSnapshot();
  std::mt19937 rng(7);
  int rejected = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string b = bytes;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      size_t at = 40 + rng() % (b.size() - 40);
      b[at] = static_cast<char>(rng() % 3 == 0 ? 0xFF : b[at] ^ (1u << (rng() % 8)));
    }
    Reseal(&b);
    auto r = DecodeSnapshot(b, "x.idx");
    if (!r) {
      ++rejected;
      continue;
    }
    // Accepted damage (a weight, a letter mask, a name's text) must still be usable.
    auto q = r->index->PrepareQuery("Sergei Lavrov");
    r->index->Candidates(q, model::Schema::kPerson, 10);
    screen::Query sq;
    sq.names = {"Muhammad Ali Hassan"};
    screen::Screen(*r->index, sq);
  }
  EXPECT_GT(rejected, 1000);
}

TEST(SnapshotTest, LoadSnapshotReportsTheFile) {
  auto missing = LoadSnapshot("/nonexistent/x.idx");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().ToString().find("/nonexistent/x.idx"), std::string::npos);
  std::string path = ::testing::TempDir() + "/snapshot_test.idx";
  ASSERT_TRUE(WriteFileAtomic(path, SmallSnapshot()).has_value());
  auto ok = LoadSnapshot(path);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(ok->index->entities().size(), 6u);
  ASSERT_TRUE(WriteFileAtomic(path, "tiny").has_value());
  EXPECT_FALSE(LoadSnapshot(path).has_value());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace embargo::index
