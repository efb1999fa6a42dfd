// kakunin scan: every message of a mailbox (mbox, Maildir, .eml folder, IMAP) -> a summary of
// verdicts, or one JSON line per message. docs/scan.md.
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <fcntl.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analysis_flags.h"
#include "base/strings.h"
#include "cli.h"
#include "kakunin/report.h"
#include "kakunin/scan.h"

namespace kakunin::cli {
namespace {

// Set by SIGINT; read by the scanner, the IMAP transfer and the progress thread.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "used from a signal handler");

extern "C" void OnSigint(int) {
  // A second Ctrl-C means "now": the default action.
  if (g_stop.exchange(true)) {
    ::signal(SIGINT, SIG_DFL);
    ::raise(SIGINT);
  }
}

struct ScanFlags {
  std::string input;
  std::string format = "text";
  std::vector<std::string> only;
  unsigned threads = 0;
  std::string cacert;
  bool no_progress = false;
  AnalysisFlags analysis;
};

Verdict VerdictFromName(std::string_view name) {
  for (Verdict v : {Verdict::kGenuine, Verdict::kSuspicious, Verdict::kPhishing, Verdict::kUnknown}) {
    if (VerdictName(v) == name) return v;
  }
  throw Fatal("--only: unknown verdict " + std::string(name));
}

bool IsImapUrl(std::string_view input) { return input.starts_with("imaps://") || input.starts_with("imap://"); }

// The password from KAKUNIN_IMAP_PASSWORD, else asked on the terminal without echo. Never from
// argv: that shows in the process list.
std::string ImapPassword(const std::string& url) {
  if (const char* env = std::getenv("KAKUNIN_IMAP_PASSWORD"); env != nullptr) return env;
  int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) throw Fatal("IMAP: no password: set KAKUNIN_IMAP_PASSWORD or run on a terminal");
  std::string prompt = "Password for " + base::Printable(url) + ": ";
  (void)!::write(tty, prompt.data(), prompt.size());
  termios saved{};
  bool echo_off = ::tcgetattr(tty, &saved) == 0;
  if (echo_off) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  std::string password;
  char c = 0;
  while (::read(tty, &c, 1) == 1 && c != '\n' && c != '\r') password.push_back(c);
  if (echo_off) ::tcsetattr(tty, TCSAFLUSH, &saved);
  (void)!::write(tty, "\n", 1);
  ::close(tty);
  return password;
}

// The summary's language: --lang, or for "auto" the locale's.
std::string SummaryLanguage(const std::string& flag) {
  if (flag != "auto") return flag;
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return std::string_view(v).starts_with("ja") ? "ja" : "en";
  }
  return "en";
}

// A one-line progress bar on stderr (a terminal), redrawn a few times a second.
class ProgressBar {
 public:
  ProgressBar(const scan::Progress& progress, uint64_t total, bool bytes)
      : progress_(progress), total_(total), bytes_(bytes), start_(std::chrono::steady_clock::now()) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~ProgressBar() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    std::lock_guard lock(io_);
    std::fputs("\r\033[K", stderr);
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Prints a line above the bar.
  void Print(const std::string& line) {
    std::lock_guard lock(io_);
    std::fprintf(stderr, "\r\033[K%s\n", line.c_str());
  }

 private:
  void Loop() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return done_; })) Draw();
  }

  void Draw() {
    uint64_t messages = progress_.messages.load(std::memory_order_relaxed);
    uint64_t units = progress_.units.load(std::memory_order_relaxed);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double rate = elapsed > 0 ? static_cast<double>(messages) / elapsed : 0;
    std::string line;
    if (total_ > 0) {
      double fraction = std::min(1.0, static_cast<double>(units) / static_cast<double>(total_));
      constexpr int kWidth = 24;
      int filled = static_cast<int>(fraction * kWidth);
      line = "[" + std::string(static_cast<size_t>(filled), '#') + std::string(static_cast<size_t>(kWidth - filled), '.') + "] ";
      char buf[160];
      std::snprintf(buf, sizeof buf, "%3.0f%%  %llu msgs  %.0f msg/s", fraction * 100,
                    static_cast<unsigned long long>(messages), rate);
      line += buf;
      if (units > 0 && fraction < 1) {
        auto eta = static_cast<long long>(elapsed * (static_cast<double>(total_ - std::min(units, total_)) / static_cast<double>(units)));
        std::snprintf(buf, sizeof buf, "  ETA %lld:%02lld", eta / 60, eta % 60);
        line += buf;
      }
      if (!bytes_) {
        std::snprintf(buf, sizeof buf, "  (of %llu)", static_cast<unsigned long long>(total_));
        line += buf;
      }
    } else {
      char buf[120];
      std::snprintf(buf, sizeof buf, "%llu msgs  %.0f msg/s", static_cast<unsigned long long>(messages), rate);
      line = buf;
    }
    if (g_stop.load(std::memory_order_relaxed)) line += "  stopping...";
    std::lock_guard io(io_);
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
  }

  const scan::Progress& progress_;
  const uint64_t total_;
  const bool bytes_;
  const std::chrono::steady_clock::time_point start_;
  std::mutex mu_, io_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

