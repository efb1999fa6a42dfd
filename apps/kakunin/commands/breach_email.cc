// kakunin breach email ADDRESS: is this address in a breach Have I Been Pwned knows of?
// HIBP's breachedaccount API needs the user's API key ($KAKUNIN_HIBP_API_KEY or
// $XDG_CONFIG_HOME/kakunin/hibp.conf; never argv, never printed). Without one the command
// still runs: it says how to check by hand and exits 0 with status "not_checked".
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli.h"
#include "commands/breach_email.h"
#include "kakunin/breach.h"

namespace kakunin::cli {
namespace {

struct EmailFlags {
  std::string address;
  std::string format = "text";
  std::string base_url;
  long timeout_ms = 10000;
};

// 152445165 -> "152,445,165".
std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

nlohmann::json BreachJson(const breach::AccountBreach& b) {
  return {{"name", b.name},
          {"title", b.title},
          {"domain", b.domain},
          {"breach_date", b.breach_date},
          {"added_date", b.added_date},
          {"pwn_count", b.pwn_count},
          {"data_classes", b.data_classes},
          {"is_verified", b.is_verified},
          {"is_fabricated", b.is_fabricated},
          {"is_sensitive", b.is_sensitive},
          {"is_spam_list", b.is_spam_list}};
}

void PrintJson(const std::string& address, const breach::AccountFinding& found) {
  nlohmann::json breaches = nlohmann::json::array();
  for (const auto& b : found.breaches) breaches.push_back(BreachJson(b));
  nlohmann::json j{{"address", address},
                   {"status", std::string(breach::AccountStatusName(found.status))},
                   {"breached", found.status == breach::AccountStatus::kNotChecked
                                    ? nlohmann::json(nullptr)
                                    : nlohmann::json(found.status == breach::AccountStatus::kBreached)},
                   {"count", found.breaches.size()},
                   {"breaches", breaches}};
  if (found.status == breach::AccountStatus::kNotChecked) j["manual_check"] = std::string(breach::kManualCheckUrl);
  std::cout << j.dump(2) << "\n";
}

void PrintText(const std::string& address, const breach::AccountFinding& found) {
  switch (found.status) {
    case breach::AccountStatus::kNotChecked:
      std::cout << address << ": not checked (no Have I Been Pwned API key).\n"
                << "Check by hand: open " << breach::kManualCheckUrl
                << " and enter the address (no key needed there).\n"
                << "Automated checks need an HIBP API key: set KAKUNIN_HIBP_API_KEY, or write\n"
                << "\"api_key = YOUR_KEY\" in $XDG_CONFIG_HOME/kakunin/hibp.conf (~/.config/kakunin/hibp.conf).\n";
      return;
    case breach::AccountStatus::kNotFound:
      std::cout << address << ": not found in any breach Have I Been Pwned knows of.\n";
      return;
    case breach::AccountStatus::kBreached:
      break;
  }
  size_t n = found.breaches.size();
  std::cout << address << ": in " << n << (n == 1 ? " breach" : " breaches") << " (Have I Been Pwned)\n";
  for (const auto& b : found.breaches) {
    std::cout << "  " << b.title;
    if (b.title != b.name) std::cout << " [" << b.name << "]";
    if (!b.domain.empty()) std::cout << " (" << b.domain << ")";
    std::cout << ", breached " << (b.breach_date.empty() ? "(date unknown)" : b.breach_date) << ", "
              << Grouped(b.pwn_count) << " accounts";
    if (b.is_spam_list) std::cout << ", spam list";
    if (b.is_fabricated) std::cout << ", fabricated";
    if (!b.is_verified) std::cout << ", unverified";
    std::cout << "\n";
    if (!b.data_classes.empty()) {
      std::cout << "    exposed: ";
      for (size_t i = 0; i < b.data_classes.size(); ++i) std::cout << (i ? ", " : "") << b.data_classes[i];
      std::cout << "\n";
    }
  }
  std::cout << "Change the password of each of these accounts and everywhere you reused it;\n"
            << "expect phishing that quotes these services.\n";
}

void RunEmail(const EmailFlags& f) {
  if (auto valid = breach::ValidateAccountAddress(f.address); !valid) {
    throw Fatal(f.address + ": " + valid.error().message);
  }
  auto key = breach::LoadApiKey();
  if (!key) throw Fatal(key.error().message);
  breach::AccountFinding found;  // kNotChecked
  if (key->has_value()) {
    breach::HttpAccountOptions options;
    options.base_url = breach::AccountBaseUrl(f.base_url);
    options.api_key = (*key)->value;
    options.timeout_ms = f.timeout_ms;
    auto client = breach::MakeHttpAccountClient(std::move(options));
    auto checked = breach::CheckAccount(*client, f.address);
    if (!checked) throw Fatal("breach email: " + checked.error().message);
    found = std::move(*checked);
  }
  if (f.format == "json") {
    PrintJson(f.address, found);
  } else {
    PrintText(f.address, found);
  }
}

}  // namespace

void RegisterBreachEmail(CLI::App* breach, int* exit_code) {
  auto flags = std::make_shared<EmailFlags>();
  CLI::App* email = breach->add_subcommand("email", "Is an e-mail address in a known breach? (HIBP API key needed)");
  email->add_option("address", flags->address, "The address to look up")->required();
  email->add_option("--base-url", flags->base_url,
                    "HIBP API v3 base URL (default $KAKUNIN_HIBP_API_URL, else " +
                        std::string(breach::kDefaultAccountBaseUrl) + ")");
  email->add_option("--timeout-ms", flags->timeout_ms, "Give up on HIBP after this long")
      ->capture_default_str()
      ->check(CLI::Range(100L, 600000L));
  email->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  email->footer("The API key is read from $KAKUNIN_HIBP_API_KEY or $XDG_CONFIG_HOME/kakunin/hibp.conf "
                "(api_key = KEY), never from the command line.");
  email->callback([flags, exit_code] {
    RunEmail(*flags);
    *exit_code = kExitOk;
  });
}

}  // namespace kakunin::cli
