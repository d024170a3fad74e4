#include "common/testing/testdata.h"

#include <cstdlib>

namespace embargo::testing {

std::string TestDataDir() {
  if (const char* env = std::getenv("EMBARGO_TEST_DATA"); env != nullptr && *env != '\0') return env;
  return EMBARGO_TEST_DATA_DEFAULT;
}

std::string TestDataPath(const std::string& relative) { return TestDataDir() + "/" + relative; }

std::string SourceDir() {
  if (const char* env = std::getenv("EMBARGO_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
  return EMBARGO_SOURCE_DIR_DEFAULT;
}

}  // namespace embargo::testing