int RunScan(const ScanFlags& f) {
  std::vector<Verdict> only;
  for (const auto& name : f.only) only.push_back(VerdictFromName(name));
  auto analysis = OpenAnalysisOrFail(f.analysis, /*open_aliases=*/false);

  std::unique_ptr<scan::Source> source;
  if (IsImapUrl(f.input)) {
    scan::ImapOptions imap;
    imap.url = f.input;
    imap.ca_file = f.cacert;
    imap.max_message_bytes = f.analysis.max_size;
    imap.stop = &g_stop;
    if (f.input.starts_with("imap://")) {
      std::cerr << "kakunin: warning: imap:// sends the password and the mail unencrypted; use imaps://\n";
    }
    // Checked before asking for a password, so a typo is not met with a prompt.
    if (f.input.find('@') == std::string::npos) throw Fatal("IMAP URL: no user name: imaps://USER@HOST/MAILBOX");
    imap.password = ImapPassword(f.input);
    auto opened = scan::OpenImap(imap);
    if (!opened) throw Fatal(opened.error().message);
    source = std::move(*opened);
  } else {
    if (!f.cacert.empty()) throw Fatal("--cacert is for imaps:// URLs");
    auto opened = scan::OpenPath(f.input, scan::SourceOptions{f.analysis.max_size});
    if (!opened) throw Fatal(opened.error().message);
    source = std::move(*opened);
  }

  scan::ScanOptions options;
  options.inspect = analysis->options;
  options.aliases_db = analysis->aliases_path;
  options.threads = f.threads;
  options.list = only;
  options.stop = &g_stop;

  const bool jsonl = f.format == "jsonl";
  const bool show_progress = !f.no_progress && ::isatty(STDERR_FILENO) == 1;
  scan::Progress progress;
  std::optional<ProgressBar> bar;
  if (show_progress) bar.emplace(progress, source->total(), source->kind() == scan::SourceKind::kMbox);
  auto warn = [&](const std::string& line) {
    if (bar) {
      bar->Print(line);
    } else {
      std::cerr << line << "\n";
    }
  };

  struct sigaction action {};
  action.sa_handler = OnSigint;
  ::sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  struct sigaction previous {};
  ::sigaction(SIGINT, &action, &previous);

  auto on_outcome = [&](const scan::Outcome& o) {
    if (o.error != nullptr) {
      warn("kakunin: skipped " + base::Printable(scan::LocationText(*o.location)) + ": " +
           base::Printable(o.error->message));
      if (jsonl) {
        nlohmann::ordered_json error = {{"code", ErrorCodeName(o.error->code)}, {"message", o.error->message}};
        std::string line = "{\"location\":" + scan::LocationJson(*o.location) + ",\"error\":" +
                            error.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "}\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
      }
      return;
    }
    if (!jsonl) return;
    if (!only.empty() && std::find(only.begin(), only.end(), o.report->verdict) == only.end()) return;
    std::string line = "{\"location\":" + scan::LocationJson(*o.location) +
                       ",\"report\":" + report::RenderJsonLine(*o.report) + "}\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    // One line at a time, so a consumer (jq, a pipeline) sees each message as it is judged.
    std::fflush(stdout);
  };
  auto summary = scan::Scan(*source, options, on_outcome, &progress);
  bar.reset();
  ::sigaction(SIGINT, &previous, nullptr);
  if (!summary) throw Fatal(summary.error().message);

  std::string text = scan::RenderSummaryText(*summary, SummaryLanguage(f.analysis.lang));
  // JSON Lines keep stdout for the records; the summary goes to stderr.
  std::fputs(text.c_str(), jsonl ? stderr : stdout);
  std::fflush(stdout);
  if (summary->source_error) {
    std::cerr << "kakunin: " << base::Printable(summary->source_error->message) << "\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

void RegisterScan(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* cmd = app.add_subcommand("scan", "Inspect every message of a mailbox (mbox, Maildir, .eml folder, IMAP)");
  cmd->add_option("--format", flags->format, "text: a summary; jsonl: one JSON line per message (docs/json.md)")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("--only", flags->only,
                  "Verdicts to output (jsonl) or list in the summary (text; default phishing), comma-separated")
      ->delimiter(',')
      ->check(CLI::IsMember({"phishing", "suspicious", "genuine", "unknown"}));
  cmd->add_option("--threads", flags->threads, "Worker threads (default: one per core)")->check(CLI::Range(1u, 1024u));
  cmd->add_option("--cacert", flags->cacert, "IMAP: trust this CA certificate file (a self-signed server)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-progress", flags->no_progress, "No progress bar on a terminal");
  AddAnalysisFlags(cmd, flags->analysis);
  cmd->add_option("mailbox", flags->input,
                  "mbox file, Maildir, folder of .eml files, or imaps://USER@HOST/MAILBOX (password: prompt or KAKUNIN_IMAP_PASSWORD)")
      ->required();
  cmd->callback([flags, exit_code] { *exit_code = RunScan(*flags); });
}

}  // namespace kakunin::cli
