#include "testing/paths.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace kakunin::testing {

std::string SharedDir() {
  const char* env = std::getenv("KAKUNIN_SHARED_DIR");
  return env != nullptr && *env != '\0' ? env : KAKUNIN_DEFAULT_SHARED_DIR;
}

std::string SourceDir() {
  const char* env = std::getenv("KAKUNIN_SOURCE_DIR");
  return env != nullptr && *env != '\0' ? env : KAKUNIN_DEFAULT_SOURCE_DIR;
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kakunin::testing
