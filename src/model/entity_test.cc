#include "model/entity.h"

#include <gtest/gtest.h>

namespace embargo::model {
namespace {

TEST(PartialDateTest, IsoRoundTrip) {
  for (std::string_view s : {"1952", "1952-10", "1952-10-07", "2000-02-29"}) {
    auto d = PartialDate::FromIso(s);
    ASSERT_TRUE(d.has_value()) << s;
    EXPECT_EQ(d->ToIso(), s);
  }
}

TEST(PartialDateTest, RejectsImpossibleDates) {
  for (std::string_view s : {"1952-02-31", "1900-02-29", "1952-13", "19", "abcd", "1952-1-7"}) {
    EXPECT_FALSE(PartialDate::FromIso(s).has_value()) << s;
  }
}

TEST(SchemaTest, Compatibility) {
  EXPECT_TRUE(SchemataCompatible(Schema::kPerson, Schema::kPerson));
  EXPECT_TRUE(SchemataCompatible(Schema::kLegalEntity, Schema::kCompany));
  EXPECT_TRUE(SchemataCompatible(Schema::kCompany, Schema::kOrganization));
  EXPECT_FALSE(SchemataCompatible(Schema::kPerson, Schema::kVessel));
  EXPECT_FALSE(SchemataCompatible(Schema::kPerson, Schema::kCompany));
  EXPECT_FALSE(SchemataCompatible(Schema::kLegalEntity, Schema::kAirplane));
}

TEST(IdTypeTest, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(IdType::kDuns); ++i) {
    auto t = static_cast<IdType>(i);
    EXPECT_EQ(ParseIdType(IdTypeName(t)), t);
  }
}

}  // namespace
}  // namespace embargo::model
