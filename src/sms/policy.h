// The SMS verdict policy (docs/sms.md): facts in, verdict and decisive reasons out. It never
// reads the message; every input is something an earlier stage established. Internal to sms/.
// Thread-safety: pure functions.
#ifndef KAKUNIN_SMS_POLICY_H_
#define KAKUNIN_SMS_POLICY_H_

#include <string>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/sms.h"

namespace kakunin::sms::internal {

struct Evidence {
  std::string brand_id;  // The brand the text speaks for, or the one a link imitates; "" if none.
  std::string brand_name;
  std::string brand_name_ja;
  bool claimed = false;       // The text or sender ID names the brand (not only a link).
  bool strong_claim = false;  // In the sender ID or the heading.
  bool lookalike = false;     // A look-alike spelling of the brand's name.
  std::string claim_text;
  ClaimWhere claim_where = ClaimWhere::kText;

  std::vector<Reason> deceptive_links;  // link.* findings that deceive, with the link.
  std::vector<std::string> off_brand_hosts;   // Web links to sites no brand owns (or anyone can publish on).
  std::vector<std::string> shortened_hosts;   // Shortener links that are not the brand's own.
  size_t own_links = 0;    // Web links on the brand's own domains.
  size_t other_links = 0;  // Web links on another registry brand's domains.

  triage::NoticeKind kind = triage::NoticeKind::kOther;
  bool lure = false;            // account locked, payment problem, delivery problem, prize.
  bool code_notice = false;     // sign-in code, address/phone verification, password reset.
  bool account_notice = false;  // sign-in alert, account change.
  std::vector<Request> requests;
};

// Gathers the facts from a report whose links, claims, notice and requests are set.
Evidence GatherEvidence(const Report& report, const brands::BrandRegistry& registry);

struct Decision {
  Verdict verdict = Verdict::kUnknown;
  int rule = 0;  // Row of docs/sms.md's table.
  std::vector<Reason> reasons;
};

Decision Decide(const Evidence& e);

// What to do now, per verdict and notice kind, with the brand's own addresses where the registry
// knows them. `brand` may be null.
std::vector<Action> PlanActions(const Report& report, const Evidence& e, const brands::Brand* brand);

}  // namespace kakunin::sms::internal

#endif  // KAKUNIN_SMS_POLICY_H_
