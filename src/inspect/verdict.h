// The verdict policy (docs/verdicts.md): evidence in, verdict and decisive reasons out. It never
// looks at message bytes; every input is a fact an earlier stage established. Internal to
// inspect/. Thread-safety: pure function.
#ifndef KAKUNIN_INSPECT_VERDICT_H_
#define KAKUNIN_INSPECT_VERDICT_H_

#include <optional>
#include <string>
#include <vector>

#include "kakunin/inspect.h"

namespace kakunin::inspect {

enum class ClaimStrength { kNone, kWeak, kStrong };
enum class AuthState { kAuthenticated, kFailed, kUnverifiable };

struct Evidence {
  std::string brand_id;  // The claimed brand; "" when none.
  std::string brand_name;
  ClaimStrength claim = ClaimStrength::kNone;
  std::string claim_text;  // What the mail says ("Amazon.co.jp" in the display name).
  std::string claim_where;     // "sender name", "subject", ...
  std::string claim_where_ja;  // "差出人名", "件名", ...

  std::string sender_domain;
  bool sender_is_brand = false;  // From domain is one of the claimed brand's domains.
  bool sender_shared_mailbox = false;  // ... but one where its customers have mailboxes too.
  std::string lookalike_brand;   // Brand id the From domain imitates, if any.
  std::string lookalike_evidence;

  AuthState auth = AuthState::kUnverifiable;
  std::string auth_reason_id;  // "dmarc.pass", "dmarc.fail", "dkim.fail", ...
  std::string auth_detail;
  std::string auth_detail_ja;

  std::vector<Reason> deceptive_links;  // link.* findings that deceive, with the link.
  std::vector<std::string> off_brand_hosts;  // Hosts of links that leave the claimed brand.
  std::vector<Reason> risky_auth;       // dkim.body_length_limited, dkim.header_injection.
  bool lure_notice = false;             // The text reads like a lure (locked account, payment...).
};

struct Decision {
  Verdict verdict = Verdict::kUnknown;
  std::vector<Reason> reasons;
  int rule = 0;  // Row of the table in docs/verdicts.md that decided.
};

Decision Decide(const Evidence& e);

}  // namespace kakunin::inspect

#endif  // KAKUNIN_INSPECT_VERDICT_H_
