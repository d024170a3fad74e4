// Test support: where the real lists live. Tests read ../shared/data (the default
// compiled in from CMake) unless EMBARGO_TEST_DATA points elsewhere. Missing data is a
// test failure with a message, never a silent skip.
#ifndef EMBARGO_COMMON_TESTDATA_H_
#define EMBARGO_COMMON_TESTDATA_H_

#include <string>

namespace embargo::testing {

// Root folder of the real list data (no trailing slash).
std::string TestDataDir();

// TestDataDir() + "/" + relative.
std::string TestDataPath(const std::string& relative);

// Root of the embargo source tree (for fixtures under tests/data and fuzz/corpus).
std::string SourceDir();

}  // namespace embargo::testing

#endif  // EMBARGO_COMMON_TESTDATA_H_
