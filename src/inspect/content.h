// The content stages of inspect: links (where each really goes) and brand claims, plus the
// facts about the sender that the verdict needs. Internal to inspect/.
#ifndef KAKUNIN_INSPECT_CONTENT_H_
#define KAKUNIN_INSPECT_CONTENT_H_

#include <string>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/inspect.h"

namespace kakunin::inspect {

// The registry's brand domains in the form the link checks take: a shared one for the shipped
// registry, else built into `scratch` (once per message, used by every stage below).
const links::BrandList& BrandListFor(const brands::BrandRegistry& registry, links::BrandList& scratch);

// The links of `message`, analysed against the brand domains. What extraction had to leave out
// (too many links, an oversized HTML part) is added to `findings`.
std::vector<links::AnalyzedLink> AnalyzeLinks(const mime::Message& message, const links::BrandList& brand_list,
                                              std::vector<Finding>& findings);

// What the From domain is, relative to the brands.
struct SenderFacts {
  std::string domain;                  // From address domain, lower-case ASCII; "" if none.
  std::string owner_brand;             // Brand id whose mail/link domain it is; "" if none.
  std::string lookalike_brand;         // Brand id it imitates (confusable, brand label inside).
  std::string lookalike_evidence;      // Which finding said so, and its evidence.
  bool mailbox_provider = false;       // gmail.com and the like: the address is a person's.
  // The brand sends from this domain but its customers have mailboxes there too (au.com,
  // icloud.com): an authenticated mail proves the domain, not that the brand wrote it.
  bool shared_mailbox = false;
};
SenderFacts ExamineSender(const mime::Message& message, const brands::BrandRegistry& registry,
                          const links::BrandList& brand_list);

}  // namespace kakunin::inspect

#endif  // KAKUNIN_INSPECT_CONTENT_H_
