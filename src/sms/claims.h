// Which brand an SMS speaks for: its sender ID, its heading, its text, its links. Internal to
// sms/. Thread-safety: pure functions.
#ifndef KAKUNIN_SMS_CLAIMS_H_
#define KAKUNIN_SMS_CLAIMS_H_

#include <optional>
#include <string>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/sms.h"

namespace kakunin::sms::internal {

// The claims of a message, in ClaimWhere order, at most one per brand and place. `text` is the
// message as given (so matches are quoted as written); `links` are its analysed links.
std::vector<Claim> FindClaims(const brands::BrandRegistry& registry, const Sender& sender, std::string_view text,
                              const std::vector<links::AnalyzedLink>& links);

// The claim the verdict is about: a look-alike spelling first, then the sender ID, the heading,
// the text (the brand named most often, then the first), a link. nullptr when there is none.
const Claim* PrimaryClaim(const std::vector<Claim>& claims);

// The brand a deceptive link imitates ("amazon-co-jp.example" imitates Amazon), read from the
// link finding, which names the brand by its English name; "" when none.
std::string ImitatedBrand(const brands::BrandRegistry& registry, const links::AnalyzedLink& link);

}  // namespace kakunin::sms::internal

#endif  // KAKUNIN_SMS_CLAIMS_H_
