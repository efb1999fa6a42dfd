// Findings for DKIM signatures that verify but leave room for abuse (docs/dkim.md lists the ids).
// Internal. Thread-safety: pure functions.
#ifndef KAKUNIN_DKIM_FINDINGS_H_
#define KAKUNIN_DKIM_FINDINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dkim/key_record.h"
#include "dkim/signature.h"
#include "kakunin/finding.h"
#include "kakunin/message.h"

namespace kakunin::dkim::internal {

struct RiskInput {
  const Signature* signature = nullptr;
  const KeyRecord* key = nullptr;
  uint64_t canonical_body_length = 0;
  const std::vector<mime::HeaderField>* fields = nullptr;
  const std::vector<std::string>* from_domains = nullptr;
};

// The findings for a signature that verified: dkim.body_length_limited,
// dkim.header_injection, dkim.header_not_signed, dkim.not_aligned, dkim.testing_key.
std::vector<Finding> RiskFindings(const RiskInput& in);

// Simple organizational-domain alignment: the domains are equal or one is a subdomain of the
// other. (DMARC's own check, with the Public Suffix List, lives in dmarc/.)
bool DomainsAligned(const std::string& a, const std::string& b);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_FINDINGS_H_
