// Resolving an extracted link's raw text into a URL. Internal. Thread-safety: pure.
#ifndef KAKUNIN_LINKS_RESOLVE_H_
#define KAKUNIN_LINKS_RESOLVE_H_

#include "kakunin/links.h"

namespace kakunin::links::internal {

// Parses link.raw against `base` (may be null) and fills href, url and parse_error.
void Resolve(Link& link, const url::Url* base);

}  // namespace kakunin::links::internal

#endif  // KAKUNIN_LINKS_RESOLVE_H_
