// Test helpers: temporary folders, files, and running the kakunin program as a child process.
#ifndef KAKUNIN_TESTS_SCAN_CHILD_H_
#define KAKUNIN_TESTS_SCAN_CHILD_H_

#include <sys/types.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace kakunin::scan::testing {

// A fresh folder under $TMPDIR, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& bytes);
// The corpus messages (tests/corpus/*.eml), sorted by name.
std::vector<std::string> CorpusFiles();

struct ChildResult {
  int exit_code = -1;  // -1 when killed by a signal.
  std::string out;
  std::string err;
};

// Runs `args` (args[0] is the program) with `env` added to the environment ("NAME=value"), in
// a new session without a controlling terminal.
// `on_stdout_line` (optional) is called for each stdout line as it arrives, with the child's
// pid, so a test can signal the child mid-run.
ChildResult RunChild(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                     const std::function<void(pid_t, const std::string&)>& on_stdout_line = nullptr);

// Parses each line of `out` as JSON (a kakunin scan --format jsonl output); throws on a bad line.
std::vector<nlohmann::json> JsonLines(const std::string& out);

}  // namespace kakunin::scan::testing

#endif  // KAKUNIN_TESTS_SCAN_CHILD_H_
