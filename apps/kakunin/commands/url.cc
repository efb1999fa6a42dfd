// kakunin url: "where does this link really go?" for URLs given on the command line.
// kakunin links: the same for every link of one message.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/file.h"
#include "cli.h"
#include "kakunin/brands.h"
#include "kakunin/links.h"
#include "kakunin/message.h"
#include "kakunin/url.h"

namespace kakunin::cli {
namespace {

struct UrlFlags {
  std::string base;
  std::string format = "text";
  std::string lang = "en";
  std::string psl;
  std::vector<std::string> urls;
  std::string file;
};

// The brand registry feeds the lookalike and mismatch checks: a brand's mail and link domains.
const links::BrandList& Brands(const url::PublicSuffixList& psl) {
  static const links::BrandList list = [&psl] {
    links::BrandList b;
    for (const auto& brand : brands::BrandRegistry::Default().brands()) {
      std::vector<std::string> domains = brand.mail_domains;
      domains.insert(domains.end(), brand.link_domains.begin(), brand.link_domains.end());
      b.Add(brand.name_en, domains, psl);
    }
    return b;
  }();
  return list;
}

links::AnalyzeOptions Options(const UrlFlags& f) {
  links::AnalyzeOptions options;
  if (!f.psl.empty()) {
    auto loaded = url::PublicSuffixList::Load(f.psl);
    if (!loaded) throw Fatal("--psl: " + loaded.error().message);
    options.psl = *loaded;
  } else {
    options.psl = url::PublicSuffixList::Default();
  }
  options.brands = &Brands(*options.psl);
  return options;
}

nlohmann::json LinkJson(const links::AnalyzedLink& a) {
  nlohmann::json j;
  j["href"] = a.link.href;
  j["raw"] = a.link.raw;
  j["text"] = a.link.text;
  j["scheme"] = a.scheme;
  j["host"] = a.host;
  j["unicode_host"] = a.unicode_host;
  j["registrable_domain"] = a.registrable_domain;
  j["source"] = {{"part", a.link.part_index}, {"element", std::string(links::ElementName(a.link.element))}};
  if (!a.link.parse_error.empty()) j["parse_error"] = a.link.parse_error;
  j["findings"] = nlohmann::json::array();
  for (const auto& f : a.findings) {
    j["findings"].push_back({{"id", f.finding.id},
                             {"severity", std::string(SeverityName(f.finding.severity))},
                             {"message_en", f.finding.message_en},
                             {"message_ja", f.finding.message_ja},
                             {"evidence", f.evidence}});
  }
  return j;
}

void PrintText(const links::AnalyzedLink& a, const std::string& lang) {
  std::cout << (a.link.href.empty() ? a.link.raw : a.link.href) << "\n";
  if (a.link.element != links::Element::kA || a.link.part_index != 0 || !a.link.text.empty()) {
    std::cout << "  source:      part " << a.link.part_index << ", " << links::ElementName(a.link.element) << "\n";
  }
  if (!a.link.text.empty()) std::cout << "  text:        " << a.link.text << "\n";
  if (!a.link.parse_error.empty()) std::cout << "  not a URL:   " << a.link.parse_error << "\n";
  if (!a.scheme.empty()) std::cout << "  scheme:      " << a.scheme << "\n";
  if (!a.host.empty()) {
    std::cout << "  host:        " << a.host;
    if (a.unicode_host != a.host) std::cout << " (" << a.unicode_host << ")";
    std::cout << "\n";
    std::cout << "  registrable: " << (a.registrable_domain.empty() ? "-" : a.registrable_domain) << "\n";
  }
  for (const auto& f : a.findings) {
    std::cout << "  [" << SeverityName(f.finding.severity) << "] " << f.finding.id << ": " << f.finding.Message(lang)
              << "\n      evidence: " << f.evidence << "\n";
  }
}

void Print(const std::vector<links::AnalyzedLink>& all, const UrlFlags& f) {
  if (f.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& a : all) j.push_back(LinkJson(a));
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    for (const auto& a : all) PrintText(a, f.lang);
  }
  std::cout.flush();
}

int RunUrl(const UrlFlags& f) {
  std::optional<url::Url> base;
  if (!f.base.empty()) {
    auto parsed = url::Parse(f.base);
    if (!parsed) throw Fatal("--base: " + parsed.error().message);
    base = *parsed;
  }
  links::AnalyzeOptions options = Options(f);
  std::vector<links::AnalyzedLink> all;
  for (const auto& u : f.urls) {
    links::AnalyzedLink a = links::AnalyzeUrl(u, base ? &*base : nullptr, options);
    // Without --base, "www.amazon.co.jp/x" has no scheme: read it as a browser's address bar
    // does (http://), as mail programs also do with www. links.
    if (!base && a.link.relative && u.find("://") == std::string::npos && !u.starts_with("/") &&
        !u.starts_with("#") && !u.starts_with("?") && !u.starts_with(".")) {
      a = links::AnalyzeUrl("http://" + u, nullptr, options);
    }
    all.push_back(std::move(a));
  }
  Print(all, f);
  return kExitOk;
}

int RunLinks(const UrlFlags& f) {
  mime::Limits limits;
  auto input = base::ReadInput(f.file, limits.max_message_bytes + 1);
  if (!input) throw Fatal(input.error().message);
  auto message = mime::Message::Parse(input->bytes, limits);
  if (!message) throw Fatal((f.file == "-" ? std::string("stdin") : f.file) + ": " + message.error().message);
  Print(links::Analyze(links::Extract(*message), Options(f)), f);
  return kExitOk;
}

void AddCommon(CLI::App* cmd, UrlFlags* flags) {
  cmd->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--lang", flags->lang, "Language of the text output")->check(CLI::IsMember({"en", "ja"}));
  cmd->add_option("--psl", flags->psl, "Public Suffix List file (.dat) to use instead of Debian's");
}

}  // namespace

void RegisterUrl(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<UrlFlags>();
  CLI::App* cmd = app.add_subcommand("url", "Where does this link really go? Parses URLs as a browser does");
  AddCommon(cmd, flags.get());
  cmd->add_option("--base", flags->base, "Resolve relative URLs against this one (as <base href> does)");
  cmd->add_option("url", flags->urls, "URLs to analyse (never fetched)")->required();
  cmd->callback([flags, exit_code] { *exit_code = RunUrl(*flags); });

  auto link_flags = std::make_shared<UrlFlags>();
  CLI::App* links_cmd = app.add_subcommand("links", "List a message's links, where each really goes, and its tricks");
  AddCommon(links_cmd, link_flags.get());
  links_cmd->add_option("file", link_flags->file, "Message file (.eml), or - for stdin")->required();
  links_cmd->callback([link_flags, exit_code] { *exit_code = RunLinks(*link_flags); });
}

}  // namespace kakunin::cli
