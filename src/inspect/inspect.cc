#include "kakunin/inspect.h"

#include <algorithm>
#include <set>
#include <utility>

#include "inspect/actions.h"
#include "inspect/aliases.h"
#include "inspect/authentication.h"
#include "inspect/content.h"
#include "inspect/evidence.h"
#include "inspect/verdict.h"

namespace kakunin {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kGenuine: return "genuine";
    case Verdict::kSuspicious: return "suspicious";
    case Verdict::kPhishing: return "phishing";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

Report Inspect(mime::Message message, const InspectOptions& options) {
  Report report;
  report.findings = message.findings();
  report.message = std::move(message);
  report.authentication = inspect::Authenticate(report.message, options, report.findings);

  const brands::BrandRegistry& registry = options.brands ? *options.brands : brands::BrandRegistry::Default();
  links::BrandList brand_scratch;
  const links::BrandList& brand_list = inspect::BrandListFor(registry, brand_scratch);
  report.links = inspect::AnalyzeLinks(report.message, brand_list, report.findings);
  // Several links often share one trick (the same href twice): report each finding once.
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& l : report.links) {
    for (const auto& f : l.findings) {
      if (seen.insert({f.finding.id, f.finding.message_en}).second) report.findings.push_back(f.finding);
    }
  }
  report.claims = registry.ClaimsOf(report.message);
  std::stable_sort(report.claims.begin(), report.claims.end(),
                   [](const brands::BrandClaim& a, const brands::BrandClaim& b) { return a.strength > b.strength; });

  report.notice = triage::NoticeClassifier::Default().Classify(report.message);

  inspect::SenderFacts sender = inspect::ExamineSender(report.message, registry, brand_list);
  inspect::Evidence evidence = inspect::GatherEvidence(report, sender, registry);
  inspect::Decision decision = inspect::Decide(evidence);
  report.verdict = decision.verdict;
  report.reasons = std::move(decision.reasons);
  // A brand only mentioned in the body is not the brand the mail speaks for.
  if (!evidence.brand_id.empty() && (evidence.claim == inspect::ClaimStrength::kStrong || evidence.sender_is_brand)) {
    report.brand = evidence.brand_id;
  }
  const brands::Brand* brand = report.brand ? registry.FindById(*report.brand) : nullptr;
  if (report.notice.code) {
    triage::CodeOddsText odds = triage::DescribeCodeOdds(*report.notice.code, brand ? &brand->code_policy : nullptr);
    report.odds_en = std::move(odds.en);
    report.odds_ja = std::move(odds.ja);
    report.odds_over_window = odds.over_window;
  }
  if (options.aliases != nullptr) inspect::CheckAliases(report, *options.aliases, brand);
  report.actions = inspect::PlanActions(report, brand);
  return report;
}

Result<Report> InspectBytes(std::string_view bytes, const InspectOptions& options) {
  auto message = mime::Message::Parse(bytes, options.limits);
  if (!message) return tl::unexpected(message.error());
  return Inspect(std::move(*message), options);
}

}  // namespace kakunin
