// Where tests find their data: ../shared (third-party suites, corpus) and this repository.
#ifndef KAKUNIN_TESTS_TESTING_PATHS_H_
#define KAKUNIN_TESTS_TESTING_PATHS_H_

#include <string>
#include <string_view>

namespace kakunin::testing {

// $KAKUNIN_SHARED_DIR, else the folder configured at build time (../shared beside the repo).
std::string SharedDir();
// $KAKUNIN_SOURCE_DIR, else the repository root configured at build time.
std::string SourceDir();
// The whole file; fails the current test (and returns "") if it cannot be read.
std::string ReadFileOrDie(const std::string& path);

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_TESTING_PATHS_H_
