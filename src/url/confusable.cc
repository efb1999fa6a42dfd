// UTS #39 skeletons and script checks through ICU's uspoof.
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/uspoof.h>

#include <string>

#include "base/strings.h"
#include "kakunin/url.h"

namespace kakunin::url {
namespace {

// A checker configured once: skeletons need no checks, and CheckSpoof asks for the restriction
// level and mixed numbers. ICU documents a USpoofChecker as safe for concurrent const use.
const USpoofChecker* Checker() {
  static const USpoofChecker* checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* sc = uspoof_open(&status);
    if (U_FAILURE(status)) return static_cast<USpoofChecker*>(nullptr);
    uspoof_setChecks(sc, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS | USPOOF_INVISIBLE | USPOOF_AUX_INFO,
                     &status);
    uspoof_setRestrictionLevel(sc, USPOOF_ASCII);
    return U_SUCCESS(status) ? sc : nullptr;
  }();
  return checker;
}

RestrictionLevel FromIcu(int32_t level) {
  switch (level & USPOOF_RESTRICTION_LEVEL_MASK) {
    case USPOOF_ASCII: return RestrictionLevel::kAsciiOnly;
    case USPOOF_SINGLE_SCRIPT_RESTRICTIVE: return RestrictionLevel::kSingleScript;
    case USPOOF_HIGHLY_RESTRICTIVE: return RestrictionLevel::kHighlyRestrictive;
    case USPOOF_MODERATELY_RESTRICTIVE: return RestrictionLevel::kModeratelyRestrictive;
    case USPOOF_MINIMALLY_RESTRICTIVE: return RestrictionLevel::kMinimallyRestrictive;
    default: return RestrictionLevel::kUnrestricted;
  }
}

// Scripts of the code points in `text`, Common and Inherited left out (UTS #39 5.1).
std::vector<std::string> ScriptsOf(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), cp);
    if (cp < 0) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(cp, &status);
    if (U_FAILURE(status) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) continue;
    std::string name = uscript_getShortName(sc);
    bool seen = false;
    for (const auto& s : out) seen = seen || s == name;
    if (!seen) out.push_back(name);
  }
  return out;
}

}  // namespace

std::string Skeleton(std::string_view text) {
  const USpoofChecker* sc = Checker();
  if (sc == nullptr || !base::IsValidUtf8(text) || text.size() > (1u << 20)) return "";
  std::string out(text.size() * 3 + 16, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeletonUTF8(sc, 0, text.data(), static_cast<int32_t>(text.size()), out.data(),
                                       static_cast<int32_t>(out.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out.assign(static_cast<size_t>(n) + 1, '\0');
      continue;
    }
    if (U_FAILURE(status)) return "";
    out.resize(static_cast<size_t>(n));
    return out;
  }
  return "";
}

bool AreConfusable(std::string_view a, std::string_view b) {
  if (a == b) return false;
  std::string sa = Skeleton(a);
  return !sa.empty() && sa == Skeleton(b);
}

std::string_view RestrictionLevelName(RestrictionLevel level) {
  switch (level) {
    case RestrictionLevel::kAsciiOnly: return "ascii";
    case RestrictionLevel::kSingleScript: return "single_script";
    case RestrictionLevel::kHighlyRestrictive: return "highly_restrictive";
    case RestrictionLevel::kModeratelyRestrictive: return "moderately_restrictive";
    case RestrictionLevel::kMinimallyRestrictive: return "minimally_restrictive";
    case RestrictionLevel::kUnrestricted: return "unrestricted";
  }
  return "unrestricted";
}

SpoofInfo CheckSpoof(std::string_view text) {
  SpoofInfo info;
  info.scripts = ScriptsOf(text);
  info.mixed_script = info.scripts.size() > 1;
  const USpoofChecker* sc = Checker();
  if (sc == nullptr || !base::IsValidUtf8(text) || text.size() > (1u << 20)) {
    info.restriction = RestrictionLevel::kUnrestricted;
    return info;
  }
  UErrorCode status = U_ZERO_ERROR;
  USpoofCheckResult* result = uspoof_openCheckResult(&status);
  uspoof_check2UTF8(sc, text.data(), static_cast<int32_t>(text.size()), result, &status);
  if (U_SUCCESS(status)) {
    int32_t checks = uspoof_getCheckResultChecks(result, &status);
    info.restriction = FromIcu(uspoof_getCheckResultRestrictionLevel(result, &status));
    info.mixed_numbers = (checks & USPOOF_MIXED_NUMBERS) != 0;
    info.invisible = (checks & USPOOF_INVISIBLE) != 0;
  } else {
    info.restriction = RestrictionLevel::kUnrestricted;
  }
  uspoof_closeCheckResult(result);
  return info;
}

}  // namespace kakunin::url
