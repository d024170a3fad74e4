#include "common/utf8.h"

#include <gtest/gtest.h>

namespace embargo {
namespace {

TEST(Utf8Test, ValidUtf8PassesThrough) {
  EXPECT_TRUE(IsValidUtf8("Путин"));
  EXPECT_EQ(ToUtf8("Путин"), "Путин");
}

TEST(Utf8Test, Latin1IsConverted) {
  EXPECT_FALSE(IsValidUtf8("Mu\xF1oz"));
  EXPECT_EQ(ToUtf8("Mu\xF1oz"), "Muñoz");
  EXPECT_EQ(ToUtf8("\x93quoted\x94"), "\u201Cquoted\u201D");
}

TEST(Utf8Test, RejectsOverlongAndSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
}

TEST(Utf8Test, StripsBomAndDosEof) {
  EXPECT_EQ(StripFileNoise("\xEF\xBB\xBF" "a,b\r\n\x1A"), "a,b\r\n");
}

TEST(Utf8Test, CollapseSpaces) { EXPECT_EQ(CollapseSpaces("  a \t b\n"), "a b"); }

}  // namespace
}  // namespace embargo
