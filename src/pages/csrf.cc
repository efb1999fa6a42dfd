// The form token and the checks on every POST. Attacker input: the headers and the form field
// (compared only, never echoed); the token comparison takes constant time.
#include "pages/csrf.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdlib>

#include "base/strings.h"

namespace kakunin::pages::internal {

std::string NewCsrfToken() {
  unsigned char bytes[kTokenBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();  // No randomness: refuse to serve forms.
  return base::HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool IsCsrfToken(std::string_view s) {
  if (s.size() != 2 * kTokenBytes) return false;
  for (char c : s) {
    if (!base::IsAsciiDigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

std::string RefusePost(const PostFacts& facts) {
  // Forms send this type; anything else (JSON, multipart) is not one of our forms.
  if (!base::StartsWithIgnoreCase(facts.content_type, "application/x-www-form-urlencoded")) return "content-type";
  // Fetch metadata (sent by every current browser): only our own pages may post here.
  if (!facts.sec_fetch_site.empty() && facts.sec_fetch_site != "same-origin") return "sec-fetch-site";
  // Origin names the page that posted; behind a TLS proxy the scheme is https, so the host decides.
  if (!facts.origin.empty() && facts.origin != "null") {
    std::string_view host = facts.origin;
    if (host.starts_with("https://")) {
      host.remove_prefix(8);
    } else if (host.starts_with("http://")) {
      host.remove_prefix(7);
    } else {
      return "origin";
    }
    if (facts.host.empty() || !base::EqualsIgnoreCase(host, facts.host)) return "origin";
  }
  if (!IsCsrfToken(facts.cookie_token) || facts.form_token.size() != facts.cookie_token.size() ||
      CRYPTO_memcmp(facts.form_token.data(), facts.cookie_token.data(), facts.cookie_token.size()) != 0) {
    return "token";
  }
  return "";
}

}  // namespace kakunin::pages::internal
