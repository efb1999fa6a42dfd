// The audit log: one JSON line per event in the node's file, and the same entry in the central
// store when there is one (several nodes); a central failure is noted in the file, never lost.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "service/files.h"

namespace kakunin::service {
namespace {

class RecordingAudit : public store::AuditStore {
 public:
  Result<void> AppendAudit(int64_t time, std::string_view event, std::string_view json) override {
    if (fail) return Fail(ErrorCode::kIo, "postgres: server closed the connection");
    entries.push_back({time, std::string(event), std::string(json)});
    return {};
  }
  struct Entry {
    int64_t time;
    std::string event;
    std::string json;
  };
  std::vector<Entry> entries;
  bool fail = false;
};

std::vector<nlohmann::json> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(AuditLogTest, EntriesGoToTheFileAndTheCentralStoreAndACentralFailureIsNoted) {
  const std::string path = (std::filesystem::temp_directory_path() / ("audit-" + std::to_string(getpid()) + ".jsonl")).string();
  std::filesystem::remove(path);
  RecordingAudit central;
  {
    AuditLog log(path, &central);
    ASSERT_TRUE(log.Write(100, "login_failed", {{"ip", "192.0.2.1"}}).has_value());
    central.fail = true;
    ASSERT_TRUE(log.Write(101, "signup_requested", nlohmann::json::object()).has_value());
  }
  ASSERT_EQ(central.entries.size(), 1u);
  EXPECT_EQ(central.entries[0].time, 100);
  EXPECT_EQ(central.entries[0].event, "login_failed");
  EXPECT_EQ(nlohmann::json::parse(central.entries[0].json)["ip"], "192.0.2.1");
  const auto lines = ReadLines(path);
  ASSERT_EQ(lines.size(), 3u);  // Both entries, and the note about the second one.
  EXPECT_EQ(lines[0]["event"], "login_failed");
  EXPECT_EQ(lines[1]["event"], "signup_requested");
  EXPECT_EQ(lines[2]["event"], "audit_central_failed");
  EXPECT_EQ(lines[2]["entry_event"], "signup_requested");
  std::filesystem::remove(path);
}

TEST(AuditLogTest, WithoutACentralStoreOnlyTheFileIsWritten) {
  const std::string path = (std::filesystem::temp_directory_path() / ("audit1-" + std::to_string(getpid()) + ".jsonl")).string();
  std::filesystem::remove(path);
  {
    AuditLog log(path);
    ASSERT_TRUE(log.Write(5, "account_created", {{"account", 1}}).has_value());
  }
  const auto lines = ReadLines(path);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["time"], 5);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace kakunin::service
